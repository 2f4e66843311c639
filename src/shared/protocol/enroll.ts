/** Device enrollment, token rotation, and the device's own identity. */
import { z } from 'zod';
import { AgencyCode, IsoTime } from './dossier';
import type { ErrorCode, GatewayClientErrorCode } from './errors';

/**
 * Enrollment code as printed for a technician: 10 Crockford base32 characters in two groups
 * (`7K3QD-M9X2P`, ~50 bits). Single use, expires (24 h by default). Input is normalised by
 * `normalizeEnrollCode` (case, spaces, I/L→1, O→0) before it is sent.
 */
export const EnrollCodeText = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);

export function normalizeEnrollCode(input: string): string {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return s.length === 10 ? `${s.slice(0, 5)}-${s.slice(5)}` : s;
}

/**
 * Every way enrolling can fail: the gateway's refusals of `POST /v1/enroll` and the host gateway
 * client's own failures. The technician console explains each with what to do next.
 */
export const ENROLL_ERROR_CODES = [
  'enroll-code-invalid', 'enroll-code-expired', 'enroll-code-used', 'enroll-code-kind', 'validation',
  'rate-limited', 'protocol-version', 'network', 'timeout', 'insecure-url', 'bad-response', 'enroll-failed',
] as const satisfies readonly (ErrorCode | GatewayClientErrorCode)[];
export const EnrollErrorCode = z.enum(ENROLL_ERROR_CODES);
export type EnrollErrorCode = z.infer<typeof EnrollErrorCode>;

export const DeviceKind = z.enum(['counter', 'kiosk']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const EnrollRequest = z.object({
  code: EnrollCodeText,
  deviceName: z.string().min(1).max(100),
  kind: DeviceKind,
  appVersion: z.string().max(40),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const DeviceIdentity = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  kind: DeviceKind,
  agency: z.object({ code: AgencyCode, name: z.string() }),
  /** Counter name the enrollment code was issued for (e.g. `Quầy 1`), if any. */
  counter: z.string().nullable(),
  province: z.object({ code: z.string(), name: z.string() }),
  /** Salt for `idHashInput` (see privacy.ts). */
  idSalt: z.string(),
});
export type DeviceIdentity = z.infer<typeof DeviceIdentity>;

export const EnrollResponse = DeviceIdentity.extend({
  /** The device secret. Shown once; the gateway keeps only its SHA-256. */
  token: z.string(),
  serverTime: IsoTime,
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/**
 * Rotation: the answer carries a new token; the old one keeps working until the new one is first
 * used, so a lost answer never locks the device out.
 */
export const RotateResponse = z.object({ token: z.string(), serverTime: IsoTime });
export type RotateResponse = z.infer<typeof RotateResponse>;

/** Admin: issue an enrollment code (CLI `enroll-code`, or POST /v1/admin/enroll-codes). */
export const EnrollCodeRequest = z.object({
  agency: AgencyCode,
  /** The kind of device the code may enroll (a code for a kiosk cannot enroll a counter). */
  kind: DeviceKind.default('counter'),
  counter: z.string().min(1).max(100).optional(),
  ttlMinutes: z.number().int().min(1).max(60 * 24 * 14).optional(),
});
export const EnrollCodeResponse = z.object({ code: EnrollCodeText, kind: DeviceKind, expiresAt: IsoTime });
export type EnrollCodeResponse = z.infer<typeof EnrollCodeResponse>;

/**
 * What the province console's enrollment QR code holds, for the technician console's camera:
 * `MCK-ENROLL:1?gw=<gateway URL>&code=<code>&kind=<kind>`. Nothing secret beyond the code itself,
 * which is single use and short-lived; the gateway URL is the console's own origin.
 */
export const ENROLL_QR_PREFIX = 'MCK-ENROLL:1?';
export interface EnrollQr { gatewayUrl: string; code: string; kind: DeviceKind }

export function enrollQrText(q: EnrollQr): string {
  return `${ENROLL_QR_PREFIX}gw=${encodeURIComponent(q.gatewayUrl)}&code=${q.code}&kind=${q.kind}`;
}

/** The enrollment in a scanned text, or null when it is not one (or is malformed). */
export function parseEnrollQr(text: string): EnrollQr | null {
  const t = text.trim();
  if (!t.startsWith(ENROLL_QR_PREFIX)) return null;
  const p = new Map<string, string>();
  for (const pair of t.slice(ENROLL_QR_PREFIX.length).split('&')) {
    const i = pair.indexOf('=');
    if (i <= 0) return null;
    try {
      p.set(pair.slice(0, i), decodeURIComponent(pair.slice(i + 1)));
    } catch {
      return null;
    }
  }
  const code = normalizeEnrollCode(p.get('code') ?? '');
  const kind = DeviceKind.safeParse(p.get('kind'));
  const gw = p.get('gw') ?? '';
  if (!EnrollCodeText.safeParse(code).success || !kind.success || !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(gw)) return null;
  return { gatewayUrl: gw.replace(/\/+$/, ''), code, kind: kind.data };
}
