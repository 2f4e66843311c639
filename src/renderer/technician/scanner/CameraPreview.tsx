/**
 * Camera preview with live decode: what the camera sees and what it reads, through the same
 * camera scanner the other screens use. Decodes go into the scan stream, so the monitor and the
 * fidelity test see them like any other scan. The camera is off until asked for, and off again
 * when the console closes. The technician picks a camera to try, and saves it as the kiosk's
 * camera (settings `cameraDeviceId`), which the camera scanner opens from then on.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices, useSettings } from '../../app-services';
import { useCameraScanner } from '../../scanners/camera/use-camera-scanner';
import { errorText, useConsoleApi } from '../console-api';
import { codeKey } from '../../i18n/codes';
import { Button, Select, type SelectOption } from '../../ui';

export function CameraPreview() {
  const { t } = useTranslation(['console', 'codes']);
  const { t: tc } = useTranslation(['camera', 'codes']);
  const { scans } = useAppServices();
  const api = useConsoleApi();
  const saved = useSettings().cameraDeviceId;
  const [enabled, setEnabled] = useState(false);
  // What the technician picked to try; until then (and after saving) the saved camera.
  const [picked, setPicked] = useState<{ deviceId: string | null } | null>(null);
  const deviceId = picked ? picked.deviceId : saved;
  const [last, setLast] = useState<number | null>(null);
  const [result, setResult] = useState<{ ok: true } | { ok: false; error: unknown } | null>(null);
  const cam = useCameraScanner({
    enabled, deviceId,
    onScan: (raw) => { if (scans.push(raw)) setLast(raw.at); },
  });
  const savedMissing = saved !== null && cam.devices.length > 0 && !cam.devices.some((d) => d.deviceId === saved);
  // A camera that failed to open is closed again: its error stays, the button offers to open it
  // (a new try), and no empty preview is left on the screen.
  useEffect(() => { if (cam.state === 'error') setEnabled(false); }, [cam.state]);
  const running = enabled && (cam.state === 'starting' || cam.state === 'scanning');

  async function save() {
    setResult(null);
    try {
      await api.call('settings.update', { cameraDeviceId: deviceId });
      setPicked(null);
      setResult({ ok: true });
    } catch (error) {
      setResult({ ok: false, error });
    }
  }

  const options: SelectOption[] = [
    { value: '', label: t('camera.default') },
    ...(savedMissing && saved !== null ? [{ value: saved, label: t('camera.missing') }] : []),
    ...cam.devices.map((d) => ({ value: d.deviceId, label: d.label || tc('deviceFallbackLabel', { index: d.index }) })),
  ];

  return (
    <div className="tsc-block tsc-camera" data-testid="camera-preview">
      <h3>{tc('title')}</h3>
      <div className="tsc-row">
        <Select
          className="tsc-camera-device" label={tc('chooseDevice')} options={options} value={deviceId ?? ''} data-testid="camera-device"
          onChange={(v) => { setResult(null); setPicked({ deviceId: v === '' ? null : v }); }}
        />
        <Button onClick={() => setEnabled((v) => !v)} data-testid="camera-toggle">
          {running ? tc('close') : t('camera.open')}
        </Button>
        <Button onClick={() => void save()} disabled={deviceId === saved} data-testid="camera-save">
          {t('camera.save')}
        </Button>
      </div>
      {/* Whether the camera shown is the saved one; its own test id, so a paragraph, not the field's description. */}
      {(cam.devices.length > 0 || running || deviceId !== saved)
        ? <p className="tech-hint" data-testid="camera-saved-hint">{deviceId === saved ? t('camera.isSaved') : t('camera.notSaved')}</p>
        : <p className="tech-hint" data-testid="camera-none">{tc('noDevices')}</p>}
      {result && (result.ok
        ? <p role="status" className="tech-note" data-tone="success" data-testid="camera-result">{t('camera.saved')}</p>
        : <p role="alert" className="tech-note" data-tone="error" data-testid="camera-result">{errorText(t, result.error)}</p>)}
      {enabled && cam.state === 'starting' && <p role="status">{tc('starting')}</p>}
      {enabled && cam.state === 'scanning' && <p role="status">{tc('scanning')}</p>}
      {cam.error && <p role="alert" className="tech-note" data-tone="error" data-testid="camera-error">{tc(codeKey('camera', cam.error.code))}</p>}
      {last !== null && <p className="tech-note" data-tone="success" data-testid="camera-decoded">{tc('decoded')}</p>}
      <video ref={cam.videoRef} muted playsInline hidden={!running} className="tech-video" />
    </div>
  );
}
