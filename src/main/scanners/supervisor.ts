/**
 * One serial scanner's port: opens it, frames its bytes, and keeps it open across unplugs.
 * The owning service calls `tick` every poll interval; removal is noticed there even when the OS
 * sends no close event (Windows), and a returning device is found again by USB ids or by path.
 */
import type { BindingInterface, PortInfo } from './binding-types';
import { SerialPortStream } from '@serialport/stream';
import type { ScannerStatus, SerialScannerConfig } from '../../shared/bridge/contract';
import type { RawScan } from '../../shared/scan/raw-scan';
import { baudHint, classifyOpenError, messageFor, type ScannerErrorCode, type State } from './diagnosis';
import { Framer, hexDump, type FramerOutput } from './framer';
import { LineQuality } from './line-quality';
import { locatePort, usesUsbIds } from './port-finder';

export interface ScannerErrorEvent { id: string; code: ScannerErrorCode; hex?: string; at: number }
export interface ScannerRawEvent { id: string; hex: string; at: number }

export interface SupervisorDeps {
  binding: BindingInterface;
  now: () => number;
  /** The OS port list for this poll round (shared by all scanners, fetched at most once). */
  ports: () => Promise<PortInfo[]>;
  pathPresent: (path: string) => boolean;
  /** Where a path leads (a symlink's target), to notice a re-created link while the port looks open. */
  resolvePath: (path: string) => string | null;
  /** Paths other scanners hold right now. */
  claimed: () => ReadonlySet<string>;
  onScan: (e: RawScan) => void;
  onStatus: (s: ScannerStatus) => void;
  onError: (e: ScannerErrorEvent) => void;
  onRaw: (e: ScannerRawEvent) => void;
  /** False when nobody listens: hex-encoding every chunk is then wasted work. */
  wantsRaw: () => boolean;
}

/** A terminated mode with bytes this long unterminated is probably set to the wrong terminator. */
const NO_TERMINATOR_AFTER_MS = 1000;
/** After an unexpected close, look again this soon: a quick replug should not wait a full poll. */
const RETRY_AFTER_CLOSE_MS = 200;
/** Raw monitor rows are for eyes; longer chunks are cut. */
const RAW_HEX_LIMIT = 1024;

export class PortSupervisor {
  readonly config: SerialScannerConfig;
  private readonly deps: SupervisorDeps;
  private st: ScannerStatus;
  private port: SerialPortStream | null = null;
  private openedTarget: string | null = null;
  private framer: Framer;
  private readonly quality = new LineQuality();
  private silenceTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private opening: string | null = null;

  constructor(config: SerialScannerConfig, deps: SupervisorDeps) {
    this.config = config;
    this.deps = deps;
    this.framer = this.newFramer();
    this.st = {
      id: config.id, state: config.enabled ? 'connecting' : 'disabled', path: config.path ?? null,
      lastError: null, detail: null, framesOk: 0, framesBad: 0, since: deps.now(),
    };
  }

  status(): ScannerStatus {
    return { ...this.st };
  }

  /** The path this scanner holds or is opening (for the claimed set of the others). */
  get heldPath(): string | null {
    return this.port !== null ? this.st.path : this.opening;
  }

  async start(): Promise<void> {
    if (!this.config.enabled) {
      this.deps.onStatus(this.status());
      return;
    }
    this.deps.onStatus(this.status());
    await this.tick();
  }

  /** One supervision round; overlapping rounds are skipped rather than queued. */
  tick(): Promise<void> {
    if (this.stopped || !this.config.enabled) return Promise.resolve();
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.round().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    await this.inFlight?.catch(() => undefined);
    await this.detach();
    if (this.config.enabled) this.setState('closed', this.st.path, null, null);
  }

  private async round(): Promise<void> {
    // Listing ports is costly (udevadm on Linux): skip it while the open port's device node is
    // still there, since a USB device cannot change its name without leaving first.
    const openNodePresent = this.port !== null && this.st.path !== null && this.deps.pathPresent(this.st.path);
    const needList = !openNodePresent &&
      (usesUsbIds(this.config) || (this.config.path !== undefined && !this.deps.pathPresent(this.config.path)));
    let ports = needList ? await this.deps.ports().catch(() => []) : null;
    if (this.stopped) return;
    if (this.port) {
      const here = openNodePresent ? this.st.path : locatePort(this.config, ports, this.deps.pathPresent, this.deps.claimed());
      if (here === null) {
        // Gone without a close event (Windows does this on unplug): the poll is what notices.
        await this.detach();
        this.setState('missing', null, 'disconnected', messageFor('disconnected'));
        this.deps.onError({ id: this.config.id, code: 'disconnected', at: this.deps.now() });
        return;
      }
      const moved = here !== this.st.path || this.deps.resolvePath(here) !== this.openedTarget;
      if (!moved) return;
      // Same device under a new name, or a link re-created behind our back: the old fd is dead.
      await this.detach();
      if (ports === null && usesUsbIds(this.config)) ports = await this.deps.ports().catch(() => []);
      if (this.stopped) return;
    }
    const path = locatePort(this.config, ports, this.deps.pathPresent, this.deps.claimed());
    if (path === null) {
      // Keep 'disconnected' as the reason while the device stays away after an unplug.
      if (this.st.state !== 'missing') this.setState('missing', null, 'missing', messageFor('missing'));
      return;
    }
    await this.open(path);
  }

