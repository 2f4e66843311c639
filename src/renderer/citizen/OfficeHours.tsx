import { useTranslation } from 'react-i18next';
import { formatClock } from './format';

export interface OfficeSession {
  /** `HH:mm`, Vietnam time. */
  from: string;
  to: string;
}

export interface OfficeHoursConfig {
  weekdays: OfficeSession[];
  /** Many communes also open on Saturday morning; empty when closed. */
  saturday: OfficeSession[];
}

/** The usual hours of a commune office (working time set by each province; override per kiosk). */
export const DEFAULT_OFFICE_HOURS: OfficeHoursConfig = {
  weekdays: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
  saturday: [],
};

function Sessions({ label, sessions }: { label: string; sessions: OfficeSession[] }) {
  const { t } = useTranslation('citizen');
  if (sessions.length === 0) return null;
  return (
    <li>
      <strong>{label}:</strong>{' '}
      {sessions.map((s, i) => (
        <span key={`${s.from}-${s.to}`}>
          {i > 0 ? '; ' : ''}
          {s.from < '12:00' ? t('officeHours.morning') : t('officeHours.afternoon')}{' '}
          {t('officeHours.session', { from: formatClock(t, s.from), to: formatClock(t, s.to) })}
        </span>
      ))}
    </li>
  );
}

export function OfficeHours({ hours }: { hours: OfficeHoursConfig }) {
  const { t } = useTranslation('citizen');
  return (
    <section className="office-hours" aria-labelledby="office-hours-heading" data-testid="office-hours">
      <h3 id="office-hours-heading">{t('officeHours.heading')}</h3>
      <ul>
        <Sessions label={t('officeHours.weekdays')} sessions={hours.weekdays} />
        <Sessions label={t('officeHours.saturday')} sessions={hours.saturday} />
      </ul>
    </section>
  );
}
