/**
 * Satisfaction rating (4 levels, the scale of the public-service satisfaction survey) after a
 * finished dossier. Recorded through the same outbox action as staff actions, so it syncs to the
 * gateway like everything else. Only dossiers in this kiosk's cache (its own agency) can be rated:
 * the gateway accepts a rating only from a device of the receiving agency.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export type RateOutcome = 'ok' | 'failed';
const SCORES = [4, 3, 2, 1] as const;
/** Mouth of each face, from a broad smile (4) to a frown (1): drawn, because kiosk fonts often
 * lack colour emoji. */
const MOUTHS: Record<(typeof SCORES)[number], string> = {
  4: 'M7 14 Q12 20 17 14', 3: 'M8 15 Q12 18 16 15', 2: 'M8 16 L16 16', 1: 'M8 17 Q12 13 16 17',
};

function Face({ score }: { score: (typeof SCORES)[number] }) {
  return (
    <svg className="face" viewBox="0 0 24 24" width="1.6em" height="1.6em" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
      <circle cx="12" cy="12" r="10" />
      <circle cx="8.5" cy="9.5" r="0.6" fill="currentColor" />
      <circle cx="15.5" cy="9.5" r="0.6" fill="currentColor" />
      <path d={MOUTHS[score]} />
    </svg>
  );
}

/** `rated`: a rating is recorded already; a new one replaces it (docs/DOMAIN.md: the latest wins), and the screen says so. */
export function Rating({ canRate, rated = false, onRate }: { canRate: boolean; rated?: boolean; onRate: (score: number) => Promise<RateOutcome> }) {
  const { t } = useTranslation('citizen');
  const [state, setState] = useState<'idle' | 'saving' | 'done' | 'failed'>('idle');

  if (!canRate) {
    return (
      <section className="rating" data-testid="rating">
        <p data-testid="rating-not-here">{t('rating.notHere')}</p>
      </section>
    );
  }
  if (state === 'done') {
    return (
      <section className="rating" data-testid="rating">
        <p role="status" data-testid="rating-thanks">{t('rating.thanks')}</p>
      </section>
    );
  }
  const choose = (score: number): void => {
    if (state === 'saving') return;
    setState('saving');
    void onRate(score).then((r) => setState(r === 'ok' ? 'done' : 'failed'), () => setState('failed'));
  };
  return (
    <section className="rating" aria-labelledby="rating-heading" data-testid="rating">
      <h3 id="rating-heading">{t('rating.heading')}</h3>
      {rated && <p data-testid="rating-rated">{t('rating.rated')}</p>}
      <div className="rating-buttons" role="group" aria-labelledby="rating-heading">
        {SCORES.map((s) => (
          <button type="button" key={s} className="big" onClick={() => choose(s)} disabled={state === 'saving'} data-score={s}>
            <Face score={s} /> {t(`rating.score.${s}`)}
          </button>
        ))}
      </div>
      {state === 'saving' && <p role="status">{t('rating.saving')}</p>}
      {state === 'failed' && <p role="alert" className="citizen-error">{t('rating.failed')}</p>}
    </section>
  );
}
