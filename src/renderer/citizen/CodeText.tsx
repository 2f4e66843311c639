/**
 * A dossier code kept on one line: `000.00.01.H08-261119-0001` must not break at its hyphens (a
 * citizen compares it with the receipt). `white-space: nowrap` on the code's own element, so the
 * text stays the code as printed: copying it or a screen reader gets ordinary hyphens, not
 * look-alike non-breaking ones.
 */
import { Fragment } from 'react';

/** Stands for the code in a translated sentence (a private-use character: never in a translation
 * or a code), replaced by the code's element. */
export const CODE_MARK = '\uE000';

export function DossierCode({ code, className }: { code: string; className?: string }) {
  return <span className={className ? `dossier-code ${className}` : 'dossier-code'} data-testid="dossier-code">{code}</span>;
}

/** A translated sentence given `{ code: CODE_MARK }` (or an example code), with the code kept whole. */
export function WithCode({ text, code }: { text: string; code: string }) {
  const parts = text.split(CODE_MARK);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <DossierCode code={code} />}
          {p}
        </Fragment>
      ))}
    </>
  );
}
