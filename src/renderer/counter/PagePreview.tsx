/** A page's preview in the digitising lists (Digitise.tsx, CameraCapture.tsx): the image itself (an
 * object URL of its stored Blob, revoked when the preview goes), or a PDF mark. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../app-services';
import type { AttachmentRow } from '../db/database';

export function Preview({ row }: { row: AttachmentRow }) {
  const { t } = useTranslation('digitise');
  const { db } = useAppServices();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (row.mime === 'application/pdf') return undefined;
    let made: string | null = null;
    let live = true;
    void db.files.get(row.sha256).then((f) => {
      if (!live || !f?.blob) return;
      made = URL.createObjectURL(f.blob);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [db, row.sha256, row.mime]);
  if (row.mime === 'application/pdf') return <span className="page-thumb page-pdf" aria-label={t('pdf')}>PDF</span>;
  return url ? <img className="page-thumb" src={url} alt="" /> : <span className="page-thumb" aria-hidden="true" />;
}
