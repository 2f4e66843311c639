/**
 * The office queue's configuration (`queue.configure`, applied at once): this device's role
 * (host, backup, member, off), where the host is (peers; mDNS), the counter's name in calls, and
 * how soon a backup takes over. Checked with the host's own schema before it is sent.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { QueueConfig, QueueMode, type QueueSnapshot } from '../../shared/queue';
import { Button, Checkbox, Select, TextArea, TextField } from '../ui';
import { errorText, useConsoleApi } from './console-api';

export function QueueConfigPanel() {
  const { t } = useTranslation(['queue', 'console', 'codes']);
  const { t: tc } = useTranslation(['console', 'codes']);
  const api = useConsoleApi();
  const [form, setForm] = useState<QueueConfig | null>(null);
  const [peers, setPeers] = useState('');
  const [snapshot, setSnapshot] = useState<QueueSnapshot | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    api.call('queue.config', {}).then((c) => { if (live) { setForm(c); setPeers(c.peers.join('\n')); } }, (err: unknown) => setResult({ ok: false, text: errorText(tc, err) }));
    api.call('queue.status', {}).then((s) => { if (live) setSnapshot(s); }, () => undefined);
    const off = api.on('queue.state', (s) => { if (live) setSnapshot(s); });
    return () => { live = false; off(); };
  }, [api, tc]);

  if (!form) return result ? <p className="tech-note" data-tone="error" role="alert">{result.text}</p> : null;

  const save = (e: FormEvent): void => {
    e.preventDefault();
    const checked = QueueConfig.safeParse({ ...form, peers: peers.split('\n').map((p) => p.trim()).filter(Boolean) });
    if (!checked.success) { setResult({ ok: false, text: t('tech.invalid', { detail: z.prettifyError(checked.error) }) }); return; }
    api.call('queue.configure', checked.data).then(
      (c) => { setForm(c); setResult({ ok: true, text: t('tech.saved') }); },
      (err: unknown) => setResult({ ok: false, text: errorText(tc, err) }),
    );
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
        <TextArea label={t('tech.peers')} value={peers} rows={2} onChange={(e) => setPeers(e.target.value)} data-testid="queue-peers" />
        <div className="tech-pair">
          <TextField
            label={t('tech.port')} type="number" value={form.port} min={0} max={65535} mono
            onChange={(e) => setForm({ ...form, port: Number(e.target.value) })} data-testid="queue-port"
          />
          <TextField
            label={t('tech.takeover')} type="number" value={Math.round(form.takeoverAfterMs / 1000)} min={2} max={600}
            onChange={(e) => setForm({ ...form, takeoverAfterMs: Number(e.target.value) * 1000 })} data-testid="queue-takeover"
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
