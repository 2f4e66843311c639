/**
 * Every shared component in every state, in the theme and language chosen at the top: the page
 * designers and testers look at, and the one the real-Chromium test screenshots and checks with
 * axe-core (tests/ui/gallery-chromium.test.ts). Its words are in the `ui` namespace (`gallery.*`);
 * the procedures and dossiers are sample data.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOSSIER_STATUS_CODES } from '../../../shared/domain';
import {
  applyTheme, Button, Checkbox, Combobox, currentTheme, DateField, Dialog, Kbd, Select, StatusBadge, SyncBadge, Table, Tabs, TextArea, TextField,
  ToastCard, ToastProvider, useToast, type ButtonVariant, type ComboboxOption, type TableColumn, type Theme, type Toast,
} from '..';
import { LOCALES, useUiLang } from '../locale';
import './gallery.css';

const PROCEDURES: ComboboxOption[] = [
  { id: '1.001193', label: 'Đăng ký khai sinh', detail: '1.001193 · Hộ tịch' },
  { id: '1.000894', label: 'Đăng ký kết hôn', detail: '1.000894 · Hộ tịch' },
  { id: '1.001022', label: 'Đăng ký khai tử', detail: '1.001022 · Hộ tịch' },
  { id: '1.003583', label: 'Cấp Giấy xác nhận tình trạng hôn nhân', detail: '1.003583 · Hộ tịch' },
  { id: '2.000908', label: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', detail: '2.000908 · Chứng thực' },
  { id: '2.000884', label: 'Chứng thực chữ ký trong các giấy tờ, văn bản', detail: '2.000884 · Chứng thực' },
  { id: '1.004227', label: 'Đăng ký thường trú', detail: '1.004227 · Cư trú' },
  { id: '1.001612', label: 'Đăng ký lại khai sinh', detail: '1.001612 · Hộ tịch' },
];

interface SampleDossier { code: string; applicant: string; procedure: string; status: number; receivedAt: number }
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 2, 5, 1, 30);
const DOSSIERS: SampleDossier[] = [
  { code: '000.17.22.H56-260305-0001', applicant: 'Nguyễn Thị Ánh Dương', procedure: 'Đăng ký khai sinh', status: 2, receivedAt: BASE },
  { code: '000.17.22.H56-260305-0002', applicant: 'Đặng Văn Đức', procedure: 'Đăng ký kết hôn', status: 4, receivedAt: BASE + 3_600_000 },
  { code: '000.17.22.H56-260304-0007', applicant: 'Bùi Minh Châu', procedure: 'Chứng thực chữ ký trong các giấy tờ, văn bản', status: 5, receivedAt: BASE - DAY },
  { code: '000.17.22.H56-260303-0004', applicant: 'Trần Quốc Huy', procedure: 'Đăng ký thường trú', status: 6, receivedAt: BASE - 2 * DAY },
  { code: '000.17.22.H56-260302-0011', applicant: 'Lê Thị Hồng', procedure: 'Đăng ký khai tử', status: 9, receivedAt: BASE - 3 * DAY },
  { code: '000.17.22.H56-260227-0003', applicant: 'Phạm Văn Ân', procedure: 'Cấp Giấy xác nhận tình trạng hôn nhân', status: 10, receivedAt: BASE - 6 * DAY },
];

const VARIANTS: ButtonVariant[] = ['primary', 'secondary', 'danger', 'quiet'];
const KEYS = ['F2', 'F3', 'F4', 'F7', 'F8', 'F9', 'Escape', 'Enter'] as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="gallery-section" aria-labelledby={`gallery-${id}`} data-testid={`gallery-section-${id}`}>
      <h2 id={`gallery-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

function StateLabel({ children }: { children: string }) {
  return <span className="gallery-state">{children}</span>;
}

function Buttons() {
  const { t } = useTranslation('ui');
  const toast = useToast();
  const [pressed, setPressed] = useState<string | null>(null);
  const press = (what: string) => () => {
    setPressed(what);
    toast.show({ message: t('gallery.pressed', { what }), tone: 'info' });
  };
  return (
    <>
      <div className="gallery-matrix" role="group" aria-label={t('gallery.sections.buttons')}>
        <span />
        {(['normal', 'focus', 'disabled', 'busy'] as const).map((s) => <StateLabel key={s}>{t(`gallery.states.${s}`)}</StateLabel>)}
        {VARIANTS.map((v) => (
          <div key={v} className="gallery-row">
            <StateLabel>{t(`gallery.variantNames.${v}`)}</StateLabel>
            <Button variant={v} onClick={press(t(`gallery.variants.${v}`))}>{t(`gallery.variants.${v}`)}</Button>
            <Button variant={v} data-focus-visible="true" onClick={press(t(`gallery.variants.${v}`))}>{t(`gallery.variants.${v}`)}</Button>
            <Button variant={v} disabled>{t(`gallery.variants.${v}`)}</Button>
            <Button variant={v} busy>{t(`gallery.variants.${v}`)}</Button>
          </div>
        ))}
      </div>
      <div className="gallery-inline">
        <Button variant="primary" shortcut="F2" icon="doc-plus" onClick={press(t('gallery.newIntake'))} data-testid="gallery-f2">{t('gallery.newIntake')}</Button>
        <Button shortcut="F3" onClick={press(t('gallery.search'))}>{t('gallery.search')}</Button>
        <Button shortcut="F9" onClick={press(t('gallery.print'))}>{t('gallery.print')}</Button>
        <Button size="sm" variant="quiet" onClick={press(t('gallery.variants.quiet'))}>{t('gallery.variants.quiet')}</Button>
      </div>
      <p className="gallery-note" role="status" data-testid="gallery-pressed">{pressed ? t('gallery.pressed', { what: pressed }) : ''}</p>
    </>
  );
}

function Fields() {
  const { t } = useTranslation('ui');
  const [name, setName] = useState('Nguyễn Thị Ánh Dương');
  const [bring, setBring] = useState('Bản sao giấy khai sinh có chứng thực');
  const [received, setReceived] = useState(true);
  const [day, setDay] = useState('2026-12-07');
  return (
    <div className="gallery-grid">
      <TextField label={t('gallery.name')} description={t('gallery.nameHint')} value={name} onChange={(e) => setName(e.target.value)} required />
      <TextField label={`${t('gallery.name')} — ${t('gallery.states.focus')}`} defaultValue="Đặng Văn Đức" data-focus-visible="true" />
      <TextField label={t('gallery.phone')} defaultValue="09123" error={t('gallery.phoneError')} inputMode="tel" />
      <TextField label={`${t('gallery.idNumber')} — ${t('gallery.states.disabled')}`} defaultValue="038090001234" mono disabled />
      <TextField label={`${t('gallery.idNumber')} — ${t('gallery.states.busy')}`} defaultValue="038090001234" mono busy description={t('gallery.lookingUp')} />
      <TextArea label={t('gallery.bring')} description={t('gallery.bringHint')} value={bring} onChange={(e) => setBring(e.target.value)} required />
      <TextArea label={`${t('gallery.bring')} — ${t('gallery.states.error')}`} defaultValue="" error={t('gallery.bringError')} />
      <DateField label={t('gallery.day')} description={t('gallery.dayHint')} value={day} onChange={setDay} data-testid="gallery-day" />
      <DateField label={`${t('gallery.day')} — ${t('gallery.states.error')}`} value="2027-01-05" onChange={() => undefined} error={t('gallery.dayError')} />
      <DateField label={`${t('gallery.day')} — ${t('gallery.states.disabled')}`} value="2026-12-07" onChange={() => undefined} isDisabled />
      <div>
        <Checkbox checked={received} onChange={setReceived}>{t('gallery.received')}</Checkbox>
        <Checkbox checked={false} onChange={() => undefined} description={t('gallery.receivedHint')}>{t('gallery.notReceived')}</Checkbox>
        <Checkbox checked disabled onChange={() => undefined}>{`${t('gallery.received')} — ${t('gallery.states.disabled')}`}</Checkbox>
      </div>
    </div>
  );
}

function Selects() {
  const { t } = useTranslation('ui');
  const [method, setMethod] = useState('cash');
  const [empty, setEmpty] = useState('');
  const options = [{ value: 'cash', label: t('gallery.cash') }, { value: 'transfer', label: t('gallery.transfer') }];
  return (
    <div className="gallery-grid">
      <Select label={t('gallery.payment')} options={options} value={method} onChange={setMethod} />
      <Select label={t('gallery.payment')} options={options} value={empty} onChange={setEmpty} placeholder={t('gallery.choose')} error={empty === '' ? t('gallery.paymentError') : null} />
      <Select label={`${t('gallery.payment')} — ${t('gallery.states.disabled')}`} options={options} value="transfer" onChange={() => undefined} disabled />
      <Select label={`${t('gallery.payment')} — ${t('gallery.states.busy')}`} options={options} value="cash" onChange={() => undefined} busy />
    </div>
  );
}

function Pickers() {
  const { t } = useTranslation('ui');
  const [chosen, setChosen] = useState<string | null>(null);
  const name = PROCEDURES.find((p) => p.id === chosen)?.label;
  return (
    <div className="gallery-grid gallery-grid-wide">
      <div>
        <Combobox
          label={t('gallery.procedure')} description={t('gallery.procedureHint')} placeholder={t('gallery.procedurePlaceholder')}
          emptyText={t('gallery.noProcedure')} options={PROCEDURES} value={chosen} onChange={setChosen} data-testid="gallery-procedure"
        />
        <p className="gallery-note" data-testid="gallery-procedure-chosen">{name ? t('gallery.chosen', { name }) : ''}</p>
      </div>
      <Combobox label={`${t('gallery.procedure')} — ${t('gallery.states.error')}`} emptyText={t('gallery.noProcedure')} options={PROCEDURES}
        value={null} onChange={() => undefined} error={t('gallery.procedureError')} />
      <Combobox label={`${t('gallery.procedure')} — ${t('gallery.states.disabled')}`} emptyText={t('gallery.noProcedure')} options={PROCEDURES}
        value="1.001193" onChange={() => undefined} disabled />
      <Combobox label={`${t('gallery.procedure')} — ${t('gallery.states.busy')}`} emptyText={t('gallery.noProcedure')} options={PROCEDURES}
        value={null} onChange={() => undefined} busy />
    </div>
  );
}

function Dossiers() {
  const { t } = useTranslation('ui');
  const lang = useUiLang();
  const toast = useToast();
  const when = useMemo(() => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }), [lang]);
  const columns: TableColumn<SampleDossier>[] = [
    { id: 'code', label: t('gallery.columns.code'), cell: (d) => <span className="ui-mono">{d.code}</span>, sortValue: (d) => d.code, rowHeader: true },
    { id: 'applicant', label: t('gallery.columns.applicant'), cell: (d) => d.applicant, sortValue: (d) => d.applicant },
    { id: 'procedure', label: t('gallery.columns.procedure'), cell: (d) => d.procedure, sortValue: (d) => d.procedure },
    { id: 'status', label: t('gallery.columns.status'), cell: (d) => <StatusBadge status={d.status} size="sm" />, sortValue: (d) => d.status },
    { id: 'received', label: t('gallery.columns.received'), cell: (d) => when.format(d.receivedAt), sortValue: (d) => d.receivedAt, align: 'end' },
  ];
  return (
    <div className="gallery-stack">
      <Table
        label={t('gallery.tableLabel')} columns={columns} rows={DOSSIERS} rowKey={(d) => d.code} emptyText={t('gallery.emptyTable')}
        defaultSort={{ column: 'received', direction: 'descending' }} rowTestId="gallery-row" data-testid="gallery-table"
        onRowAction={(code) => toast.show({ message: t('gallery.opened', { code }), tone: 'info' })}
      />
      <Table label={`${t('gallery.tableLabel')} — ${t('gallery.states.busy')}`} columns={columns} rows={[]} rowKey={(d) => d.code}
        emptyText={t('gallery.emptyTable')} busy />
    </div>
  );
}

function WorkTabs() {
  const { t } = useTranslation('ui');
  const panel = (tab: string) => <p>{t('gallery.tabPanel', { tab })}</p>;
  return (
    <Tabs label={t('gallery.tabsLabel')} data-testid="gallery-tabs" items={[
      { id: 'today', label: t('gallery.tabs.today'), count: 12, content: panel(t('gallery.tabs.today')) },
      { id: 'due', label: t('gallery.tabs.due'), count: 3, content: panel(t('gallery.tabs.due')) },
      { id: 'attention', label: t('gallery.tabs.attention'), count: 2, urgent: true, content: panel(t('gallery.tabs.attention')) },
    ]} />
  );
}

function DialogDemo() {
  const { t } = useTranslation('ui');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const close = () => { setOpen(false); setBusy(false); };
  // The confirmation "works" for a moment, then closes.
  useEffect(() => {
    if (!busy) return undefined;
    const timer = setTimeout(close, 1500);
    return () => clearTimeout(timer);
  }, [busy]);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="gallery-open-dialog">{t('gallery.openDialog')}</Button>
      <Dialog
        open={open} onClose={close} title={t('gallery.dialogTitle')} description={t('gallery.dialogBody')} busy={busy} data-testid="gallery-dialog"
        actions={<>
          <Button onClick={close} disabled={busy} data-testid="gallery-dialog-cancel">{t('gallery.cancel')}</Button>
          <Button variant="primary" busy={busy} onClick={() => setBusy(true)} data-testid="gallery-dialog-confirm">{t('gallery.confirm')}</Button>
        </>}
      >
        <TextField label={t('gallery.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="gallery-dialog-note" />
      </Dialog>
    </>
  );
}

function Toasts() {
  const { t } = useTranslation('ui');
  const toast = useToast();
  const samples: Toast[] = [
    { id: 'g-info', tone: 'info', message: t('gallery.opened', { code: '000.17.22.H56-260305-0001' }), timeoutMs: null },
    { id: 'g-success', tone: 'success', message: t('gallery.toastPolite'), timeoutMs: null },
    { id: 'g-warning', tone: 'warning', message: t('gallery.sync.offline'), timeoutMs: null },
    { id: 'g-error', tone: 'error', message: t('gallery.toastAssertive'), timeoutMs: null },
  ];
  return (
    <div className="gallery-stack">
      <div className="gallery-inline">
        <Button onClick={() => toast.show({ message: t('gallery.toastPolite'), tone: 'success' })} data-testid="gallery-toast-polite">{t('gallery.showPolite')}</Button>
        <Button onClick={() => toast.show({ message: t('gallery.toastAssertive'), tone: 'error' })} data-testid="gallery-toast-assertive">{t('gallery.showAssertive')}</Button>
      </div>
      <div className="gallery-toasts">{samples.map((s) => <ToastCard key={s.id} toast={s} onDismiss={() => undefined} />)}</div>
    </div>
  );
}

function Statuses() {
  return (
    <div className="gallery-stack">
      <div className="gallery-badges">{DOSSIER_STATUS_CODES.map((s) => <StatusBadge key={s} status={s} />)}</div>
      <div className="gallery-badges">{DOSSIER_STATUS_CODES.map((s) => <StatusBadge key={s} status={s} size="sm" />)}</div>
    </div>
  );
}

function SyncStates() {
  const { t } = useTranslation('ui');
  const since = t('gallery.sync.since', { time: '10:42' });
  return (
    <div className="gallery-badges gallery-sync">
      <SyncBadge state="synced" label={t('gallery.sync.synced')} backlog={0} backlogLabel={t('gallery.sync.none')} />
      <SyncBadge state="syncing" label={t('gallery.sync.syncing')} backlog={2} backlogLabel={t('gallery.sync.pending', { count: 2 })} age={since} />
      <SyncBadge state="offline" label={t('gallery.sync.offline')} backlog={14} backlogLabel={t('gallery.sync.pending', { count: 14 })} age={t('gallery.sync.since', { time: '07:15' })} stale />
      <SyncBadge state="error" label={t('gallery.sync.error')} backlog={1} backlogLabel={t('gallery.sync.pending', { count: 1 })} age={since} />
      <SyncBadge state="not-enrolled" label={t('gallery.sync.notEnrolled')} backlog={0} backlogLabel={t('gallery.sync.none')} />
    </div>
  );
}

function Keys() {
  const { t } = useTranslation('ui');
  return (
    <table className="gallery-keys">
      <thead><tr><th scope="col">{t('gallery.keys.key')}</th><th scope="col">{t('gallery.keys.meaning')}</th></tr></thead>
      <tbody>
        {KEYS.map((k) => <tr key={k}><td><Kbd shortcut={k} /></td><td>{t(`gallery.keys.${k}`)}</td></tr>)}
      </tbody>
    </table>
  );
}

function TypeScale() {
  const { t } = useTranslation('ui');
  return (
    <div className="gallery-type">
      {(['2xl', 'xl', 'lg', 'md', 'sm'] as const).map((size) => (
        <p key={size} style={{ fontSize: `var(--ui-font-size-${size})` }}><span className="gallery-state">{size}</span> {t('gallery.typeSample')}</p>
      ))}
    </div>
  );
}

export function Gallery({ onThemeChange }: { onThemeChange?(theme: Theme): void }) {
  const { t, i18n } = useTranslation('ui');
  const [theme, setTheme] = useState<Theme>(() => currentTheme());
  const lang = useUiLang();
  const changeTheme = (next: string): void => {
    const th: Theme = next === 'high-contrast' ? 'high-contrast' : 'light';
    applyTheme(th);
    setTheme(th);
    onThemeChange?.(th);
  };
  const changeLang = (next: string): void => {
    void i18n.changeLanguage(next);
    document.documentElement.lang = next;
  };
  return (
    <ToastProvider>
      <div className="ui-root ui-gallery" data-testid="ui-gallery">
        <header className="gallery-head">
          <div>
            <h1>{t('gallery.title')}</h1>
            <p>{t('gallery.intro')}</p>
          </div>
          <div className="gallery-switches">
            <Select label={t('gallery.theme')} value={theme} onChange={changeTheme} data-testid="gallery-theme"
              options={[{ value: 'light', label: t('gallery.themes.light') }, { value: 'high-contrast', label: t('gallery.themes.high-contrast') }]} />
            <Select label={t('gallery.language')} value={lang} onChange={changeLang} data-testid="gallery-language"
              options={[{ value: 'vi', label: 'Tiếng Việt' }, { value: 'en', label: 'English' }]} />
          </div>
        </header>
        <main className="gallery-main">
          <Section id="buttons" title={t('gallery.sections.buttons')}><Buttons /></Section>
          <Section id="fields" title={t('gallery.sections.fields')}><Fields /></Section>
          <Section id="selects" title={t('gallery.sections.selects')}><Selects /></Section>
          <Section id="combobox" title={t('gallery.sections.combobox')}><Pickers /></Section>
          <Section id="table" title={t('gallery.sections.table')}><Dossiers /></Section>
          <Section id="tabs" title={t('gallery.sections.tabs')}><WorkTabs /></Section>
          <Section id="dialog" title={t('gallery.sections.dialog')}><DialogDemo /></Section>
          <Section id="toasts" title={t('gallery.sections.toasts')}><Toasts /></Section>
          <Section id="status" title={t('gallery.sections.status')}><Statuses /></Section>
          <Section id="sync" title={t('gallery.sections.sync')}><SyncStates /></Section>
          <Section id="keys" title={t('gallery.sections.keys')}><Keys /></Section>
          <Section id="type" title={t('gallery.sections.type')}><TypeScale /></Section>
        </main>
      </div>
    </ToastProvider>
  );
}
