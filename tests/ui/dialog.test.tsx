// @vitest-environment happy-dom
/** The dialog keeps focus inside, closes with Escape (not while busy) and gives focus back. */
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import { Button, Dialog, TextField, useShortcut } from '../../src/renderer/ui';
import { renderUi } from './render';

afterEach(cleanup);

function Page({ busy = false, onPageF2 }: { busy?: boolean; onPageF2?(): void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  useShortcut('F2', () => onPageF2?.());
  return (
    <main>
      <Button onClick={() => undefined}>Trước</Button>
      <Button onClick={() => setOpen(true)} data-testid="open">Chuyển trạng thái</Button>
      <Dialog
        open={open} onClose={() => setOpen(false)} title="Chuyển hồ sơ?" description="Hồ sơ sẽ được chuyển xử lý." busy={busy}
        data-testid="dialog"
        actions={<>
          <Button onClick={() => setOpen(false)} data-testid="no">Hủy</Button>
          <Button variant="primary" onClick={() => setOpen(false)} busy={busy} data-testid="yes">Xác nhận</Button>
        </>}
      >
        <TextField label="Ghi chú" value={note} onChange={(e) => setNote(e.target.value)} data-testid="note" />
      </Dialog>
    </main>
  );
}

describe('Dialog', () => {
  it('is a labelled, described modal dialog that takes focus', async () => {
    const { user } = renderUi(<Page />);
    await user.click(screen.getByTestId('open'));
    const dialog = screen.getByRole('dialog', { name: 'Chuyển hồ sơ?' });
    expect(dialog.getAttribute('aria-describedby') && document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent)
      .toBe('Hồ sơ sẽ được chuyển xử lý.');
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).toBe(screen.getByTestId('note'));
  });

  it('puts focus on the element marked data-autofocus, else on the dialog when it has no field', async () => {
    function Ask() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <Button onClick={() => setOpen(true)} data-testid="open">Hỏi</Button>
          <Dialog open={open} onClose={() => setOpen(false)} title="Xóa?" role="alertdialog"
            actions={<><Button onClick={() => setOpen(false)} data-autofocus data-testid="no">Không</Button><Button variant="danger" data-testid="yes">Xóa</Button></>} />
        </>
      );
    }
    const { user } = renderUi(<Ask />);
    await user.click(screen.getByTestId('open'));
    expect(screen.getByRole('alertdialog', { name: 'Xóa?' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('no'));
  });

  // Shift+Tab wrapping from the first control to the last is checked in real Chromium
  // (tests/ui/gallery-chromium.test.ts): happy-dom's focus bookkeeping differs there.
  it('traps Tab inside and goes back with Shift+Tab', async () => {
    const { user } = renderUi(<Page />);
    await user.click(screen.getByTestId('open'));
    const dialog = screen.getByRole('dialog');
    const seen: (string | null)[] = [];
    for (let i = 0; i < 7; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
      seen.push(document.activeElement?.getAttribute('data-testid') ?? null);
    }
    // note → Hủy → Xác nhận → back to note …
    expect(seen).toEqual(['no', 'yes', 'note', 'no', 'yes', 'note', 'no']);
    await user.tab({ shift: true });
    expect(document.activeElement?.getAttribute('data-testid')).toBe('note');
  });

  it('closes with Escape and returns focus to the button that opened it', async () => {
    const { user } = renderUi(<Page />);
    const opener = screen.getByTestId('open');
    await user.click(opener);
    expect(screen.getByRole('dialog')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await act(async () => { await new Promise((r) => setTimeout(r, 20)); });
    expect(document.activeElement).toBe(opener);
  });

  it('returns focus after closing by a button inside too', async () => {
    const { user } = renderUi(<Page />);
    const opener = screen.getByTestId('open');
    opener.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('dialog')).toBeTruthy();
    await user.click(screen.getByTestId('no'));
    expect(screen.queryByRole('dialog')).toBeNull();
    await act(async () => { await new Promise((r) => setTimeout(r, 20)); });
    expect(document.activeElement).toBe(opener);
  });

  it('stays open on Escape while busy', async () => {
    const { user } = renderUi(<Page busy />);
    await user.click(screen.getByTestId('open'));
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog').querySelector('[aria-busy="true"]')).not.toBeNull();
    expect(screen.getByTestId('yes').getAttribute('aria-busy')).toBe('true');
  });

  it("turns the page's shortcuts off while open", async () => {
    let pageF2 = 0;
    const { user } = renderUi(<Page onPageF2={() => { pageF2++; }} />);
    await user.keyboard('{F2}');
    expect(pageF2).toBe(1);
    await user.click(screen.getByTestId('open'));
    await user.keyboard('{F2}');
    expect(pageF2).toBe(1);
    await user.keyboard('{Escape}');
    await user.keyboard('{F2}');
    expect(pageF2).toBe(2);
  });
});
