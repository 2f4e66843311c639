// @vitest-environment happy-dom
/**
 * The hall board's announcements over a fake `speechSynthesis` that speaks one utterance at a time
 * like the browser's (a queue; `cancel` empties it and cuts off the one being read): calls that
 * arrive together, or seconds apart, are each said whole, oldest first; the history shown at start
 * is not said; the sound choice outlives a restart (the device's storage).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import {
  applyQueueEvent, emptyQueue, planQueueAction, type QueueAction, type QueueEvent, type QueueSnapshot,
} from '../../src/shared/queue';
import { BOARD_SOUND_KEY, QueueBoard } from '../../src/renderer/queue/QueueBoard';
import { renderScreen, until, type Screen } from '../helpers/render-screen';

const DAY = '2026-12-05';

/** The browser's speech queue as the board meets it: `speak` queues, `cancel` drops all. */
class FakeSynth extends EventTarget {
  readonly said: string[] = [];
  readonly cut: string[] = [];
  private readonly pending: { text: string }[] = [];
  private current: { text: string } | null = null;
  get speaking(): boolean { return this.current !== null; }
  getVoices() { return [{ lang: 'vi-VN', name: 'Tiếng Việt', default: true, localService: true, voiceURI: 'vi' }]; }
  speak(u: { text: string }): void {
    this.pending.push(u);
    if (!this.current) this.next();
  }
  cancel(): void {
    if (this.current) this.cut.push(this.current.text);
    this.pending.length = 0;
    this.current = null;
  }
  /** The one being read ends (the test moves speech on). */
  finish(): void {
    if (this.current) this.said.push(this.current.text);
    this.current = null;
    this.next();
  }
  finishAll(): void { while (this.current) this.finish(); }
  private next(): void { this.current = this.pending.shift() ?? null; }
}
class FakeUtterance { voice: unknown = null; lang = ''; rate = 1; constructor(readonly text: string) {} }

let synth: FakeSynth;
let screenUnder: Screen | null = null;
beforeEach(() => {
  synth = new FakeSynth();
  vi.stubGlobal('speechSynthesis', synth);
  vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
  localStorage.removeItem(BOARD_SOUND_KEY);
});
afterEach(async () => {
  await screenUnder?.close();
  screenUnder = null;
  vi.unstubAllGlobals();
});

/** The office's queue host in the test: events planned by the shared model. */
function office() {
  const state = emptyQueue(DAY);
  const events: QueueEvent[] = [];
  let clock = Date.parse(`${DAY}T01:00:00.000Z`);
  const act = (a: QueueAction): void => {
    const body = planQueueAction(state, a, randomUUID);
    clock += 1000;
    const e = { id: randomUUID(), at: new Date(clock).toISOString(), day: DAY, term: 1, device: 'host', ...body } as QueueEvent;
    applyQueueEvent(state, e);
    events.push(e);
  };
  const snapshot = (): QueueSnapshot => ({
    mode: 'host', link: 'host', counter: '', host: null, term: 1, skewMs: null, notice: null, day: DAY, events: [...events], held: 0, hostTime: clock,
  });
  for (let i = 0; i < 5; i++) act({ action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null });
  const call = (counter: string) => act({ action: 'call', counter, staffId: null });
  const snapshotWaiting = () => state.tickets.filter((t) => t.state === 'waiting').length;
  return { act, call, snapshot, snapshotWaiting };
}

async function board(o: ReturnType<typeof office>): Promise<Screen> {
  screenUnder = await renderScreen(<QueueBoard />, { ns: 'queue', db: null, calls: { 'queue.status': async () => o.snapshot() } });
  // The host's answer to `queue.status` is the first state the board shows (its history).
  await until(() => screenUnder!.bridge.calls.includes('queue.status'));
  await screenUnder.bridge.settled();
  await until(() => screen.getByTestId('board-waiting').textContent === screenUnder!.t('board.waiting', { count: o.snapshotWaiting() }));
  return screenUnder;
}

const sentence = (s: Screen, number: string, counter: string) => s.t('board.speech', { number, counter, lng: 'vi' });

describe('the hall board\'s announcements', () => {
  it('says two calls that arrive in one state, then a third seconds later, each whole and in order; the history is not said', async () => {
    localStorage.setItem(BOARD_SOUND_KEY, 'on');
    const o = office();
    o.call('Quầy 1'); // before the board opened: history
    const s = await board(o);
    await until(() => screen.queryByTestId('board-current')?.dataset.label === 'A001');
    expect(synth.speaking).toBe(false);
    // Two counters call within the same moment: one state holds both.
    o.call('Quầy 2');
    o.call('Quầy 3');
    s.bridge.emit('queue.state', o.snapshot());
    await until(() => screen.queryByTestId('board-current')?.dataset.label === 'A003');
    expect(synth.speaking).toBe(true);
    // Seconds later, while the first sentence is still being read, another call.
    o.call('Quầy 1');
    s.bridge.emit('queue.state', o.snapshot());
    await until(() => screen.queryByTestId('board-current')?.dataset.label === 'A004');
    synth.finishAll();
    expect(synth.said).toEqual([sentence(s, 'A, 2', 'Quầy 2'), sentence(s, 'A, 3', 'Quầy 3'), sentence(s, 'A, 4', 'Quầy 1')]);
    expect(synth.cut).toEqual([]);
    // The same state again (a reconnect) says nothing twice.
    s.bridge.emit('queue.state', o.snapshot());
    await until(() => true);
    expect(synth.speaking).toBe(false);
  });

  it('announces the first call of the day on a board opened before any call', async () => {
    localStorage.setItem(BOARD_SOUND_KEY, 'on');
    const o = office();
    const s = await board(o);
    o.call('Quầy 2');
    s.bridge.emit('queue.state', o.snapshot());
    await until(() => screen.queryByTestId('board-current') !== null);
    synth.finishAll();
    expect(synth.said).toEqual([sentence(s, 'A, 1', 'Quầy 2')]);
  });

  it('keeps the sound choice across a restart: off says nothing, on again speaks', async () => {
    const o = office();
    let s = await board(o);
    // Never chosen: off until a click turns it on (browsers need one for sound).
    expect(screen.getByTestId('board-sound').textContent).toBe(s.t('board.enableSound'));
    fireEvent.click(screen.getByTestId('board-sound'));
    expect(localStorage.getItem(BOARD_SOUND_KEY)).toBe('on');
    await screenUnder!.close();
    // Restarted: still on, and says a new call without a click.
    s = await board(o);
    expect(screen.getByTestId('board-sound').textContent).toBe(s.t('board.disableSound'));
    o.call('Quầy 1');
    s.bridge.emit('queue.state', o.snapshot());
    await until(() => screen.queryByTestId('board-current') !== null);
    synth.finishAll();
    expect(synth.said).toEqual([sentence(s, 'A, 1', 'Quầy 1')]);
    // Turned off, and restarted: off, and a call is shown only.
    fireEvent.click(screen.getByTestId('board-sound'));
    expect(localStorage.getItem(BOARD_SOUND_KEY)).toBe('off');
    await screenUnder!.close();
    s = await board(o);
    expect(screen.getByTestId('board-sound').textContent).toBe(s.t('board.enableSound'));
    o.call('Quầy 2');
    s.bridge.emit('queue.state', o.snapshot());
    await until(() => screen.queryByTestId('board-current')?.dataset.label === 'A002');
    synth.finishAll();
    expect(synth.said).toHaveLength(1);
  });
});
