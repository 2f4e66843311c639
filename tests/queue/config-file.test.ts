/** `queue.json` as the host reads it at start: a bad peer an older version let through costs that peer, not the device's place in the queue. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readQueueConfig } from '../../src/main/queue';

let dir: string | null = null;
afterEach(async () => { if (dir) await rm(dir, { recursive: true, force: true }); dir = null; });

describe('queue.json at start', () => {
  it('keeps the role and the good peers when one peer has a port past 65535; defaults only for a file that is not JSON or absent', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'queue-conf-'));
    const file = path.join(dir, 'queue.json');
    const logged: { msg: string; data?: object }[] = [];
    const log = (msg: string, data?: object) => { logged.push({ msg, ...(data ? { data } : {}) }); };

    expect((await readQueueConfig(file, log)).mode).toBe('off');
    await writeFile(file, JSON.stringify({ mode: 'member', counter: 'Quầy 3', peers: ['192.168.1.20:47615', '192.168.1.21:99999'] }));
    const c = await readQueueConfig(file, log);
    expect(c).toMatchObject({ mode: 'member', counter: 'Quầy 3', peers: ['192.168.1.20:47615'] });
    expect(logged).toEqual([{ msg: 'queue.json not valid as kept', data: { droppedPeers: 1, usable: true } }]);

    await writeFile(file, '{ not json');
    expect((await readQueueConfig(file, log)).mode).toBe('off');
  });
});
