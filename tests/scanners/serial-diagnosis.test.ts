import { describe, expect, it } from 'vitest';
import type { PortInfo } from '../../src/main/scanners/binding-types';
import { baudHint, classifyOpenError } from '../../src/main/scanners/diagnosis';
import { LineQuality } from '../../src/main/scanners/line-quality';
import { locatePort } from '../../src/main/scanners/port-finder';

const enc = new TextEncoder();

describe('line quality (baud mismatch hint)', () => {
  it('calls a line of NULs, stray controls and broken UTF-8 garbled', () => {
    const q = new LineQuality();
    // What 115200-baud text looks like when read at 9600: mostly 0x00, 0x80, 0xf8, 0xfe.
    q.push(Uint8Array.from([0x00, 0x80, 0xf8, 0xfe, 0x00, 0x78, 0x00, 0x80, 0xe0, 0x00, 0xfc, 0x06, 0x00, 0x80, 0x98, 0x00, 0x1f, 0x00]));
    expect(q.garbled).toBe(true);
  });

  it('does not judge before enough bytes arrived', () => {
    const q = new LineQuality();
    q.push(Uint8Array.from([0x00, 0xff, 0x00]));
    expect(q.garbled).toBe(false);
  });

  it('passes Vietnamese UTF-8 text and scanner separators (CR, LF, TAB, GS)', () => {
    const q = new LineQuality();
    q.push(enc.encode('079203001234|Nguyễn Thị Ánh Tuyết|Đường Lê Lợi\r\n\x1d0104012345\t'.repeat(4)));
    expect(q.ratio).toBe(0);
    expect(q.garbled).toBe(false);
  });

  it('counts a multi-byte sequence cut short as garbage', () => {
    const q = new LineQuality({ window: 8, minBytes: 1, threshold: 0.5 });
    q.push(Uint8Array.from([0xe1, 0xbb, 0x41])); // lead + one continuation, then ASCII
    expect(q.ratio).toBeCloseTo(2 / 3);
  });
});

describe('open errors become states a technician can act on', () => {
  it.each([
    ['Error Resource temporarily unavailable Cannot lock port', 'busy'],
    ['Opening COM3: Access denied', 'busy'],
    ['Port is locked cannot open', 'busy'],
    ['Error: Permission denied, cannot open /dev/ttyUSB0', 'permission'],
    ['Error: No such file or directory, cannot open /dev/ttyUSB0', 'missing'],
    ['Opening COM9: File not found', 'missing'],
    ['Error: Inappropriate ioctl for device setting custom baud rate of 9600', 'error'],
  ])('%s → %s', (message, state) => {
    expect(classifyOpenError(new Error(message)).state).toBe(state);
  });

  it('suggests the other usual baud rates', () => {
    expect(baudHint(9600)).toContain('115200');
    expect(baudHint(115200)).toContain('9600');
  });
});

describe('finding a scanner port', () => {
  const usb = (path: string, vendorId: string, productId: string, serialNumber?: string): PortInfo => ({ path, vendorId, productId, serialNumber });
  const none = () => false;

  it('finds a USB scanner by ids under a new name', () => {
    const ports = [usb('/dev/ttyACM0', '1a2b', '0001'), usb('/dev/ttyUSB3', '0c2e', '0b61')];
    expect(locatePort({ path: '/dev/ttyUSB0', vendorId: '0C2E', productId: '0B61' }, ports, none)).toBe('/dev/ttyUSB3');
  });

  it('tells two identical scanners apart by serial number, or leaves the one already held', () => {
    const ports = [usb('COM4', '0c2e', '0b61', 'A'), usb('COM7', '0c2e', '0b61', 'B')];
    expect(locatePort({ vendorId: '0c2e', productId: '0b61', serialNumber: 'B' }, ports, none)).toBe('COM7');
    expect(locatePort({ vendorId: '0c2e', productId: '0b61' }, ports, none, new Set(['COM4']))).toBe('COM7');
    expect(locatePort({ vendorId: '0c2e', productId: '0b61', serialNumber: 'C' }, ports, none)).toBeNull();
  });

  it('finds a path-only scanner by the file system or the OS list', () => {
    expect(locatePort({ path: '/tmp/x/port' }, null, (p) => p === '/tmp/x/port')).toBe('/tmp/x/port');
    expect(locatePort({ path: 'COM3' }, [{ path: 'COM3' }], none)).toBe('COM3');
    expect(locatePort({ path: 'COM3' }, [], none)).toBeNull();
  });
});
