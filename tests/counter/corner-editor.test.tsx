// @vitest-environment happy-dom
/**
 * The corner editor (counter/CornerEditor.tsx) in a DOM: each handle a button named for its
 * corner, the first one focused; 1–4 select, arrows move (Shift further), a drag moves a corner;
 * "as detected" and "whole picture"; corners that make no page refused with the catalog's message
 * and nothing applied; detection's failure said plainly; Escape leaves the editor. The real
 * Chromium run with a camera is tests/e2e/digitise-corners.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { CornerEditor } from '../../src/renderer/counter/CornerEditor';
import type { Quad } from '../../src/renderer/scanners/document/page';
import { TILTED } from '../helpers/document-frame';
import { renderUi } from '../ui/render';

afterEach(cleanup);

const frame = { data: new Uint8ClampedArray(640 * 480 * 4).fill(120), width: 640, height: 480 };
const corners = () => screen.getAllByTestId('corner-handle').map((h) => ({ x: Number(h.dataset.x), y: Number(h.dataset.y) }));

function editor(opts: { found?: boolean; lang?: 'vi' | 'en' } = {}) {
  const applied: Quad[] = [];
  let cancelled = 0;
  const r = renderUi(
    <CornerEditor frame={frame} detected={TILTED} initial={TILTED} found={opts.found ?? true} onApply={(q) => applied.push(q)} onCancel={() => { cancelled++; }} />,
    opts.lang ?? 'vi',
  );
  return { ...r, applied, cancelled: () => cancelled };
}

describe('corner editor', () => {
  it('names each handle for its number and corner, in Vietnamese and English, and focuses the first', () => {
    editor();
    expect(screen.getAllByTestId('corner-handle').map((h) => h.getAttribute('aria-label')))
      .toEqual(['1: Góc trên bên trái', '2: Góc trên bên phải', '3: Góc dưới bên phải', '4: Góc dưới bên trái']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '1: Góc trên bên trái' }));
    expect(screen.queryByTestId('corner-no-page')).toBeNull();
    cleanup();
    editor({ lang: 'en' });
    expect(screen.getByRole('button', { name: '4: Bottom left corner' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Apply' })).toBeTruthy();
  });

  it('moves corners by keyboard: Tab or 1–4 select, arrows move 1 px, Shift 10 px; Apply hands them over', async () => {
    const e = editor();
    await e.user.keyboard('{ArrowRight}{ArrowRight}');
    expect(corners()[0]).toEqual({ x: 214, y: 38 });
    await e.user.keyboard('3');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '3: Góc dưới bên phải' }));
    await e.user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(corners()[2]).toEqual({ x: 478, y: 451 });
    await e.user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '4: Góc dưới bên trái' }));
    await e.user.keyboard('{ArrowUp}');
    expect(corners()[3]).toEqual({ x: 160, y: 423 });
    // A screen reader hears where the corner is.
    expect(screen.getByText('Góc dưới bên trái: ngang 160, dọc 423')).toBeTruthy();
    await e.user.click(screen.getByRole('button', { name: 'Áp dụng' }));
    expect(e.applied).toEqual([[{ x: 214, y: 38 }, TILTED[1], { x: 478, y: 451 }, { x: 160, y: 423 }]]);
  });

  it('drags a corner with the pointer', () => {
    editor();
    const stage = screen.getByTestId('corner-stage');
    stage.getBoundingClientRect = () => ({ left: 0, top: 0, width: 320, height: 240, right: 320, bottom: 240, x: 0, y: 0, toJSON() {} });
    const handle = screen.getByRole('button', { name: '2: Góc trên bên phải' });
    fireEvent.pointerDown(handle, { pointerId: 1, pointerType: 'touch', clientX: 226, clientY: 31 });
    fireEvent.pointerMove(stage, { pointerId: 1, pointerType: 'touch', clientX: 250, clientY: 20 });
    fireEvent.pointerUp(stage, { pointerId: 1, pointerType: 'touch', clientX: 250, clientY: 20 });
    // Half scale: 250, 20 on the screen is 500, 40 in the frame.
    expect(corners()[1]).toEqual({ x: 500, y: 40 });
    expect(screen.getByText('Góc trên bên phải: ngang 500, dọc 40')).toBeTruthy(); // said where it landed
    fireEvent.pointerMove(stage, { pointerId: 1, pointerType: 'touch', clientX: 10, clientY: 10 });
    expect(corners()[1]).toEqual({ x: 500, y: 40 }); // no drag after the release
  });

  it('refuses corners that make no page with the catalog\'s message, and applies nothing', async () => {
    const e = editor();
    // The top-left corner dragged by keyboard past the top-right: the sides cross.
    await e.user.keyboard('1');
    for (let i = 0; i < 30; i++) await e.user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(screen.getByTestId('corner-editor').dataset.valid).toBe('false');
    await e.user.click(screen.getByRole('button', { name: 'Áp dụng' }));
    const error = screen.getByRole('alert');
    expect(error.dataset.problem).toBe('crossed');
    expect(error.textContent).toContain('Bốn góc này không tạo thành trang giấy');
    expect(e.applied).toEqual([]);
    // Back to what detection found: the message goes, and Apply works.
    await e.user.click(screen.getByRole('button', { name: 'Như đã tự tìm' }));
    expect(corners()).toEqual(TILTED);
    expect(screen.queryByRole('alert')).toBeNull();
    await e.user.click(screen.getByRole('button', { name: 'Áp dụng' }));
    expect(e.applied).toEqual([TILTED]);
  });

  it('when detection failed: says so, starts from the whole picture; too small a page is refused', async () => {
    const whole: Quad = [{ x: 0, y: 0 }, { x: 639, y: 0 }, { x: 639, y: 479 }, { x: 0, y: 479 }];
    const applied: Quad[] = [];
    const r = renderUi(<CornerEditor frame={frame} detected={whole} initial={whole} found={false} onApply={(q) => applied.push(q)} onCancel={() => {}} />);
    expect(screen.getByTestId('corner-no-page').textContent).toContain('Không tìm thấy trang giấy trong ảnh');
    expect((screen.getByRole('button', { name: 'Như đã tự tìm' }) as HTMLButtonElement).disabled).toBe(true);
    // Squeeze the page: every corner 30 × 10 px towards the middle leaves a sliver.
    const moves: [string, string][] = [['1', '{ArrowRight}'], ['1', '{ArrowDown}'], ['2', '{ArrowLeft}'], ['2', '{ArrowDown}'], ['3', '{ArrowLeft}'], ['3', '{ArrowUp}'], ['4', '{ArrowRight}'], ['4', '{ArrowUp}']];
    for (const [pick, arrow] of moves) {
      await r.user.keyboard(pick);
      for (let i = 0; i < (arrow.includes('Down') || arrow.includes('Up') ? 23 : 31); i++) await r.user.keyboard(`{Shift>}${arrow}{/Shift}`);
    }
    await r.user.click(screen.getByRole('button', { name: 'Áp dụng' }));
    expect(screen.getByRole('alert').dataset.problem).toBe('small');
    expect(applied).toEqual([]);
    await r.user.click(screen.getByRole('button', { name: 'Cả khung hình' }));
    expect(corners()).toEqual(whole);
    await r.user.click(screen.getByRole('button', { name: 'Áp dụng' }));
    expect(applied).toEqual([whole]);
  });

  it('Escape leaves the editor, and does not reach the dialog beneath', async () => {
    let outside = 0;
    const onOuter = () => { outside++; };
    document.addEventListener('keydown', onOuter);
    const e = editor();
    await act(async () => { await e.user.keyboard('{Escape}'); });
    document.removeEventListener('keydown', onOuter);
    expect(e.cancelled()).toBe(1);
    expect(outside).toBe(0);
  });
});
