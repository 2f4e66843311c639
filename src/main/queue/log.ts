/**
 * This device's copy of the office queue: one append-only JSON-lines file per Vietnam day
 * (`queue/YYYY-MM-DD.jsonl`), each line one event, on disk (fdatasync) before the event is
 * acknowledged or a ticket handed out. The host writes what it issues; a member writes what the
 * host sends it before acknowledging, so a backup that takes over holds every ticket handed out.
 * A torn last line (power cut) is skipped on reading. Queue events carry no personal data (ticket
 * numbers, counters, officer ids, dossier codes).
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { QueueEvent, QueueDay } from '../../shared/queue';
import { atomicWriteFile } from '../settings/atomic-file';
import { z } from 'zod';

export const QueueMeta = z.object({
  day: QueueDay.nullable(),
  /** The highest term this device knows of for `day`. */
  term: z.number().int().min(0),
  /** The backup device the host relies on (host side), by device id. */
  backup: z.string().nullable(),
  /** Per day, how many of its events (in file order) were delivered to the gateway. */
  synced: z.record(z.string(), z.number().int().min(0)),
}).strict();
export type QueueMeta = z.infer<typeof QueueMeta>;

export class QueueLog {
  private cache = new Map<string, { events: QueueEvent[]; ids: Set<string> }>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  private file(day: string): string {
    return path.join(this.dir, `${day}.jsonl`);
  }

  /** The day's events in the order they were written (each once). */
  async read(day: string): Promise<QueueEvent[]> {
    return (await this.load(day)).events;
  }

  /** The day's events as last read or written (empty before the first read). */
  peek(day: string): QueueEvent[] {
    return this.cache.get(day)?.events ?? [];
  }

  has(day: string, id: string): boolean {
    return this.cache.get(day)?.ids.has(id) ?? false;
  }

  private async load(day: string) {
    const hit = this.cache.get(day);
    if (hit) return hit;
    let text = '';
    try {
      text = await readFile(this.file(day), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const events: QueueEvent[] = [];
    const ids = new Set<string>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let parsed;
      try { parsed = QueueEvent.safeParse(JSON.parse(line)); } catch { continue; }
      if (parsed.success && !ids.has(parsed.data.id)) { events.push(parsed.data); ids.add(parsed.data.id); }
    }
    const entry = { events, ids };
    this.cache.set(day, entry);
    return entry;
  }

  /** Appends the events this copy lacks (by id), on disk when it resolves; returns those appended. */
  append(events: readonly QueueEvent[]): Promise<QueueEvent[]> {
    const run = this.chain.then(async () => {
      const added: QueueEvent[] = [];
      const byDay = new Map<string, QueueEvent[]>();
      for (const e of events) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
      for (const [day, list] of byDay) {
        const entry = await this.load(day);
        const fresh = list.filter((e) => !entry.ids.has(e.id));
        if (fresh.length === 0) continue;
        await mkdir(this.dir, { recursive: true, mode: 0o700 });
        const fh = await open(this.file(day), 'a', 0o600);
        try {
          await fh.write(fresh.map((e) => JSON.stringify(e)).join('\n') + '\n');
          await fh.datasync();
        } finally {
          await fh.close();
        }
        for (const e of fresh) { entry.events.push(e); entry.ids.add(e.id); }
        added.push(...fresh);
      }
      return added;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async readMeta(): Promise<QueueMeta> {
    try {
      const parsed = QueueMeta.safeParse(JSON.parse(await readFile(path.join(this.dir, 'state.json'), 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      /* absent or unreadable: start afresh (the day's events are in the log) */
    }
    return { day: null, term: 0, backup: null, synced: {} };
  }

  async writeMeta(meta: QueueMeta): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await atomicWriteFile(path.join(this.dir, 'state.json'), JSON.stringify(meta));
  }
}
