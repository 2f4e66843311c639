/**
 * USB re-find logic needs vendor/product ids and a port whose name changes, which ptys cannot
 * give: serialport's own mock binding can. Opened ports are captured to play the scanner's side.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { ScannerService, type BindingInterface } from '../../src/main/scanners';
import type { PortInfo } from '../../src/main/scanners/binding-types';
import { BridgeError, type SerialScannerConfig } from '../../src/shared/bridge/contract';
import { record, waitFor } from './serial-events';

const mock = SerialPortMock.binding;
type OpenedPort = Awaited<ReturnType<typeof mock.open>>;
const HONEYWELL = { vendorId: '0c2e', productId: '0b61' };

let opened: OpenedPort[];
let serials: Record<string, string>;
let service: ScannerService;

/** The mock binding, recording every port it opens and reporting chosen USB serial numbers. */
const binding: BindingInterface = {
  list: async () => (await mock.list()).map((p: PortInfo) => ({ ...p, serialNumber: serials[p.path] ?? p.serialNumber })),
  open: async (options: Parameters<typeof mock.open>[0]) => {
    const port = await mock.open(options);
    opened.push(port);
    return port;
  },
};

const cfg = (c: Partial<SerialScannerConfig> & { id: string }) => c as SerialScannerConfig;
const lastOpen = () => opened.at(-1) as OpenedPort;

beforeEach(() => {
  mock.reset();
  opened = [];
  serials = {};
  service = new ScannerService({ binding, pollIntervalMs: 1000 });
});
afterEach(async () => {
  await service.close();
});

