/** A gateway answer without the protocol's error body (a proxy's 502): one declared code,
 * `http-error`, with its status beside it; the heartbeat still reports it as `http-502`. */
import { describe, expect, it } from 'vitest';
import { failureOf, gatewayErrorCode } from '../../src/renderer/sync/http';
import { reportedCode } from '../../src/renderer/sync/status';

describe('sync failures', () => {
  it('keeps the gateway\'s own code, and calls any other answer http-error with its status', () => {
    const body = { error: { code: 'rate-limited', message: { vi: 'x', en: 'x' } } };
    expect(gatewayErrorCode(body)).toBe('rate-limited');
    expect(failureOf({ status: 429, body })).toMatchObject({ code: 'rate-limited', kind: 'server', status: 429 });
    const proxy = failureOf({ status: 502, body: null });
    expect(proxy).toMatchObject({ code: 'http-error', kind: 'server', status: 502, message: 'Gateway answered 502 (http-502)' });
    // A code this build does not know is no protocol error body either.
    expect(failureOf({ status: 400, body: { error: { code: 'from-a-newer-gateway', message: { vi: 'x', en: 'x' } } } }))
      .toMatchObject({ code: 'http-error', kind: 'client', status: 400 });
  });

  it('reports an answer without an error body as http-<status> to the province, like before', () => {
    expect(reportedCode({ code: 'http-error', status: 502, message: 'm', at: 1 })).toBe('http-502');
    expect(reportedCode({ code: 'network', message: 'm', at: 1 })).toBe('network');
    expect(reportedCode({ code: 'storage-quota', message: 'm', at: 1 })).toBe('storage-quota');
  });
});
