/**
 * The office queue's configuration (`queue.configure`, applied at once): this device's role
 * (host, backup, member, off), where the host is (peers; mDNS), the counter's name in calls, and
 * how soon a backup takes over. Checked with the host's own schema before it is sent.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { PeerAddress, QueueConfig, QueueMode, type QueueSnapshot } from '../../shared/queue';
import { Button, Checkbox, Select, TextArea, TextField } from '../ui';
import { errorText, focusFirstInvalid, useConsoleApi } from './console-api';

type Field = 'port' | 'peers' | 'takeover';
type ProblemKey = 'tech.badPort' | 'tech.badTakeover' | 'tech.badPeer' | 'tech.tooManyPeers';
type Problems = Partial<Record<Field, { key: ProblemKey; line?: string }>>;

/** A whole number within [min, max] as typed, or null (an emptied field is not 0). */
const wholeIn = (text: string, min: number, max: number): number | null => {
  const n = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  return n >= min && n <= max ? n : null;
};

/** Each field's problem, in the panel's own words (the schema's are English and name no field). */
function queueFormProblems(port: string, takeover: string, peers: string[]): Problems {
  const out: Problems = {};
  if (wholeIn(port, 1, 65_535) === null) out.port = { key: 'tech.badPort' };
  if (wholeIn(takeover, 2, 600) === null) out.takeover = { key: 'tech.badTakeover' };
  const bad = peers.find((line) => !PeerAddress.safeParse(line).success);
  if (bad !== undefined) out.peers = { key: 'tech.badPeer', line: bad };
  else if (peers.length > 8) out.peers = { key: 'tech.tooManyPeers' };
  return out;
}

export function QueueConfigPanel() {
  const { t } = useTranslation(['queue', 'console', 'codes']);
  const { t: tc } = useTranslation(['console', 'codes']);
  const api = useConsoleApi();
  const [form, setForm] = useState<QueueConfig | null>(null);
  const [peers, setPeers] = useState('');
  // The numbers as typed: an emptied field stays empty (Number('') would be port 0).
  const [port, setPort] = useState('');
  const [takeover, setTakeover] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [snapshot, setSnapshot] = useState<QueueSnapshot | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    api.call('queue.config', {}).then((c) => { if (live) show(c); }, (err: unknown) => setResult({ ok: false, text: errorText(tc, err) }));
    api.call('queue.status', {}).then((s) => { if (live) setSnapshot(s); }, () => undefined);
    const off = api.on('queue.state', (s) => { if (live) setSnapshot(s); });
    return () => { live = false; off(); };
  }, [api, tc]);

  function show(c: QueueConfig): void {
    setForm(c);
    setPeers(c.peers.join('\n'));
    setPort(String(c.port));
    setTakeover(String(Math.round(c.takeoverAfterMs / 1000)));
  }

  if (!form) return result ? <p className="tech-note" data-tone="error" role="alert">{result.text}</p> : null;

  const save = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    setResult(null);
    const list = peers.split('\n').map((p) => p.trim()).filter(Boolean);
    const found = queueFormProblems(port, takeover, list);
    setProblems(found);
    if (Object.keys(found).length > 0) { focusFirstInvalid(e.currentTarget); return; }
    const checked = QueueConfig.safeParse({ ...form, peers: list, port: Number(port.trim()), takeoverAfterMs: Number(takeover.trim()) * 1000 });
    if (!checked.success) { setResult({ ok: false, text: t('tech.invalid', { detail: z.prettifyError(checked.error) }) }); return; }
    api.call('queue.configure', checked.data).then(
      (c) => { show(c); setResult({ ok: true, text: t('tech.saved') }); },
      (err: unknown) => setResult({ ok: false, text: errorText(tc, err) }),
    );
  };
  const problem = (f: Field): string | null => {
    const p = problems[f];
    return p ? t(p.key, { line: p.line ?? '' }) : null;
  };

  return (
    <section className="tech-panel" aria-labelledby="queue-title" data-testid="panel-queue">
      <h2 id="queue-title">{t('tech.title')}</h2>
      <p className="tech-hint">{t('tech.hint')}</p>
      {snapshot && <p className="tech-note" role="status" data-testid="queue-tech-state">{t('tech.status', { state: t(`link.${snapshot.link}`) })}</p>}
      <form noValidate onSubmit={save}>
        <Select
          label={t('tech.mode')} value={form.mode} onChange={(v) => setForm({ ...form, mode: QueueMode.parse(v) })} data-testid="queue-mode"
          options={QueueMode.options.map((m) => ({ value: m, label: t(`tech.modes.${m}`) }))}
        />
        <TextField label={t('tech.counter')} value={form.counter} maxLength={32} onChange={(e) => setForm({ ...form, counter: e.target.value })} data-testid="queue-counter" />
        <TextArea
          label={t('tech.peers')} value={peers} rows={2} onChange={(e) => setPeers(e.target.value)} data-testid="queue-peers"
          error={problem('peers')} errorTestId="queue-bad-peers"
        />
        <div className="tech-pair">
          <TextField
            label={t('tech.port')} inputMode="numeric" value={port} maxLength={5} mono
            onChange={(e) => setPort(e.target.value)} data-testid="queue-port" error={problem('port')} errorTestId="queue-bad-port"
          />
          <TextField
            label={t('tech.takeover')} inputMode="numeric" value={takeover} maxLength={3}
            onChange={(e) => setTakeover(e.target.value)} data-testid="queue-takeover" error={problem('takeover')} errorTestId="queue-bad-takeover"
          />
        </div>
        <Checkbox checked={form.mdns} onChange={(mdns) => setForm({ ...form, mdns })} data-testid="queue-mdns">{t('tech.mdns')}</Checkbox>
        <div className="tech-actions">
          <Button type="submit" variant="primary" data-testid="queue-save">{t('tech.save')}</Button>
          {snapshot?.link === 'fenced' && (
            <Button onClick={() => void api.call('queue.forgetBackup', {}).catch((err: unknown) => setResult({ ok: false, text: errorText(tc, err) }))} data-testid="queue-forget-backup">
              {t('tech.forgetBackup')}
            </Button>
          )}
        </div>
      </form>
      {result && <p className="tech-note" data-tone={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="queue-tech-result">{result.text}</p>}
    </section>
  );
}
