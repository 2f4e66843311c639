/**
 * Which screen a host opens at start. The source of truth is the settings' `role` (set in the
 * technician console, applied at the next start); `KIOSK_ROLE` / `npm start -- --role` and the URL
 * hash exist only as development overrides.
 */
import type { z } from 'zod';
import type { Role as RoleSchema } from '../shared/settings/schema';
import type { HostServices } from './services';

export type Role = z.infer<typeof RoleSchema>;

/** The screen of each role (the renderer's routes). */
export const ROLE_HASH: Readonly<Record<Role, string>> = { counter: '#/counter', kiosk: '#/kiosk' };

/** A development override from the environment or the command line; null when absent or unknown. */
export function parseRole(value: string | null | undefined): Role | null {
  return value === 'counter' || value === 'kiosk' ? value : null;
}

/** The override when given, else the role in the settings (counter when they cannot be read). */
export async function startRole(services: Pick<HostServices, 'handlers'>, override: Role | null = null): Promise<Role> {
  if (override) return override;
  try {
    return (await services.handlers['settings.get']({})).role;
  } catch {
    return 'counter';
  }
}
