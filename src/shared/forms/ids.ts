/** The forms of Circular 03/2025/TT-VPCP (mẫu 01–07), apart from their data so the bridge contract can name them. */
export const FORM_IDS = ['01', '02', '03', '04', '05', '06', '07'] as const;
export type FormId = (typeof FORM_IDS)[number];
