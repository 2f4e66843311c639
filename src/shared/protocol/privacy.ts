/**
 * How the citizen ID is hashed, one copy for kiosk and gateway. (Masking for display is
 * src/shared/privacy/mask.ts.)
 *
 * idHash = lower-case hex SHA-256 of the UTF-8 string `idHashInput(idSalt, citizenId)`, where
 * `idSalt` is the province's salt delivered at enrollment. It is an index (find a citizen's
 * dossiers by scanning the CCCD) that does not show the number to whoever reads the cache or a
 * log. It is not a secret against someone holding the salt: 12-digit numbers can be enumerated,
 * so the salt is per province and the cache stays on the device.
 */
export const idHashInput = (idSalt: string, citizenId: string): string => `${idSalt}|${citizenId}`;
