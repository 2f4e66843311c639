/**
 * A modal dialog: focus moves in (to the element marked `data-autofocus`, else the first field,
 * else the dialog itself, so that Enter never confirms by accident),
 * Tab stays inside, Escape closes (unless busy), and focus returns to where it was when the
 * dialog closes; the page beneath is hidden from assistive technology and its shortcuts are off
 * (`ShortcutLayer`). `role="alertdialog"` for a question that interrupts. React Aria's Modal and
 * Dialog underneath. The actions are the caller's buttons.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { UiLocale } from './locale';
import { ShortcutLayer } from './shortcuts';

export interface DialogProps {
  open: boolean;
  /** Escape (and nothing else of the dialog's own) asks to close; the caller decides. */
  onClose(): void;
  title: string;
  /** A sentence under the title, read with it. */
  description?: string;
  children?: ReactNode;
  /** The buttons, primary last (right). */
  actions?: ReactNode;
  busy?: boolean;
  role?: 'dialog' | 'alertdialog';
  size?: 'sm' | 'md' | 'lg';
  'data-testid'?: string;
}

const FIELDS = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

export function Dialog({ open, onClose, title, description, children, actions, busy = false, role = 'dialog', size = 'md', 'data-testid': testId }: DialogProps) {
  const descriptionId = useId();
  const content = useRef<HTMLDivElement | null>(null);
  // Runs after the library's own effects (a parent's effects follow its children's), which focus
  // the dialog itself; then moves focus to where the dialog's work starts.
  useEffect(() => {
    if (!open) return;
    const box = content.current;
    const target = box?.querySelector<HTMLElement>('[data-autofocus]') ?? box?.querySelector<HTMLElement>(FIELDS);
    target?.focus();
  }, [open]);
  return (
    <UiLocale>
      <ModalOverlay
        className="ui-overlay"
        isOpen={open}
        onOpenChange={(isOpen) => { if (!isOpen && !busy) onClose(); }}
        isDismissable={false}
        isKeyboardDismissDisabled={busy}
      >
        <Modal className="ui-modal" data-size={size}>
          <AriaDialog
            className="ui-dialog"
            role={role}
            aria-describedby={description ? descriptionId : undefined}
            data-testid={testId}
          >
            <ShortcutLayer>
              <Heading slot="title" className="ui-dialog-title">{title}</Heading>
              {description && <p id={descriptionId} className="ui-dialog-description">{description}</p>}
              <div ref={content} className="ui-dialog-content" aria-busy={busy || undefined}>
                {children !== undefined && <div className="ui-dialog-body">{children}</div>}
                {actions && <div className="ui-dialog-actions">{actions}</div>}
              </div>
            </ShortcutLayer>
          </AriaDialog>
        </Modal>
      </ModalOverlay>
    </UiLocale>
  );
}
