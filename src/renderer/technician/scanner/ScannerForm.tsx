/**
 * One serial scanner's settings, checked by the contract's `SerialScannerConfig` before they are
 * sent (the host checks again before it touches a port). Scanners ship at 9600 8N1 (RS-232) or
 * 115200 8N1 with CR LF (USB-CDC), so those are offered first.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { SerialScannerConfig, Terminator } from '../../../shared/bridge/contract';
import { Button, Checkbox, Select, TextField, type TextFieldProps } from '../../ui';
import { focusFirstInvalid } from '../console-api';

export const COMMON_BAUDS = [9600, 115200, 19200, 38400, 57600, 4800, 2400];

type Draft = Record<'id' | 'path' | 'vendorId' | 'productId' | 'serialNumber' | 'baudRate' | 'dataBits' | 'parity' | 'stopBits'
  | 'terminator' | 'silenceMs' | 'prefix' | 'suffix' | 'maxFrame', string> & { enabled: boolean };

function toDraft(c: Partial<SerialScannerConfig>): Draft {
  const s = (v: unknown, d = '') => (v === undefined || v === null ? d : String(v));
  return {
    id: s(c.id), path: s(c.path), vendorId: s(c.vendorId), productId: s(c.productId), serialNumber: s(c.serialNumber),
    baudRate: s(c.baudRate, '9600'), dataBits: s(c.dataBits, '8'), parity: s(c.parity, 'none'), stopBits: s(c.stopBits, '1'),
    terminator: s(c.terminator, 'auto'), silenceMs: s(c.silenceMs, '30'), prefix: s(c.prefix), suffix: s(c.suffix),
    maxFrame: s(c.maxFrame, '4096'), enabled: c.enabled ?? true,
  };
}

/** Empty optional fields are left out; numbers typed as text become numbers (or NaN, which fails). */
function fromDraft(d: Draft): unknown {
  const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  return {
    id: d.id.trim(), path: opt(d.path), vendorId: opt(d.vendorId)?.toLowerCase(), productId: opt(d.productId)?.toLowerCase(),
    serialNumber: opt(d.serialNumber), baudRate: num(d.baudRate), dataBits: num(d.dataBits), parity: d.parity,
    stopBits: num(d.stopBits), terminator: d.terminator, silenceMs: num(d.silenceMs), prefix: d.prefix, suffix: d.suffix,
    maxFrame: num(d.maxFrame), enabled: d.enabled,
  };
}

/** What the form can say is wrong: a field (a checkbox cannot be), the path-or-USB-ids rule, which
 * has no single field (`where`), or an id another scanner has (`duplicateId`). */
export type ScannerProblem = Exclude<keyof SerialScannerConfig, 'enabled'> | 'where' | 'duplicateId';

const FIELDS = SerialScannerConfig.keyof().exclude(['enabled']).options;

/** The fields at fault (zod's `flattenError`); a problem of the whole config is the `where` rule. */
export function scannerProblems(input: unknown): { ok: true; config: SerialScannerConfig } | { ok: false; fields: ScannerProblem[] } {
  const r = SerialScannerConfig.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  const { formErrors, fieldErrors } = z.flattenError(r.error);
  const fields: ScannerProblem[] = FIELDS.filter((f) => fieldErrors[f] !== undefined);
  return { ok: false, fields: formErrors.length > 0 ? [...fields, 'where'] : fields };
}

interface Props {
  config: Partial<SerialScannerConfig>;
  /** Ids of the other scanners: two scanners may not share one. */
  otherIds: string[];
  onSave(config: SerialScannerConfig): Promise<void>;
  onRemove(): void;
}

