// @vitest-environment happy-dom
/**
 * The camera capture at the counter (counter/CameraCapture.tsx, counter/camera-capture.ts), where
 * a DOM without a camera can check it: the page names and the remembered mode, and a camera the
 * system refuses — the catalog's Vietnamese message, nothing captured, the file picker still
 * working. Capturing itself runs in real Chromium with a fake camera (tests/e2e/digitise-camera.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { AGENCY, dossierRow, PIN, signInAs, startCounter, until, type Counter } from './harness';
import { loadCaptureMode, nextPageName, retakeName, saveCaptureMode } from '../../src/renderer/counter/camera-capture';

let c: Counter | null = null;
const original = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices');
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
  if (original) Object.defineProperty(navigator, 'mediaDevices', original);
  else delete (navigator as { mediaDevices?: unknown }).mediaDevices;
  localStorage.clear();
});

const CODE = `${AGENCY}-260305-0002`;

describe('camera capture rules', () => {
  it('names pages trang-N past the highest number used, keeps a retaken page\'s number', () => {
    expect(nextPageName([], 'image/jpeg')).toBe('trang-1.jpg');
    expect(nextPageName(['trang-1.jpg', 'trang-2.jpg'], 'image/png')).toBe('trang-3.png');
    // Page 2 deleted: the next is still 4, never a second "trang-3".
    expect(nextPageName(['trang-1.jpg', 'trang-3.jpg'], 'image/jpeg')).toBe('trang-4.jpg');
    expect(nextPageName(['scan-001.pdf', 'to-khai.png'], 'image/jpeg')).toBe('trang-3.jpg');
    expect(retakeName('trang-3.jpg', 'image/png')).toBe('trang-3.png');
  });

  it('remembers the last mode, grey until one is chosen or when the stored value is not a mode', () => {
    const m = new Map<string, string>();
    const store = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    expect(loadCaptureMode(store)).toBe('grey');
    saveCaptureMode('bitonal', store);
    expect(loadCaptureMode(store)).toBe('bitonal');
    store.setItem('kiosk.digitise.captureMode', 'sepia');
    expect(loadCaptureMode(store)).toBe('grey');
    const broken = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); } };
    expect(loadCaptureMode(broken)).toBe('grey');
    expect(() => saveCaptureMode('colour', broken)).not.toThrow();
  });
});

describe('camera capture dialog', () => {
  it('explains a refused camera with the catalog\'s message, remembers the mode, and the file picker still works', async () => {
    let asked = 0;
    Object.defineProperty(navigator, 'mediaDevices', {
      configurable: true,
      value: {
        getUserMedia: () => { asked++; return Promise.reject(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' })); },
        enumerateDevices: () => Promise.resolve([]),
      },
    });
    c = await startCounter({ rows: [dossierRow(CODE, 2, { agencyCode: AGENCY, documents: ['Tờ khai', 'Bản sao CCCD'] })] });
    await signInAs('c1', PIN);
    c.scan(CODE);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === CODE);
    const box = () => screen.getAllByTestId('digitise-component').find((e) => e.getAttribute('data-component') === 'Tờ khai')!;
    const open = within(box()).getByTestId('camera-open');
    expect(open.getAttribute('aria-label')).toBe('Chụp bằng camera: các trang của “Tờ khai”');
    fireEvent.click(open);
    await until(() => screen.queryByTestId('camera-error') !== null);
    const error = screen.getByTestId('camera-error');
    expect(error.getAttribute('data-code')).toBe('camera-denied');
    expect(error.textContent).toContain('Ứng dụng không được phép dùng camera. Hãy cho phép truy cập camera trong cài đặt của máy rồi thử lại.');
    expect((screen.getByTestId('camera-shoot') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Chưa chụp trang nào.')).toBeTruthy();
    // Grey by default; black and white chosen is remembered for the next time.
    const select = within(screen.getByTestId('camera-capture')).getByRole('combobox') as HTMLSelectElement;
    expect(select.value).toBe('grey');
    fireEvent.change(select, { target: { value: 'bitonal' } });
    // Asking again asks the system again.
    fireEvent.click(screen.getByTestId('camera-retry'));
    await until(() => asked === 2);
    fireEvent.click(screen.getByTestId('camera-done'));
    await until(() => screen.queryByTestId('camera-capture') === null);
    fireEvent.click(within(box()).getByTestId('camera-open'));
    await until(() => screen.queryByTestId('camera-capture') !== null);
    expect((within(screen.getByTestId('camera-capture')).getByRole('combobox') as HTMLSelectElement).value).toBe('bitonal');
    fireEvent.click(screen.getByTestId('camera-done'));
    await until(() => screen.queryByTestId('camera-capture') === null);
    expect(await c.db.attachments.count()).toBe(0);

    // The file picker of the same component still keeps a page.
    const input = within(box()).getByTestId('file-input') as HTMLInputElement;
    const b = new Uint8Array(2000);
    b.set([0xff, 0xd8, 0xff, 0xe0]);
    b.set([0xff, 0xd9], b.length - 2);
    Object.defineProperty(input, 'files', { value: [new File([b], 'trang-1.jpg', { type: 'image/jpeg' })], configurable: true });
    fireEvent.change(input);
    await until(() => within(box()).queryAllByTestId('page').length === 1);
  });
});
