/**
 * The commune's fee account is valid when the domain's VietQR encoder can build a QR for it: one
 * rule for "what a bank app accepts" (BIN, account length and characters) lives in the encoder.
 */
import { encodeVietQr, type DomainErrorCode } from '../domain';

/** The encoder's error code (`bad-bin`, `bad-account`…) or null when a QR can be built. */
export function feeAccountProblem(acc: { bin: string; account: string }): DomainErrorCode | null {
  const r = encodeVietQr({ bin: acc.bin, account: acc.account });
  return r.ok ? null : r.error.code;
}

/** An account number as a bank app wants it: printed groups ("0011 0045 67890") joined; any other
 * mark (a hyphen, a dot) is left for the encoder to refuse. */
export const plainAccount = (text: string): string => text.replace(/\s+/g, '');
