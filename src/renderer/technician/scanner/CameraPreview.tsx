/**
 * Camera preview with live decode: what the camera sees and what it reads, through the same
 * camera scanner the counter uses. Decodes go into the scan stream, so the monitor and the
 * fidelity test see them like any other scan. The camera is off until asked for, and off again
 * when the console closes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { useCameraScanner } from '../../scanners/camera/use-camera-scanner';

export function CameraPreview() {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation('camera');
  const { scans } = useAppServices();
  const [enabled, setEnabled] = useState(false);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [last, setLast] = useState<number | null>(null);
  const cam = useCameraScanner({
    enabled, deviceId,
    onScan: (raw) => { if (scans.push(raw)) setLast(raw.at); },
  });

  return (
    <div className="tech-camera" data-testid="camera-preview">
      <h3>{tc('title')}</h3>
      <div className="tech-row">
        <label>{tc('chooseDevice')}
          <select value={deviceId ?? ''} onChange={(e) => setDeviceId(e.target.value === '' ? null : e.target.value)} data-testid="camera-device">
            <option value="">{t('camera.default')}</option>
            {cam.devices.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label || tc('deviceFallbackLabel', { index: d.index })}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => setEnabled((v) => !v)} data-testid="camera-toggle">
          {enabled ? tc('close') : t('camera.open')}
        </button>
      </div>
      {!enabled && cam.devices.length === 0 && <p>{tc('noDevices')}</p>}
      {enabled && cam.state === 'starting' && <p role="status">{tc('starting')}</p>}
      {enabled && cam.state === 'scanning' && <p role="status">{tc('scanning')}</p>}
      {cam.error && <p role="alert" className="tech-bad" data-testid="camera-error">{tc(`errors.${cam.error.code}`)}</p>}
      {last !== null && <p data-testid="camera-decoded">{tc('decoded')}</p>}
      <video ref={cam.videoRef} muted playsInline hidden={!enabled} className="tech-video" />
    </div>
  );
}
