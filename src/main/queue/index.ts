/**
 * The office queue's place in the host: its configuration (`queue.json` in the host's data
 * folder, the technician console's `queue.configure`), the office LAN key (fetched from the
 * gateway once, kept in the host's SecretStore), the upload of events, mDNS, and the service's
 * restart when the configuration changes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { QueueConfig, type QueueConfigInput, type QueueSnapshot } from '../../shared/queue';
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
    try {
      config = QueueConfig.parse(JSON.parse(await readFile(file, 'utf8')));
    } catch {
      config = QueueConfig.parse({});
    }
  }

  let keyTried = 0;
  const lanKey = async (agency: string): Promise<Buffer | null> => {
    const kept = await opts.secrets.get(KEY_SECRET);
    if (kept && kept.startsWith(`${agency}:`)) return Buffer.from(kept.slice(agency.length + 1), 'base64url');
    if (Date.now() - keyTried < 5_000) return null;
    keyTried = Date.now();
    try {
      const res = await opts.gateway.request({ method: 'GET', path: '/v1/queue/key', timeoutMs: 5_000 });
      const parsed = QueueKeyResponse.safeParse(res.body);
      if (res.status !== 200 || !parsed.success || parsed.data.agency !== agency) return null;
      await opts.secrets.set(KEY_SECRET, `${agency}:${parsed.data.key}`);
      return Buffer.from(parsed.data.key, 'base64url');
    } catch {
      return null;
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
