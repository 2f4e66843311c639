/**
 * The VietQR for a fee, drawn as an inline SVG from the QR matrix (`qrcode`'s `create`): no canvas,
 * no data URL, no HTML string — React builds the element, so nothing from a payload can become
 * markup, and it renders the same in Chromium, Electron and happy-dom.
 */
import { useMemo } from 'react';
import QRCode from 'qrcode';

/** EMVCo asks for a quiet zone of 4 modules around the symbol. */
const QUIET = 4;

export function qrPath(payload: string): { size: number; d: string } | null {
  try {
    const m = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
    let d = '';
    for (let y = 0; y < m.size; y += 1) {
      for (let x = 0; x < m.size; x += 1) {
        if (m.get(y, x)) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
      }
    }
    return { size: m.size + 2 * QUIET, d };
  } catch {
    return null;
  }
}

export function FeeQr({ payload, label }: { payload: string; label: string }) {
  const qr = useMemo(() => qrPath(payload), [payload]);
  if (!qr) return null;
  return (
    <svg
      className="fee-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      shapeRendering="crispEdges"
      data-testid="fee-qr"
      data-payload={payload}
    >
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}
