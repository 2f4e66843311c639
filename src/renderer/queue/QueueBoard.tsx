/**
 * The hall display (`#/queue-board`, a TV at 1920×1080): the number being called and its counter,
 * the last calls, how many wait, paused counters. Each new call plays a chime and, where the
 * system has a Vietnamese voice, says "Mời số … đến …"; without one the board says it is
 * visual only. Browsers play sound only after a first touch or click: until then a button offers it.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { playCue, speak, useVoice } from '../citizen/cues';
import { useQueue, spokenNumber } from './use-queue';
import { LinkBanner } from './LinkBanner';
import './queue.css';

export function QueueBoard() {
  const { t } = useTranslation(['queue', 'codes']);
  const { snapshot, state } = useQueue();
  const voice = useVoice('vi');
  const [soundOn, setSoundOn] = useState(false);
  const seen = useRef<string | null>(null);
  const latest = state?.lastCalls[0] ?? null;
  const key = latest ? `${latest.ticketId}@${latest.at}` : null;

  useEffect(() => {
    if (key === null) return;
    // The first state shown is history: announce only calls that arrive while the board is open.
    if (seen.current === null) { seen.current = key; return; }
    if (seen.current === key || !latest) return;
    seen.current = key;
    if (!soundOn) return;
    playCue('good');
    speak(t('board.speech', { number: spokenNumber(latest.label), counter: latest.counter, lng: 'vi' }), voice);
  }, [key, latest, soundOn, voice, t]);

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
        {!soundOn && <button type="button" className="ui-button" data-variant="secondary" onClick={() => setSoundOn(true)} data-testid="board-sound">{t('board.enableSound')}</button>}
      </footer>
    </div>
  );
}
