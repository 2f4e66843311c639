/** `{{name}}` placeholders, as i18next writes them, filled from `params` (unknown names stay). */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) =>
    (Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole));
}
