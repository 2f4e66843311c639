/**
 * A dossier's digitised pages as the record holds them (GET /v1/admin/dossiers/:code/attachments):
 * each page's component, name, size, when it was attached, and whether an officer withdrew it
 * (who, why) and the province erased its bytes (who, why). A province admin erases the bytes of a
 * withdrawn page's file (POST /v1/admin/files/:sha256/erase) with a reason, after a question that
 * says it cannot be undone; the gateway refuses while another page still uses the file
 * (`file-in-use`, shown in words). An agency admin sees its own agency's dossiers, erases nothing.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminAttachmentsPath, DossierCodeText, fileErasePath, type AdminAttachment, type FileErasure } from '../../shared/protocol';
import { Button, Icon, Table, TextArea, TextField, useToast, type TableColumn } from '../ui';
import { ApiError } from './api';
import { ConfirmDialog, errorText, formatNumber, formatTime, useConsole } from './common';

const REASON_MIN = 5;

export function FilesPanel() {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api, session } = useConsole();
  const toast = useToast();
  const lang = i18n.language;
  const [code, setCode] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [pages, setPages] = useState<AdminAttachment[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [erasing, setErasing] = useState<AdminAttachment | null>(null);
  const [reason, setReason] = useState('');
  const mayErase = session.role === 'province';

  async function load(dossier: string) {
    setBusy(true);
    try {
      const r = await api.get<{ attachments: AdminAttachment[] }>(adminAttachmentsPath(dossier));
      setPages(r.attachments);
      setShown(dossier);
      setProblem(null);
    } catch (err) {
      setPages(null);
      setShown(null);
      setProblem(err instanceof ApiError && err.status === 404 ? t('files.noDossier', { code: dossier }) : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  function search(e: FormEvent) {
    e.preventDefault();
    const c = code.trim();
    if (!DossierCodeText.safeParse(c).success) {
      setProblem(t('files.badCode'));
      return;
    }
    void load(c);
  }

  async function erase(page: AdminAttachment) {
    const done = await api.post<FileErasure>(fileErasePath(page.sha256), { reason: reason.trim() });
    toast.show({ message: t('files.erased', { count: done.attachments.length, kb: formatNumber(done.bytes / 1024, lang, 1) }), tone: 'success' });
    if (shown) await load(shown);
  }

  const state = (p: AdminAttachment): 'erased' | 'withdrawn' | 'attached' => (p.erased ? 'erased' : p.withdrawn ? 'withdrawn' : 'attached');
  const columns: TableColumn<AdminAttachment>[] = [
    { id: 'component', label: t('files.component'), rowHeader: true, sortValue: (p) => p.component, cell: (p) => p.component },
    { id: 'name', label: t('files.name'), sortValue: (p) => p.name, cell: (p) => <span className="pc-mono">{p.name}</span> },
    { id: 'size', label: t('files.size'), align: 'end', sortValue: (p) => p.size, cell: (p) => `${formatNumber(p.size / 1024, lang, 1)} KB` },
    { id: 'attached', label: t('files.attachedAt'), sortValue: (p) => p.attachedAt, cell: (p) => formatTime(p.attachedAt, lang) ?? t('none') },
    {
      id: 'state', label: t('files.state'), sortValue: state,
      cell: (p) => (
        <span data-testid="pc-file-state" data-state={state(p)}>
          <span className={`pc-flag ${p.erased ? 'pc-flag-bad' : p.withdrawn ? 'pc-flag-warn' : ''}`}>
            <Icon name={p.erased ? 'error' : p.withdrawn ? 'clock' : 'check'} />{t(`files.states.${state(p)}`)}
          </span>
          {p.withdrawn && <span className="pc-muted"> {t('files.withdrawnBy', { staff: p.withdrawn.staffId ?? t('none'), reason: p.withdrawn.reason })}</span>}
          {p.erased && <span className="pc-muted"> {t('files.erasedBy', { by: p.erased.by, reason: p.erased.reason })}</span>}
        </span>
      ),
    },
    {
      id: 'actions', label: '',
      cell: (p) => (mayErase && p.withdrawn && !p.erased
        ? <Button size="sm" variant="danger" onClick={() => { setReason(''); setErasing(p); }} data-testid="pc-file-erase">{t('files.erase')}</Button>
        : null),
    },
  ];

  return (
    <section aria-labelledby="pc-files-title" className="pc-panel" data-testid="pc-files">
      <div className="pc-panel-head">
        <h2 id="pc-files-title">{t('files.heading')}</h2>
      </div>
      <p className="pc-muted">{mayErase ? t('files.intro') : t('files.introAgency')}</p>
      <form noValidate onSubmit={search} className="pc-form pc-form-row">
        <TextField label={t('files.code')} value={code} onChange={(e) => setCode(e.target.value)} mono className="pc-code-field" data-testid="pc-files-code" />
        <Button type="submit" busy={busy} data-testid="pc-files-search">{t('files.search')}</Button>
      </form>
      {problem && <p role="alert" className="pc-error" data-testid="pc-files-problem">{problem}</p>}
      {shown && pages && (
        <Table label={t('files.pagesOf', { code: shown })} columns={columns} rows={pages} rowKey={(p) => p.id} emptyText={t('files.empty')}
          data-testid="pc-files-table" rowTestId="pc-file-row" />
      )}
      {erasing && (
        <ConfirmDialog
          title={t('files.eraseTitle', { name: erasing.name })} description={t('files.eraseIntro')} confirmLabel={t('files.eraseConfirm')} danger
          confirmDisabled={reason.trim().length < REASON_MIN}
          onConfirm={() => erase(erasing)} onClose={() => setErasing(null)} onDone={() => setErasing(null)} testId="pc-file-erase"
        >
          <TextArea
            label={t('files.reason')} description={t('files.reasonHint')} required value={reason} rows={2} maxLength={500}
            onChange={(e) => setReason(e.target.value)} data-testid="pc-file-erase-reason"
          />
        </ConfirmDialog>
      )}
    </section>
  );
}
