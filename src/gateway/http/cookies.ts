/** Reading the console's session cookie. */
import type { FastifyRequest } from 'fastify';

/** The value of cookie `name` in the request's Cookie header, or null. */
export function cookieValue(req: FastifyRequest, name: string): string | null {
  const h = req.headers.cookie;
  if (typeof h !== 'string') return null;
  for (const part of h.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      const v = part.slice(i + 1).trim();
      return /^[A-Za-z0-9_-]{16,128}$/.test(v) ? v : null;
    }
  }
  return null;
}
