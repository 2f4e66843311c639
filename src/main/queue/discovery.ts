/**
 * Finding the office's queue host on the LAN by mDNS / DNS-SD (`_mot-cua-queue._tcp`), with
 * bonjour-service (docs/DEPENDENCIES.md). The host announces its port with its agency, device and
 * term in the TXT record; members list the hosts of their own agency. What it finds is only a
 * candidate address: the LAN handshake (lan.ts) still proves the office key. A LAN where
 * multicast does not pass (some office switches) falls back on the configured peers.
 */
import { Bonjour, type Browser, type Service } from 'bonjour-service';
import { MDNS_SERVICE } from '../../shared/queue';
import type { LogFn } from '../settings/errors';

export interface Discovery {
  hosts(agency: string): string[];
  announce(port: number | null, info: { agency: string; device: string; term: number }): void;
  close(): void;
}

export function startDiscovery(log: LogFn): Discovery | null {
  let bonjour: Bonjour;
  try {
    bonjour = new Bonjour({}, (err: unknown) => log('queue: mDNS error', { error: String(err) }));
  } catch (err) {
    log('queue: mDNS unavailable; configured peers only', { error: String(err) });
    return null;
  }
  let browser: Browser | null = null;
  try {
    browser = bonjour.find({ type: MDNS_SERVICE, protocol: 'tcp' });
  } catch (err) {
    log('queue: mDNS browse failed', { error: String(err) });
  }
  let published: Service | null = null;
  return {
    hosts(agency) {
      const out: string[] = [];
      for (const s of browser?.services ?? []) {
        const txt = (s.txt ?? {}) as Record<string, unknown>;
        if (txt.agency !== agency) continue;
        const ipv4 = (s.addresses ?? []).filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
        for (const a of ipv4.length ? ipv4 : s.referer ? [s.referer.address] : []) out.push(`${a}:${s.port}`);
      }
      return out;
    },
    announce(port, info) {
      if (published) { published.stop?.(); published = null; }
      if (port === null) return;
      try {
        published = bonjour.publish({
          name: `mot-cua-queue-${info.device.slice(0, 40)}`, type: MDNS_SERVICE, protocol: 'tcp', port,
          txt: { agency: info.agency, device: info.device, term: String(info.term) }, disableIPv6: true,
        });
        published.on('error', (err: unknown) => log('queue: mDNS announce failed', { error: String(err) }));
      } catch (err) {
        log('queue: mDNS announce failed', { error: String(err) });
      }
    },
    close() {
      try { browser?.stop(); bonjour.unpublishAll(); bonjour.destroy(); } catch { /* closing anyway */ }
    },
  };
}