  private async open(path: string): Promise<void> {
    // Retries of a busy or missing port stay quiet; only a first open or a move says 'connecting'.
    if (this.st.state === 'connecting' || this.st.state === 'open' || this.st.state === 'baud-mismatch') {
      this.setState('connecting', path, this.st.lastError, this.st.detail);
    }
    this.opening = path;
    const c = this.config;
    const port = new SerialPortStream({
      binding: this.deps.binding, path, baudRate: c.baudRate, dataBits: c.dataBits, parity: c.parity,
      stopBits: c.stopBits, lock: true, autoOpen: false,
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      this.opening = null;
      const { state, code } = classifyOpenError(err);
      this.setState(state, state === 'missing' ? null : path, code, messageFor(code));
      return;
    }
    this.opening = null;
    if (this.stopped) {
      await closeQuietly(port);
      return;
    }
    this.port = port;
    this.openedTarget = this.deps.resolvePath(path);
    this.framer = this.newFramer();
    this.quality.reset();
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('close', () => this.onUnexpectedClose(port));
    // Read errors surface as 'close' with a disconnect error; the 'error' event must not go unheard.
    port.on('error', () => undefined);
    this.setState('open', path, null, null);
  }

  private onData(chunk: Buffer): void {
    const at = this.deps.now();
    if (this.deps.wantsRaw()) this.deps.onRaw({ id: this.config.id, hex: hexDump(chunk, RAW_HEX_LIMIT), at });
    this.quality.push(chunk);
    this.deliver(this.framer.push(chunk));
    if (this.quality.garbled && this.st.state === 'open') {
      this.setState('baud-mismatch', this.st.path, 'baud-mismatch', baudHint(this.config.baudRate));
      this.deps.onError({ id: this.config.id, code: 'baud-mismatch', hex: hexDump(chunk), at });
    }
    this.armSilenceTimer();
  }

  private deliver(outs: FramerOutput[]): void {
    for (const o of outs) {
      if (o.kind === 'frame') {
        this.st.framesOk++;
        this.deps.onScan({ source: 'serial', device: this.config.id, text: o.text, at: this.deps.now() });
        // A frame that decodes cleanly proves the line speed right again.
        if (this.st.state === 'baud-mismatch') {
          this.quality.reset();
          this.setState('open', this.st.path, null, null);
        }
      } else {
        this.st.framesBad++;
        this.st.lastError = o.code;
        this.deps.onError({ id: this.config.id, code: o.code, hex: o.hex, at: this.deps.now() });
      }
    }
  }

  private armSilenceTimer(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    if (this.framer.pending === 0 && !this.framer.discardingOverflow) return;
    if (this.config.terminator === 'none') {
      this.silenceTimer = setTimeout(() => {
        this.silenceTimer = null;
        this.deliver(this.framer.flush());
      }, this.config.silenceMs);
    } else if (this.framer.pending > 0) {
      this.silenceTimer = setTimeout(() => {
        this.silenceTimer = null;
        this.st.lastError = 'no-terminator';
        this.deps.onError({ id: this.config.id, code: 'no-terminator', at: this.deps.now() });
      }, NO_TERMINATOR_AFTER_MS);
    }
  }

  private onUnexpectedClose(port: SerialPortStream): void {
    if (port !== this.port) return; // we closed it ourselves
    this.port = null;
    this.clearTimers();
    this.setState('missing', null, 'disconnected', messageFor('disconnected'));
    this.deps.onError({ id: this.config.id, code: 'disconnected', at: this.deps.now() });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.tick();
    }, RETRY_AFTER_CLOSE_MS);
  }

  private async detach(): Promise<void> {
    const port = this.port;
    this.port = null;
    this.openedTarget = null;
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    if (port) await closeQuietly(port);
  }

  private clearTimers(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.silenceTimer = null;
    this.retryTimer = null;
  }

  private newFramer(): Framer {
    const c = this.config;
    return new Framer({ terminator: c.terminator, prefix: c.prefix, suffix: c.suffix, maxFrame: c.maxFrame });
  }

  /** Emits only real changes: a missing port polled every second must not print a line a second. */
  private setState(state: State, path: string | null, lastError: ScannerErrorCode | null, detail: string | null): void {
    const s = this.st;
    if (s.state === state && s.path === path && s.lastError === lastError && s.detail === detail) return;
    const stateChanged = s.state !== state;
    this.st = { ...s, state, path, lastError, detail, since: stateChanged ? this.deps.now() : s.since };
    this.deps.onStatus(this.status());
  }
}

async function closeQuietly(port: SerialPortStream): Promise<void> {
  port.removeAllListeners('data');
  port.removeAllListeners('close');
  if (!port.isOpen) return;
  await new Promise<void>((resolve) => port.close(() => resolve()));
}
