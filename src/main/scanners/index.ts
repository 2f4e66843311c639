/**
 * Serial scanners as one service for the hosts: configure a list of scanners, receive their scans,
 * statuses and errors. Decoded text leaves only through `scan` events; nothing here logs it.
 */
import fs from 'node:fs';
import type { BindingInterface, PortInfo } from './binding-types';
import { SerialPort } from 'serialport';
import {
  BridgeError, SerialScannerConfig, type ScannerStatus, type SerialPortInfo,
} from '../../shared/bridge/contract';
import type { RawScan } from '../../shared/scan/raw-scan';
import { z } from 'zod';
import { messageFor } from './diagnosis';
import { toSerialPortInfo } from './port-finder';
import { PortSupervisor, type ScannerErrorEvent, type ScannerRawEvent } from './supervisor';

export type { BindingInterface } from './binding-types';
export type { ScannerErrorEvent, ScannerRawEvent } from './supervisor';

export interface ScannerServiceEvents {
  scan(e: RawScan): void;
  status(s: ScannerStatus): void;
  error(e: ScannerErrorEvent): void;
  raw(e: ScannerRawEvent): void;
}

export interface ScannerServiceOptions {
  /** serialport binding; the platform's native one by default, the mock binding in tests. */
  binding?: BindingInterface;
  /** How often removal and return of devices is checked (ms). 1 s keeps a replug under 3 s. */
  pollIntervalMs?: number;
  now?: () => number;
}

export type SerialScannerConfigInput = z.input<typeof SerialScannerConfig>;

type Listeners = { [K in keyof ScannerServiceEvents]: Set<ScannerServiceEvents[K]> };

function pathPresent(path: string): boolean {
  // existsSync follows symlinks: a dangling link left by a killed pty counts as absent.
  return fs.existsSync(path);
}

function resolvePath(path: string): string | null {
  try {
    return fs.realpathSync(path);
  } catch {
    return path; // Windows COM names have no file to resolve; the name itself identifies the port.
  }
}

export class ScannerService {
  private readonly binding: BindingInterface;
  private readonly pollIntervalMs: number;
  private readonly now: () => number;
  private readonly listeners: Listeners = { scan: new Set(), status: new Set(), error: new Set(), raw: new Set() };
  private supervisors = new Map<string, PortSupervisor>();
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private roundPorts: Promise<PortInfo[]> | null = null;
  private inRound = false;
  private changes: Promise<unknown> = Promise.resolve();

  constructor(opts: ScannerServiceOptions = {}) {
    this.binding = opts.binding ?? (SerialPort.binding as BindingInterface);
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  on<K extends keyof ScannerServiceEvents>(k: K, fn: ScannerServiceEvents[K]): () => void {
    const set = this.listeners[k] as Set<ScannerServiceEvents[K]>;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  async listPorts(): Promise<SerialPortInfo[]> {
    return (await this.binding.list()).map(toSerialPortInfo);
  }

  /**
   * Applies a whole new list: unchanged scanners keep their open port, others are (re)opened or
   * closed. Accepts parsed configs or raw input (defaults unfilled); each is parsed here again.
   */
  configure(configs: readonly SerialScannerConfigInput[]): Promise<ScannerStatus[]> {
    // One change at a time: two overlapping calls must not open the same port twice.
    const next = this.changes.then(() => this.apply(configs));
    this.changes = next.catch(() => undefined);
    return next;
  }

  private async apply(configs: readonly SerialScannerConfigInput[]): Promise<ScannerStatus[]> {
    const parsed = configs.map((c) => {
      const r = SerialScannerConfig.safeParse(c);
      if (!r.success) throw new BridgeError('invalid-config', `${messageFor('invalid-config')}: ${z.prettifyError(r.error)}`);
      return r.data;
    });
    const ids = new Set(parsed.map((c) => c.id));
    if (ids.size !== parsed.length) throw new BridgeError('invalid-config', `${messageFor('invalid-config')}: duplicate id`);

    const next = new Map<string, PortSupervisor>();
    const stopping: Promise<void>[] = [];
    const starting: PortSupervisor[] = [];
    for (const c of parsed) {
      const old = this.supervisors.get(c.id);
      if (old && JSON.stringify(old.config) === JSON.stringify(c)) {
        next.set(c.id, old);
      } else {
        if (old) stopping.push(old.stop());
        const sup = this.createSupervisor(c);
        next.set(c.id, sup);
        starting.push(sup);
      }
    }
    for (const [id, sup] of this.supervisors) if (!ids.has(id)) stopping.push(sup.stop());
    // Close first: a scanner that moved to another id must release its port before it is reopened.
    await Promise.all(stopping);
    this.supervisors = next;
    await Promise.all(starting.map((s) => s.start()));
    this.ensurePolling();
    return this.status();
  }

  getConfig(): SerialScannerConfig[] {
    return [...this.supervisors.values()].map((s) => s.config);
  }

  status(): ScannerStatus[] {
    return [...this.supervisors.values()].map((s) => s.status());
  }

  async close(): Promise<void> {
    await this.changes;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await this.polling?.catch(() => undefined);
    const all = [...this.supervisors.values()];
    this.supervisors = new Map();
    await Promise.all(all.map((s) => s.stop()));
  }

  private createSupervisor(config: SerialScannerConfig): PortSupervisor {
    const sup: PortSupervisor = new PortSupervisor(config, {
      binding: this.binding,
      now: this.now,
      // Within a poll round all scanners share one listing (it spawns udevadm on Linux).
      ports: () => (this.inRound ? (this.roundPorts ??= this.binding.list()) : this.binding.list()),
      pathPresent,
      resolvePath,
      claimed: () => {
        const held = new Set<string>();
        for (const other of this.supervisors.values()) {
          const p = other !== sup ? other.heldPath : null;
          if (p !== null) held.add(p);
        }
        return held;
      },
      onScan: (e) => this.emit('scan', e),
      onStatus: (s) => this.emit('status', s),
      onError: (e) => this.emit('error', e),
      onRaw: (e) => this.emit('raw', e),
      wantsRaw: () => this.listeners.raw.size > 0,
    });
    return sup;
  }

  private ensurePolling(): void {
    if (this.pollTimer || this.supervisors.size === 0) return;
    this.pollTimer = setInterval(() => {
      if (this.polling) return; // a slow port listing must not pile up rounds
      this.roundPorts = null;
      this.inRound = true;
      const ticks = [...this.supervisors.values()].map((s) => s.tick());
      this.inRound = false;
      this.polling = Promise.all(ticks)
        .then(() => undefined)
        .finally(() => {
          this.polling = null;
          this.roundPorts = null;
        });
    }, this.pollIntervalMs);
  }

  private emit<K extends keyof ScannerServiceEvents>(k: K, payload: Parameters<ScannerServiceEvents[K]>[0]): void {
    for (const fn of this.listeners[k]) {
      try {
        (fn as (p: typeof payload) => void)(payload);
      } catch (err) {
        // A faulty listener must not stop the port; its message may quote a scan, so only the type is reported.
        process.emitWarning(`scanner ${k} listener threw ${(err as Error)?.name ?? 'an error'}`);
      }
    }
  }
}
