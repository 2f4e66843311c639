/**
 * Camera preview with live decode: what the camera sees and what it reads, through the same
 * camera scanner the other screens use. Decodes go into the scan stream, so the monitor and the
 * fidelity test see them like any other scan. The camera is off until asked for, and off again
 * when the console closes. The technician picks a camera to try, and saves it as the kiosk's
 * camera (settings `cameraDeviceId`), which the camera scanner opens from then on.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices, useSettings } from '../../app-services';
import { useCameraScanner } from '../../scanners/camera/use-camera-scanner';
import { errorText, useConsoleApi } from '../console-api';
import { codeKey } from '../../i18n/codes';

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

  return (
    <div className="tech-camera" data-testid="camera-preview">
      <h3>{tc('title')}</h3>
      <div className="tech-row">
        <label>{tc('chooseDevice')}
          <select
            value={deviceId ?? ''} data-testid="camera-device"
            onChange={(e) => { setResult(null); setPicked({ deviceId: e.target.value === '' ? null : e.target.value }); }}
          >
            <option value="">{t('camera.default')}</option>
            {savedMissing && <option value={saved ?? ''}>{t('camera.missing')}</option>}
            {cam.devices.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label || tc('deviceFallbackLabel', { index: d.index })}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => setEnabled((v) => !v)} data-testid="camera-toggle">
          {enabled ? tc('close') : t('camera.open')}
        </button>
        <button type="button" onClick={() => void save()} disabled={deviceId === saved} data-testid="camera-save">
          {t('camera.save')}
        </button>
      </div>
      <p className="tech-hint" data-testid="camera-saved-hint">{deviceId === saved ? t('camera.isSaved') : t('camera.notSaved')}</p>
      {result && (result.ok
        ? <p role="status" data-testid="camera-result">{t('camera.saved')}</p>
        : <p role="alert" className="tech-bad" data-testid="camera-result">{errorText(t, result.error)}</p>)}
      {!enabled && cam.devices.length === 0 && <p>{tc('noDevices')}</p>}
      {enabled && cam.state === 'starting' && <p role="status">{tc('starting')}</p>}
      {enabled && cam.state === 'scanning' && <p role="status">{tc('scanning')}</p>}
      {cam.error && <p role="alert" className="tech-bad" data-testid="camera-error">{tc(codeKey('camera', cam.error.code))}</p>}
      {last !== null && <p data-testid="camera-decoded">{tc('decoded')}</p>}
      <video ref={cam.videoRef} muted playsInline hidden={!enabled} className="tech-video" />
    </div>
  );
}
