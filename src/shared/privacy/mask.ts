/**
 * Masking for anything a person other than the citizen may see (citizen screens, monitors, logs).
 * One copy of the rule: last digits only.
 */
export function maskCitizenId(id: string): string {
  const digits = id.replace(/\D/g, '');
  if (digits.length <= 4) return '•'.repeat(digits.length);
  return '•'.repeat(digits.length - 4) + digits.slice(-4);
}

/** Initials only: "Nguyễn Văn An" → "N. V. A." */
export function maskName(name: string): string {
  return name.trim().split(/\s+/).filter(Boolean).map((w) => `${[...w][0]!.toLocaleUpperCase('vi')}.`).join(' ');
}

export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return d.length <= 3 ? '•'.repeat(d.length) : '•'.repeat(d.length - 3) + d.slice(-3);
}

/** Replaces every 12-digit citizen ID number and 9-digit old ID in free text (for logs and bundles). */
export function redactIds(text: string): string {
  return text.replace(/(?<!\d)\d{12}(?!\d)/g, (m) => `[id:${m.slice(-2)}]`).replace(/(?<!\d)\d{9}(?!\d)/g, '[old-id]');
}
