// @vitest-environment happy-dom
/**
 * The storage-recovery notice above the counter: the design system's Button to dismiss it (not a
 * browser-default button), in the counter's language; dismissed, it is gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { RecoveryNotice } from '../../src/renderer/recovery/RecoveryNotice';
import { setRecoveryState } from '../../src/renderer/recovery/storage-recovery';
import { createI18n } from '../../src/renderer/i18n';
import recoveryText from '../../src/renderer/i18n/recovery';

afterEach(() => {
  cleanup();
  setRecoveryState(null);
});

describe('the storage-recovery notice', () => {
  it('is dismissed with the design system\'s primary Button, in Vietnamese and in English', async () => {
    for (const lang of ['vi', 'en'] as const) {
      setRecoveryState({ reason: 'corrupt', at: 0, requeued: 2 });
      render(<I18nextProvider i18n={createI18n(lang)}><RecoveryNotice /></I18nextProvider>);
      const ok = screen.getByTestId('storage-recovery-ok');
      expect(ok.tagName).toBe('BUTTON');
      expect(ok.classList.contains('ui-button')).toBe(true);
      expect(ok.getAttribute('data-variant')).toBe('primary');
      expect(ok.textContent).toBe(recoveryText[lang].ok);
      expect(screen.getByTestId('storage-recovery-notice').getAttribute('role')).toBe('alert');
      await act(async () => { fireEvent.click(ok); });
      expect(screen.queryByTestId('storage-recovery-notice')).toBeNull();
      cleanup();
    }
  });
});