export function ScannerForm({ config, otherIds, onSave, onRemove }: Props) {
  const { t } = useTranslation('console');
  const [d, setD] = useState<Draft>(() => toDraft(config));
  const [bad, setBad] = useState<ScannerProblem[]>([]);
  const [busy, setBusy] = useState(false);
  // One list of baud rates per form: two forms on the page must not share an id.
  const baudsId = `${useId()}-bauds`;
  const set = (k: Exclude<keyof Draft, 'enabled'>) => (value: string) => setD((prev) => ({ ...prev, [k]: value }));
  const testid = (f: string) => `scanner-${config.id ?? 'new'}-${f}`;

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const checked = scannerProblems(fromDraft(d));
    const fields = checked.ok ? [] : checked.fields;
    if (checked.ok && otherIds.includes(checked.config.id)) fields.push('duplicateId');
    setBad(fields);
    if (!checked.ok || fields.length > 0) {
      focusFirstInvalid(e.currentTarget);
      return;
    }
    setBusy(true);
    try {
      await onSave(checked.config);
    } finally {
      setBusy(false);
    }
  }

  /** A field's error, in words (the field shows it and is marked invalid). */
  const error = (f: ScannerProblem): string | null => (bad.includes(f) ? t(`scanner.invalid.${f}`) : null);
  /** An error of no single field: said at once, where it applies. */
  const alert = (f: 'where' | 'duplicateId') => bad.includes(f)
    ? <p className="tsc-form-alert" role="alert" data-testid={testid(`invalid-${f}`)}>{t(`scanner.invalid.${f}`)}</p>
    : null;
  const text = (f: Exclude<keyof Draft, 'enabled'>, extra: Partial<TextFieldProps> = {}) => (
    <TextField
      key={f} label={t(`scanner.field.${f}`)} mono value={d[f]} onChange={(e) => set(f)(e.target.value)}
      error={error(f)} errorTestId={testid(`invalid-${f}`)} data-testid={testid(f)} {...extra}
    />
  );
  const select = <O extends string | number>(f: Exclude<keyof Draft, 'enabled'>, options: readonly O[], label?: (o: O) => string) => (
    <Select
      key={f} label={t(`scanner.field.${f}`)} value={d[f]} onChange={set(f)}
      options={options.map((o) => ({ value: String(o), label: label ? label(o) : String(o) }))}
      error={error(f)} errorTestId={testid(`invalid-${f}`)} data-testid={testid(f)}
    />
  );

  return (
    <form noValidate className="tsc-form" onSubmit={(e) => void save(e)} data-testid={testid('form')}>
      {text('id', { maxLength: 64 })}
      {text('path', { placeholder: 'COM3 / /dev/ttyACM0' })}
      {text('vendorId', { placeholder: '0c2e', maxLength: 4 })}
      {text('productId', { placeholder: '0b61', maxLength: 4 })}
      {text('serialNumber')}
      {alert('where')}
      {text('baudRate', { list: baudsId, inputMode: 'numeric' })}
      <datalist id={baudsId}>{COMMON_BAUDS.map((b) => <option key={b} value={b} />)}</datalist>
      {select('dataBits', [8, 7, 6, 5])}
      {select('parity', SerialScannerConfig.shape.parity.unwrap().options, (o) => t(`scanner.parity.${o}`))}
      {select('stopBits', [1, 1.5, 2])}
      {select('terminator', Terminator.options, (o) => t(`scanner.terminator.${o}`))}
      {d.terminator === 'none' && text('silenceMs', { inputMode: 'numeric' })}
      {text('prefix', { maxLength: 16 })}
      {text('suffix', { maxLength: 16 })}
      {text('maxFrame', { inputMode: 'numeric' })}
      <Checkbox
        className="tsc-form-check" checked={d.enabled} data-testid={testid('enabled')}
        onChange={(enabled) => setD((p) => ({ ...p, enabled }))}
      >
        {t('scanner.field.enabled')}
      </Checkbox>
      {alert('duplicateId')}
      <div className="tsc-row tsc-form-actions">
        <Button type="submit" variant="primary" busy={busy} data-testid={testid('save')}>{t('scanner.save')}</Button>
        <Button variant="danger" onClick={onRemove} data-testid={testid('remove')}>{t('scanner.remove')}</Button>
      </div>
    </form>
  );
}
