/**
 * The office queue's place in the host: its configuration (`queue.json` in the host's data
 * folder, the technician console's `queue.configure`), the office LAN key (fetched from the
 * gateway, kept in the host's SecretStore, fetched again hourly and after a failed handshake), the upload of events, mDNS, and the service's
 * restart when the configuration changes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PeerAddress, QueueConfig, type QueueConfigInput, type QueueSnapshot } from '../../shared/queue';
import { QueueKeyResponse } from '../../shared/protocol';
import { atomicWriteFile } from '../settings/atomic-file';
import type { LogFn } from '../settings/errors';
import type { SecretStore } from '../secrets';
import type { GatewayClient } from '../gateway-client/client';
import { QueueService, queueDir } from './service';
import { startDiscovery, type Discovery } from './discovery';

export { QueueService } from './service';

const KEY_SECRET = 'queue.lan-key';

export interface QueueHost {
  service(): QueueService;
  config(): QueueConfig;
  configure(next: QueueConfig): Promise<QueueConfig>;
  close(): Promise<void>;
}

export async function startQueue(opts: {
  dataDir: string;
  override?: QueueConfigInput;
  gateway: GatewayClient;
  secrets: SecretStore;
  log: LogFn;
  now?: () => number;
  emit(s: QueueSnapshot): void;
}): Promise<QueueHost> {
  const file = path.join(opts.dataDir, 'queue.json');
  let config: QueueConfig;
  if (opts.override) {
    config = QueueConfig.parse(opts.override);
    await atomicWriteFile(file, JSON.stringify(config, null, 2));
  } else {
    config = await readQueueConfig(file, opts.log);
  }

  let keyTried = 0;
  /** The kept key: `{agency, key, previous}` as JSON (an older host kept `agency:key`). */
  const kept = (text: string | null): { agency: string; key: string; previous: string | null } | null => {
    if (!text) return null;
    if (!text.startsWith('{')) {
      const at = text.lastIndexOf(':');
      return at > 0 ? { agency: text.slice(0, at), key: text.slice(at + 1), previous: null } : null;
    }
    try {
      const v = JSON.parse(text) as { agency?: unknown; key?: unknown; previous?: unknown };
      return typeof v.agency === 'string' && typeof v.key === 'string'
        ? { agency: v.agency, key: v.key, previous: typeof v.previous === 'string' ? v.previous : null } : null;
    } catch {
      return null;
    }
  };
  const keys = (k: { key: string; previous: string | null }) => ({
    key: Buffer.from(k.key, 'base64url'), previous: k.previous ? Buffer.from(k.previous, 'base64url') : null,
  });
  /** The office LAN key: the kept one, or the gateway's when none is kept or `refresh` asks
   * (hourly, and after a failed handshake); the kept one while the gateway cannot be reached. */
  const lanKey = async (agency: string, o: { refresh?: boolean } = {}): Promise<{ key: Buffer; previous: Buffer | null } | null> => {
    const k = kept(await opts.secrets.get(KEY_SECRET));
    const mine = k && k.agency === agency ? k : null;
    if (mine && !o.refresh) return keys(mine);
    if (Date.now() - keyTried < 5_000) return mine ? keys(mine) : null;
    keyTried = Date.now();
    try {
      const res = await opts.gateway.request({ method: 'GET', path: '/v1/queue/key', timeoutMs: 5_000 });
      const parsed = QueueKeyResponse.safeParse(res.body);
      if (res.status !== 200 || !parsed.success || parsed.data.agency !== agency) return mine ? keys(mine) : null;
      const fresh = { agency, key: parsed.data.key, previous: parsed.data.previous ?? null };
      await opts.secrets.set(KEY_SECRET, JSON.stringify(fresh));
      return keys(fresh);
    } catch {
      return mine ? keys(mine) : null;
    }
  };

  let discovery: Discovery | null = null;
  const make = (c: QueueConfig): QueueService => {
    discovery?.close();
    discovery = c.mode !== 'off' && c.mdns ? startDiscovery(opts.log) : null;
    const d = discovery;
    return new QueueService({
      dir: queueDir(opts.dataDir),
      config: c,
      identity: async () => {
        const s = await opts.gateway.status();
        return s.identity ? { device: s.identity.deviceId, agency: s.identity.agency.code } : null;
      },
      lanKey,
      upload: async (events) => {
        const res = await opts.gateway.request({ method: 'POST', path: '/v1/queue/events', body: { events }, timeoutMs: 15_000 });
        if (res.status !== 200) throw new Error(`gateway answered ${res.status}`);
      },
      discovered: (agency) => d?.hosts(agency) ?? [],
      announce: (port, info) => d?.announce(port, info),
      log: opts.log,
      ...(opts.now ? { now: opts.now } : {}),
      onChange: opts.emit,
    });
  };
  let service = make(config);
  await service.start();

  return {
    service: () => service,
    config: () => config,
    async configure(next) {
      await service.close();
      config = next;
      await atomicWriteFile(file, JSON.stringify(config, null, 2));
      service = make(config);
      await service.start();
      return config;
    },
    async close() {
      await service.close();
      discovery?.close();
    },
  };
}

/**
 * `queue.json` as kept, or the defaults when there is none or it is not JSON. A peer address an
 * older version let through (a port past 65535) is dropped with a warning, not the whole file:
 * falling back to the defaults would take the device out of the queue without a word.
 */
export async function readQueueConfig(file: string, log: LogFn): Promise<QueueConfig> {
  let raw: unknown;
  try { raw = JSON.parse(await readFile(file, 'utf8')); } catch { return QueueConfig.parse({}); }
  const whole = QueueConfig.safeParse(raw);
  if (whole.success) return whole.data;
  const peers = raw !== null && typeof raw === 'object' && Array.isArray((raw as { peers?: unknown }).peers) ? (raw as { peers: unknown[] }).peers : [];
  const kept = peers.filter((p) => PeerAddress.safeParse(p).success);
  const fixed = QueueConfig.safeParse({ ...(raw as object), peers: kept });
  log('queue.json not valid as kept', { droppedPeers: peers.length - kept.length, usable: fixed.success });
  return fixed.success ? fixed.data : QueueConfig.parse({});
}
