/**
 * The audit log of admin actions (enrollment codes, device revocations, staff changes, PIN
 * resets, admin token revocations) and of signing-key registrations. Written in the same
 * transaction as the change where there is one. `details` never holds a PIN, a token or a
 * citizen's data.
 */
import type { Queryable } from '../db/types';
import type { AuditEntry } from '../../shared/protocol';

/** Who acted: an admin token's id, `env` (a token from the environment), `cli`, or `device:<id>`. */
export type Actor = string;

export async function audit(q: Queryable, actor: Actor, action: string, target: string | null, details?: unknown): Promise<void> {
  await q.query('insert into admin_audit (actor, action, target, details) values ($1, $2, $3, $4)',
    [actor, action, target, details === undefined ? null : JSON.stringify(details)]);
}

export async function auditLog(q: Queryable, limit: number, action?: string): Promise<AuditEntry[]> {
  const rows = await q.query<{ id: number; at: Date; actor: string; action: string; target: string | null; details: unknown }>(
    `select id, at, actor, action, target, details from admin_audit
     where ($2::text is null or action = $2) order by id desc limit $1`, [limit, action ?? null]);
  return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, details: r.details ?? null }));
}
