/** The receipt (Mẫu 01) as pure data; see receipt.ts. */
export { buildReceipt, formatDong, RECEIPT_QR_ALPHABET, vietnameseDate, vietnameseDateTime, vietnameseShortDateTime } from './receipt';
export type { Receipt, ReceiptCopy, ReceiptFee, ReceiptInput, ReceiptParty, ReceiptResult } from './receipt';