describe('serial scanner found by USB ids (mock binding)', () => {
  it('lists ports with USB ids and nulls for what is unknown', async () => {
    mock.createPort('/dev/ttyACM0', { ...HONEYWELL, manufacturer: 'Honeywell' });
    mock.createPort('/dev/ttyS0', { manufacturer: undefined as unknown as string });
    const ports = await service.listPorts();
    expect(ports[0]).toEqual({ path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', serialNumber: '1', manufacturer: 'Honeywell' });
    expect(ports[1]).toMatchObject({ path: '/dev/ttyS0', vendorId: null, productId: null, manufacturer: null });
  });

  it('re-finds the scanner under a new port name after an unplug with no close event', async () => {
    mock.createPort('/dev/ttyACM0', HONEYWELL);
    const rec = record(service);
    const [s] = await service.configure([cfg({ id: 'counter', ...HONEYWELL })]);
    expect(s).toMatchObject({ state: 'open', path: '/dev/ttyACM0' });
    const first = lastOpen();
    first.emitData('BEFORE\r\n');
    await waitFor(() => rec.scans.length === 1);

    // Unplug: the device leaves the OS list, but the open port never reports a close.
    mock.reset();
    await waitFor(() => rec.lastState('counter') === 'missing', 2500, 'missing');
    expect(first.isOpen).toBe(false);

    // Replug: same scanner, new name (a new COM number on Windows).
    mock.createPort('/dev/ttyACM1', HONEYWELL);
    const took = await waitFor(() => rec.lastState('counter') === 'open', 3000, 'reopen');
    expect(took).toBeLessThan(3000);
    expect(service.status()[0]?.path).toBe('/dev/ttyACM1');
    lastOpen().emitData('AFTER\r\n');
    await waitFor(() => rec.scans.length === 2);
    expect(rec.texts()).toEqual(['BEFORE', 'AFTER']);
  });

  it('moves to the new name even when the replug happens between two polls', async () => {
    mock.createPort('/dev/ttyACM0', HONEYWELL);
    const rec = record(service);
    await service.configure([cfg({ id: 'counter', ...HONEYWELL })]);
    mock.reset();
    mock.createPort('/dev/ttyACM3', HONEYWELL);
    await waitFor(() => service.status()[0]?.path === '/dev/ttyACM3' && rec.lastState('counter') === 'open', 3000);
    expect(opened[0]?.isOpen).toBe(false);
  });

  it('notices a path-configured port vanish from the OS list with no close event, and reopens it', async () => {
    mock.createPort('COM3');
    const rec = record(service);
    await service.configure([cfg({ id: 'rs232', path: 'COM3' })]);
    const first = lastOpen();
    mock.reset();
    await waitFor(() => rec.lastState('rs232') === 'missing', 2500, 'missing');
    expect(first.isOpen).toBe(false);
    expect(rec.errors.map((e) => e.code)).toContain('disconnected');
    mock.createPort('COM3');
    await waitFor(() => rec.lastState('rs232') === 'open', 3000, 'reopen');
    lastOpen().emitData('OK\r');
    await waitFor(() => rec.texts().includes('OK'));
  });

  it('picks the scanner with the configured serial number among identical ones', async () => {
    mock.createPort('/dev/ttyACM0', HONEYWELL);
    mock.createPort('/dev/ttyACM1', HONEYWELL);
    serials = { '/dev/ttyACM0': 'SN-A', '/dev/ttyACM1': 'SN-B' };
    const statuses = await service.configure([
      cfg({ id: 'left', ...HONEYWELL, serialNumber: 'SN-B' }),
      cfg({ id: 'right', ...HONEYWELL, serialNumber: 'SN-A' }),
    ]);
    expect(statuses.map((s) => [s.id, s.path])).toEqual([['left', '/dev/ttyACM1'], ['right', '/dev/ttyACM0']]);
  });

  it('does not give two scanners with the same ids the same port', async () => {
    mock.createPort('/dev/ttyACM0', HONEYWELL);
    mock.createPort('/dev/ttyACM1', HONEYWELL);
    const statuses = await service.configure([cfg({ id: 'a', ...HONEYWELL }), cfg({ id: 'b', ...HONEYWELL })]);
    expect(new Set(statuses.map((s) => s.path)).size).toBe(2);
    expect(statuses.every((s) => s.state === 'open')).toBe(true);
  });

  it('waits as missing when the scanner is not plugged in, and opens it when it arrives', async () => {
    const rec = record(service);
    const [s] = await service.configure([cfg({ id: 'late', ...HONEYWELL })]);
    expect(s?.state).toBe('missing');
    mock.createPort('/dev/ttyUSB0', HONEYWELL);
    await waitFor(() => rec.lastState('late') === 'open', 3000);
  });

  it('reports busy when another program holds the port', async () => {
    mock.createPort('/dev/ttyUSB0', HONEYWELL);
    await mock.open({ path: '/dev/ttyUSB0', baudRate: 9600, lock: true });
    const [s] = await service.configure([cfg({ id: 'held', ...HONEYWELL })]);
    expect(s).toMatchObject({ state: 'busy', lastError: 'busy' });
  });
});

describe('scanner configuration', () => {
  it('keeps an unchanged scanner open, reopens a changed one and closes a removed one', async () => {
    mock.createPort('/dev/ttyUSB0');
    mock.createPort('/dev/ttyUSB1');
    await service.configure([cfg({ id: 'a', path: '/dev/ttyUSB0' }), cfg({ id: 'b', path: '/dev/ttyUSB1' })]);
    expect(opened).toHaveLength(2);
    const [a, b] = opened as [OpenedPort, OpenedPort];

    const statuses = await service.configure([cfg({ id: 'a', path: '/dev/ttyUSB0' }), cfg({ id: 'b', path: '/dev/ttyUSB1', baudRate: 115200 })]);
    expect(a.isOpen).toBe(true);
    expect(b.isOpen).toBe(false);
    expect(lastOpen().openOptions.baudRate).toBe(115200);
    expect(statuses.map((s) => s.state)).toEqual(['open', 'open']);

    await service.configure([cfg({ id: 'b', path: '/dev/ttyUSB1', baudRate: 115200 })]);
    expect(a.isOpen).toBe(false);
    expect(service.getConfig().map((c) => c.id)).toEqual(['b']);
  });

  it('fills defaults from the contract schema', async () => {
    mock.createPort('/dev/ttyUSB0');
    await service.configure([cfg({ id: 'a', path: '/dev/ttyUSB0' })]);
    expect(service.getConfig()[0]).toMatchObject({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, terminator: 'auto', maxFrame: 4096, silenceMs: 30 });
    expect(lastOpen().openOptions).toMatchObject({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, lock: true });
  });

  it('leaves a disabled scanner closed', async () => {
    mock.createPort('/dev/ttyUSB0');
    const [s] = await service.configure([cfg({ id: 'off', path: '/dev/ttyUSB0', enabled: false })]);
    expect(s?.state).toBe('disabled');
    expect(opened).toHaveLength(0);
  });

  it('rejects an invalid config or a duplicate id with a machine code, touching no port', async () => {
    mock.createPort('/dev/ttyUSB0');
    await expect(service.configure([cfg({ id: 'no target' })])).rejects.toMatchObject({ code: 'invalid-config' });
    await expect(service.configure([cfg({ id: 'x', path: '/dev/ttyUSB0' }), cfg({ id: 'x', path: '/dev/ttyUSB0' })]))
      .rejects.toBeInstanceOf(BridgeError);
    expect(opened).toHaveLength(0);
  });

  it('marks every scanner closed on close()', async () => {
    mock.createPort('/dev/ttyUSB0');
    const rec = record(service);
    await service.configure([cfg({ id: 'a', path: '/dev/ttyUSB0' })]);
    await service.close();
    expect(rec.lastState('a')).toBe('closed');
    expect(lastOpen().isOpen).toBe(false);
  });
});
