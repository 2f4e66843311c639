/**
 * Every error the domain core can report, as data: a machine code plus a Vietnamese and an
 * English message from the catalog (src/shared/messages, group `domain`; CCCD warnings in
 * `cccdWarning`). Parse failures use the same codes as the `reason` of an `invalid` scan.
 * Messages never echo the payload (it may be personal data).
 */
import { z } from 'zod';
import { localized } from '../messages/catalog';

export const DOMAIN_ERROR_CODES = [
  // Normalisation
  'scan-empty', 'scan-too-long', 'scan-not-text',
  // Citizen ID card (CCCD)
  'bhyt-card', 'too-few-fields', 'bad-id', 'bad-old-id', 'missing-name', 'bad-birth-date', 'bad-issue-date',
  'mojibake', 'control-chars',
  // Dossier code
  'bad-date', 'bad-sequence', 'bad-code', 'bad-agency', 'id-in-code',
  // VietQR
  'bad-characters', 'malformed-tlv', 'missing-crc', 'bad-crc', 'duplicate-field', 'bad-format-indicator',
  'bad-initiation', 'missing-beneficiary', 'bad-guid', 'bad-bin', 'bad-account', 'bad-service', 'bad-currency',
  'bad-amount', 'bad-country', 'bad-additional-data', 'field-too-long',
  // Dossier-code generation
  'bad-sequence-range',
] as const;
export const DomainErrorCode = z.enum(DOMAIN_ERROR_CODES);
export type DomainErrorCode = z.infer<typeof DomainErrorCode>;

/** What a CCCD's fields say about each other: the card is still read, staff are told. */
export const CCCD_WARNINGS = ['id-birth-year-mismatch', 'id-sex-mismatch', 'sex-unknown', 'birth-after-issue', 'missing-address'] as const;
export const CccdWarning = z.enum(CCCD_WARNINGS);
export type CccdWarning = z.infer<typeof CccdWarning>;

export interface Messages {
  vi: string;
  en: string;
}

export interface DomainError extends Messages {
  code: DomainErrorCode;
}

export function domainError(code: DomainErrorCode): DomainError {
  return { code, ...localized('domain', code) };
}

/** Messages for the `reason` of an `invalid` scan (or any DomainError code). */
export function describeParseError(reason: DomainErrorCode): Messages {
  return localized('domain', reason);
}

export function describeWarning(code: CccdWarning): Messages {
  return localized('cccdWarning', code);
}
