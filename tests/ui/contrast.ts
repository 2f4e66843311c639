/** WCAG 2.1 relative luminance and contrast ratio of sRGB colours written as #rrggbb. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h ?? '0', 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The custom properties declared in each theme block of tokens.css (`:root` counts as light). */
export function themeTokens(css: string): Record<'light' | 'high-contrast', Record<string, string>> {
  const out: Record<'light' | 'high-contrast', Record<string, string>> = { light: {}, 'high-contrast': {} };
  const blocks = css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g);
  for (const [, selector, body] of blocks) {
    const theme = selector?.includes("'high-contrast'") ? 'high-contrast' : selector?.includes("'light'") ? 'light' : null;
    if (!theme || !body) continue;
    for (const [, name, value] of body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) {
      if (name && value) out[theme][name] = value.trim();
    }
  }
  return out;
}
