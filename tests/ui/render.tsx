/** Renders shared components inside the app's own i18n (happy-dom), with a user-event driver. */
import type { ReactElement, ReactNode } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { createI18n, type Lang } from '../../src/renderer/i18n';

export function renderUi(ui: ReactElement, lang: Lang = 'vi'): RenderResult & { user: ReturnType<typeof userEvent.setup> } {
  const i18n = createI18n(lang);
  const user = userEvent.setup();
  const wrap = (el: ReactNode): ReactElement => <I18nextProvider i18n={i18n}>{el}</I18nextProvider>;
  const result = render(wrap(ui));
  return { ...result, rerender: (el: ReactNode) => result.rerender(wrap(el)), user };
}

export const PROCEDURES = [
  { id: '1.001193', label: 'Đăng ký khai sinh', detail: '1.001193 · Hộ tịch' },
  { id: '1.000894', label: 'Đăng ký kết hôn', detail: '1.000894 · Hộ tịch' },
  { id: '1.001022', label: 'Đăng ký khai tử', detail: '1.001022 · Hộ tịch' },
  { id: '2.000908', label: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', detail: '2.000908 · Chứng thực' },
  { id: '1.004227', label: 'Đăng ký thường trú', detail: '1.004227 · Cư trú' },
  { id: '1.003583', label: 'Cấp Giấy xác nhận tình trạng hôn nhân', detail: '1.003583 · Hộ tịch' },
];
