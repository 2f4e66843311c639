/** The domain core: scan codecs, dossier codes and statuses, the working-day calendar.
 * Pure TypeScript (no DOM, no Node); see docs/DOMAIN.md for the rules and their sources. */
export { CCCD_WARNINGS, CccdWarning, DOMAIN_ERROR_CODES, DomainErrorCode, describeParseError, describeWarning, domainError } from './errors';
export type { DomainError, Messages } from './errors';
export { MAX_SCAN_TEXT, normalizeScan, utf8Length } from './normalize';
export type { NormalizeResult } from './normalize';
export { analyzeScan, parseScan } from './scan';
export type { CccdScan, DossierScan, InvalidScan, ParsedScan, ScanAnalysis, ScanContext, UnknownScan, VietQrScan } from './scan';
export { looksLikeBhyt, looksLikeCccd, looksLikeMojibake, parseCccdFields } from './cccd';
export type { CccdCard, CccdParse } from './cccd';
export { compileDossierCodePattern, generateDossierCode, looksLikeDossierCode, parseDossierCode, STRICT_AGENCY } from './dossier-code';
export type { DossierCodeInput, DossierCodeParse, DossierCodePattern, DossierCodeParts, DossierCodeResult, LenientReason } from './dossier-code';
export { extractCodeFromUrl, isHttpUrl } from './dossier-url';
export type { UrlCodeCandidate } from './dossier-url';
export { crc16ccitt, parseTlv, tlv } from './emv';
export type { TlvField } from './emv';
export {
  encodeVietQr,
  isValidAmount,
  MAX_ADDITIONAL_FIELD,
  NAPAS_GUID,
  parseVietQr,
  SERVICE_ACCOUNT,
  SERVICE_CARD,
  stripDiacritics,
} from './vietqr';
export type { VietQr, VietQrEncode, VietQrInput, VietQrParse } from './vietqr';
export {
  ALLOWED_TRANSITIONS,
  canTransition,
  DOSSIER_STATUS_CODES,
  DossierStatus,
  isDossierStatus,
  isFinalStatus,
  isOverdue,
  statusLabel,
  toEpochMs,
} from './status';
export {
  dayNumberToIso,
  formatIsoDate,
  isoToDayNumber,
  isValidCivilDate,
  parseIsoDate,
  VIETNAM_OFFSET_MS,
  vietnamDayAndTime,
  vietnamInstant,
} from './dates';
export type { CivilDate } from './dates';
export { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR, lunarToSolar, solarToLunar } from './lunar';
export type { LunarDate } from './lunar';
export { defaultHolidays } from './holidays';
export type { Holiday } from './holidays';
export {
  addWorkingDays,
  computeAppointment,
  defaultCalendar,
  isWorkingDay,
  MAX_WORKING_DAYS,
  officialCalendar,
} from './working-days';
export type { HolidayCalendar, HolidayInput, OfficialSchedule } from './working-days';
