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
    await until(() => screen.queryByTestId('queue-tech-result') !== null);
    expect(screen.getByTestId('queue-tech-result').textContent).toContain('host:port');
    expect((await c.host.handlers['queue.config']({})).mode).toBe('off');

    type('queue-peers', '192.168.1.20:47615\n192.168.1.21:47615');
    fireEvent.click(screen.getByTestId('queue-save'));
    await until(() => screen.getByTestId('queue-tech-result').textContent === 'Saved; applies at once.');
    const saved = await c.host.handlers['queue.config']({});
    expect(saved).toMatchObject({ mode: 'member', counter: 'Quầy 2', peers: ['192.168.1.20:47615', '192.168.1.21:47615'] });
    // Not enrolled: the member waits for its office key.
    await until(() => /LAN key/.test(screen.getByTestId('queue-tech-state').textContent ?? ''));
  }, 60_000);
});
