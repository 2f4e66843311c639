// @vitest-environment happy-dom
/**
 * The queue panel of the technician console over the real host services: a bad peer address is
 * refused with the schema's words before anything is sent; a good configuration is applied at once
 * (the host's queue service restarts in the new role) and kept in `queue.json`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { openConsole, until, type Console } from './harness';

let c: Console | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

const type = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });

describe('the queue configuration', () => {
  it('refuses a peer that is not host:port, then applies a member configuration at once', async () => {
    c = await openConsole();
    await until(() => screen.queryByTestId('queue-mode') !== null);
    expect(screen.getByTestId('queue-tech-state').textContent).toContain('not turned on');
    type('queue-mode', 'member');
    type('queue-counter', 'Quầy 2');
    type('queue-peers', 'not an address');
    fireEvent.click(screen.getByTestId('queue-save'));
    await until(() => screen.queryByTestId('queue-bad-peers') !== null);
    expect(screen.getByTestId('queue-bad-peers').textContent).toContain('“not an address” is not right');
    expect(document.activeElement).toBe(screen.getByTestId('queue-peers'));
    expect((await c.host.handlers['queue.config']({})).mode).toBe('off');

    // A port past 65535 in an address, an emptied port field (not port 0), a wait under 2 s:
    // each field says what is wrong, in words, and nothing is sent.
    type('queue-peers', '192.168.1.20:99999');
    type('queue-port', '');
    type('queue-takeover', '1');
    fireEvent.click(screen.getByTestId('queue-save'));
    await until(() => screen.queryByTestId('queue-bad-port') !== null);
    expect(screen.getByTestId('queue-bad-peers').textContent).toContain('192.168.1.20:99999');
    expect(screen.getByTestId('queue-bad-port').textContent).toContain('from 1 to 65535');
    expect(screen.getByTestId('queue-bad-takeover').textContent).toContain('from 2 to 600');
    expect(screen.queryByTestId('queue-tech-result')).toBeNull();
    type('queue-port', '0');
    fireEvent.click(screen.getByTestId('queue-save'));
    expect(screen.getByTestId('queue-bad-port')).toBeTruthy();
    expect((await c.host.handlers['queue.config']({})).port).toBe(47_615);

    type('queue-port', '47616');
    type('queue-takeover', '20');

    type('queue-peers', '192.168.1.20:47615\n192.168.1.21:47615');
    fireEvent.click(screen.getByTestId('queue-save'));
    await until(() => screen.getByTestId('queue-tech-result').textContent === 'Saved; applies at once.');
    const saved = await c.host.handlers['queue.config']({});
    expect(saved).toMatchObject({ mode: 'member', counter: 'Quầy 2', port: 47_616, takeoverAfterMs: 20_000, peers: ['192.168.1.20:47615', '192.168.1.21:47615'] });
    expect(screen.queryByTestId('queue-bad-port')).toBeNull();
    // Not enrolled: the member waits for its office key.
    await until(() => /LAN key/.test(screen.getByTestId('queue-tech-state').textContent ?? ''));
  }, 60_000);
});
