/**
 * Which port a scanner config means right now. A USB scanner's COM number / tty name can change
 * on every replug, so when USB ids are configured they decide; the path is only a preference
 * among matching devices. A path-only config (RS-232 adapter, pseudo-terminal) means that path.
 */
import type { PortInfo } from './binding-types';
import type { SerialPortInfo, SerialScannerConfig } from '../../shared/bridge/contract';

export type PortTarget = Pick<SerialScannerConfig, 'path' | 'vendorId' | 'productId' | 'serialNumber'>;

export function toSerialPortInfo(p: PortInfo): SerialPortInfo {
  return {
    path: p.path,
    vendorId: p.vendorId ?? null,
    productId: p.productId ?? null,
    serialNumber: p.serialNumber ?? null,
    manufacturer: p.manufacturer ?? null,
  };
}

export function usesUsbIds(t: PortTarget): boolean {
  return t.vendorId !== undefined && t.productId !== undefined;
}

function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function matchesUsb(t: PortTarget, p: PortInfo): boolean {
  if (!sameId(t.vendorId, p.vendorId) || !sameId(t.productId, p.productId)) return false;
  return t.serialNumber === undefined || t.serialNumber === p.serialNumber;
}

/**
 * The path to open for `target`, or null when its device is absent.
 * @param ports the OS port list (may be null when only a path check is needed)
 * @param pathPresent whether a path exists on this machine (covers ports the OS list omits, e.g. ptys)
 * @param claimed paths other scanners hold: two identical scanners must not share one port
 */
export function locatePort(
  target: PortTarget,
  ports: readonly PortInfo[] | null,
  pathPresent: (path: string) => boolean,
  claimed: ReadonlySet<string> = new Set(),
): string | null {
  if (usesUsbIds(target)) {
    const hits = (ports ?? []).filter((p) => matchesUsb(target, p) && !claimed.has(p.path));
    if (hits.length === 0) return null;
    const preferred = hits.find((p) => p.path === target.path);
    return (preferred ?? [...hits].sort((a, b) => a.path.localeCompare(b.path))[0])?.path ?? null;
  }
  const path = target.path;
  if (path === undefined) return null;
  if (pathPresent(path)) return path;
  return ports?.some((p) => p.path === path) ? path : null;
}
