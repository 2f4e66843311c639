/**
 * The hall display (`#/queue-board`, a TV at 1920×1080): the number being called and its counter,
 * the last calls, how many wait, paused counters. Each new call plays a chime and, where the
 * system has a Vietnamese voice, says "Mời số … đến …"; without one the board says it is
 * visual only. Calls that come together are all said, oldest first, each after the one before
 * (never cut off). Browsers play sound only after a first touch or click: until then a button
 * offers it; the choice (on or off) is kept on the device, so a board restarted in the morning
 * speaks again (where the browser lets a page play sound by itself: the Electron host does).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { playCue, speak, useVoice } from '../citizen/cues';
import type { CallRecord } from '../../shared/queue';
import { useQueue, spokenNumber } from './use-queue';
import { LinkBanner } from './LinkBanner';
import './queue.css';

/** Where the board keeps its sound choice (this device's browser storage). */
export const BOARD_SOUND_KEY = 'mot-cua.queue-board.sound';

function soundRemembered(): boolean {
  try {
    return globalThis.localStorage?.getItem(BOARD_SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

function rememberSound(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(BOARD_SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused (a locked-down profile): the choice lasts until the board is reloaded.
  }
}

const callKey = (c: CallRecord): string => `${c.ticketId}@${c.at}`;

export function QueueBoard() {
  const { t } = useTranslation(['queue', 'codes']);
  const { snapshot, state } = useQueue();
  const voice = useVoice('vi');
  const [soundOn, setSoundOn] = useState(soundRemembered);
  const sound = (on: boolean): void => { rememberSound(on); setSoundOn(on); };
  /** The calls already shown (and said); null until the first state arrives. */
  const seen = useRef<Set<string> | null>(null);
  const calls = state?.lastCalls ?? null;
  const latest = calls?.[0] ?? null;

  useEffect(() => {
    if (calls === null) return;
    // The first state shown is history: announce only calls that arrive while the board is open.
    if (seen.current === null) { seen.current = new Set(calls.map(callKey)); return; }
    const known = seen.current;
    // Every call since the last one seen (several may come in one state), oldest first.
    const fresh = calls.filter((c) => !known.has(callKey(c))).reverse();
    if (fresh.length === 0) return;
    for (const c of fresh) known.add(callKey(c));
    if (!soundOn) return;
    playCue('good');
    for (const c of fresh) speak(t('board.speech', { number: spokenNumber(c.label), counter: c.counter, lng: 'vi' }), voice, { queue: true });
  }, [calls, soundOn, voice, t]);

  const waiting = state?.tickets.filter((x) => x.state === 'waiting').length ?? 0;
  const paused = state?.counters.filter((c) => c.paused !== null) ?? [];
  return (
    <div className="queue-board" data-testid="queue-board" lang="vi">
      <header className="queue-board-head">
        <h1>{t('board.title')}</h1>
        <span className="queue-board-waiting" data-testid="board-waiting">{t('board.waiting', { count: waiting })}</span>
      </header>
      <LinkBanner snapshot={snapshot} compact />
      <main className="queue-board-main">
        <section className="queue-board-now" aria-live="assertive" aria-atomic="true">
          <h2>{t('board.nowCalling')}</h2>
          {latest ? (
            <p className="queue-board-current" data-testid="board-current" data-label={latest.label} data-at={latest.at}>
              <span className="queue-board-number">{latest.label}</span>
              <span className="queue-board-counter">{t('board.toCounter', { counter: latest.counter })}</span>
            </p>
          ) : <p className="queue-board-none">{t('board.none')}</p>}
        </section>
        <section className="queue-board-last" aria-labelledby="queue-board-last">
          <h2 id="queue-board-last">{t('board.lastCalls')}</h2>
          <ol data-testid="board-last">
            {(state?.lastCalls ?? []).slice(1).map((c) => (
              <li key={`${c.ticketId}@${c.at}`}><span className="queue-board-num">{c.label}</span> <span>{c.counter}</span></li>
            ))}
          </ol>
        </section>
      </main>
      <footer className="queue-board-foot">
        {paused.map((c) => <span key={c.counter} className="queue-board-paused">{t('board.paused', { counter: c.counter })}</span>)}
        {!voice && <span className="queue-board-voiceoff" data-testid="board-voice-off">{t('board.voiceOff')}</span>}
        <button type="button" className="ui-button" data-variant="secondary" onClick={() => sound(!soundOn)} data-testid="board-sound" data-on={soundOn}>
          {t(soundOn ? 'board.disableSound' : 'board.enableSound')}
        </button>
      </footer>
    </div>
  );
}
