// @vitest-environment happy-dom
/**
 * The province console's queue and digitisation view: an agency admin's own agency is asked for
 * (the API edge is a stub answering what the gateway would, from statistics computed by the
 * shared `queueStats` over real events), and the figures show in Vietnamese and English.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { applyQueueEvent, emptyQueue, planQueueAction, queueStats, type QueueAction, type QueueEvent } from '../../src/shared/queue';
import { PATHS, type Scorecard } from '../../src/shared/protocol';
import { ConsoleCtx } from '../../src/renderer/province/common';
import type { ConsoleApi } from '../../src/renderer/province/api';
import { QueueFiguresPanel } from '../../src/renderer/province/QueueFiguresPanel';
import { renderUi } from '../ui/render';

const AGENCY = '000.00.01.H08';
const DAY = '2026-12-05';

function events(): QueueEvent[] {
  const s = emptyQueue(DAY);
  let clock = Date.parse(`${DAY}T01:00:00.000Z`);
  const out: QueueEvent[] = [];
  const act = (a: QueueAction): void => {
    clock += 120_000;
    const e = { id: randomUUID(), at: new Date(clock).toISOString(), day: DAY, term: 1, device: 'k', ...planQueueAction(s, a, randomUUID) } as QueueEvent;
    applyQueueEvent(s, e);
    out.push(e);
  };
  for (let i = 0; i < 4; i++) act({ action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null });
  act({ action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
  act({ action: 'serve', counter: 'Quầy 1', staffId: 'CB01', dossierCode: null });
  act({ action: 'call', counter: 'Quầy 2', staffId: 'CB02' });
  act({ action: 'skip', counter: 'Quầy 2', staffId: 'CB02' });
  return out;
}

afterEach(cleanup);

describe('province console: queue statistics and digitisation share', () => {
  it('asks for the admin\'s own agency and shows tickets, no-shows, waits, counters and the digitised share; changes the office LAN key', async () => {
    const asked: string[] = [];
    const stats = { agency: AGENCY, from: DAY, to: DAY, events: 8, ...queueStats(events(), Date.parse(`${DAY}T10:00:00Z`)) };
    const card: Scorecard = { from: DAY, to: DAY, agencies: [{ agency: AGENCY, dossiers: 8, digitised: 6, share: 0.75 }], serverTime: new Date().toISOString() };
    const api = {
      onUnauthorized: null, setCsrf: () => undefined, raw: async () => new Response(''), post: async () => ({}),
      get: async (path: string) => { asked.push(path); return (path.startsWith(PATHS.adminScorecard) ? card : stats) as never; },
    } as unknown as ConsoleApi;
    const session = { username: 'admin-h08', role: 'agency-admin', agency: AGENCY, csrfToken: 'x', expiresAt: new Date().toISOString() } as never;
    for (const lang of ['vi', 'en'] as const) {
      renderUi(<ConsoleCtx.Provider value={{ api, session }}><QueueFiguresPanel /></ConsoleCtx.Provider>, lang);
      await waitFor(() => expect(screen.getByTestId('pc-queue-tickets').textContent).toBe('4'));
      expect(screen.getByTestId('pc-queue-noshows').textContent).toBe('1');
      // Issued every 2 minutes, first call 8 min after the first ticket, the next 10 min after the second.
      expect(screen.getByTestId('pc-queue-wait').textContent).toBe(lang === 'vi' ? '8,0 phút / 10,0 phút' : '8.0 min / 10.0 min');
      expect(screen.getAllByTestId('pc-queue-counter').map((r) => r.textContent)).toEqual([expect.stringContaining('Quầy 1'), expect.stringContaining('Quầy 2')]);
      expect(screen.getByTestId('pc-digitised-share').textContent).toMatch(/75/);
      expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(lang === 'vi' ? 'Số thứ tự và số hóa' : 'Queue numbers and digitisation');
      cleanup();
    }
    expect(asked.some((p) => p.startsWith(`${PATHS.adminQueueStats}?agency=${encodeURIComponent(AGENCY)}&from=`))).toBe(true);

    // Changing the office's LAN key: with the 24-hour grace unless "at once" is ticked.
    const posted: { path: string; body: unknown }[] = [];
    const api2 = { ...api, post: async (path: string, body: unknown) => { posted.push({ path, body }); return { agency: AGENCY, rotatedAt: '2026-12-05T03:00:00.000Z', graceUntil: '2026-12-06T03:00:00.000Z' } as never; } } as unknown as ConsoleApi;
    const { user } = renderUi(<ConsoleCtx.Provider value={{ api: api2, session }}><QueueFiguresPanel /></ConsoleCtx.Provider>, 'vi');
    await waitFor(() => expect(screen.getByTestId('pc-lan-key-rotate')).toBeTruthy());
    await user.click(screen.getByTestId('pc-lan-key-rotate'));
    await user.click(await screen.findByTestId('pc-lan-key-confirm'));
    await waitFor(() => expect(screen.getByTestId('pc-lan-key-done').textContent).toContain('khóa cũ còn dùng được đến'));
    expect(posted).toEqual([{ path: PATHS.adminQueueKeyRotate, body: { agency: AGENCY, grace: true } }]);
    await user.click(screen.getByTestId('pc-lan-key-rotate'));
    await user.click(await screen.findByTestId('pc-lan-key-now'));
    await user.click(screen.getByTestId('pc-lan-key-confirm'));
    await waitFor(() => expect(posted).toHaveLength(2));
    expect(posted[1]!.body).toEqual({ agency: AGENCY, grace: false });
    expect(asked.some((p) => p.startsWith(`${PATHS.adminScorecard}?from=`) && p.includes(`agency=${encodeURIComponent(AGENCY)}`))).toBe(true);
  });
});
