/**
 * Typing a day into the design system's DateField (ui/DateField.tsx), whose segments follow the
 * screen's language: day, month, year in Vietnamese; month, day, year in English. `fillDay` drives
 * real Chromium (playwright-core), `typeDay` a component under happy-dom (user-event).
 */
import type { Page } from 'playwright-core';
import type { UserEvent } from '@testing-library/user-event';

/** The digits of an ISO day in the order the field's segments take them. */
export function dayDigits(iso: string, lang: 'vi' | 'en' = 'vi'): string {
  const [y, m, d] = iso.split('-');
  return lang === 'vi' ? `${d}${m}${y}` : `${m}${d}${y}`;
}

export async function fillDay(page: Page, testId: string, iso: string, lang: 'vi' | 'en' = 'vi'): Promise<void> {
  await page.locator(`[data-testid="${testId}"] [role="spinbutton"]`).first().click();
  await page.keyboard.type(dayDigits(iso, lang));
}

export async function typeDay(user: UserEvent, field: HTMLElement, iso: string, lang: 'vi' | 'en' = 'vi'): Promise<void> {
  const first = field.querySelector<HTMLElement>('[role="spinbutton"]');
  if (!first) throw new Error('not a DateField: no segment');
  await user.click(first);
  await user.keyboard(dayDigits(iso, lang));
}
