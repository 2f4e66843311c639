// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { createElement, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createScanStream, type ScanStream } from '../../src/renderer/scanners/scan-stream';
import { ScanStreamContext, useScans } from '../../src/renderer/scanners/use-scans';
import { createTestBridge } from '../helpers/test-bridge';

afterEach(cleanup);

function Screen(props: { name: string; active: boolean; log: string[] }): ReactNode {
  const [count, setCount] = useState(0);
  useScans((e) => {
    props.log.push(`${props.name}:${e.text}:${count}`);
    setCount((c) => c + 1);
  }, { active: props.active });
  return createElement('p', null, `${props.name} ${count}`);
}

function app(stream: ScanStream, children: ReactNode) {
  return createElement(ScanStreamContext.Provider, { value: stream }, children);
}

describe('useScans', () => {
  it('routes scans to the active screen, with the latest handler, and lets go on unmount', () => {
    const stream = createScanStream({ bridge: createTestBridge() });
    const log: string[] = [];
    const view = render(app(stream, [
      createElement(Screen, { key: 'c', name: 'counter', active: true, log }),
      createElement(Screen, { key: 'd', name: 'dialog', active: false, log }),
    ]));
    act(() => { stream.push({ source: 'serial', device: 'COM3', text: 'A1', at: 1 }); });
    act(() => { stream.push({ source: 'serial', device: 'COM3', text: 'A2', at: 2 }); });
    view.rerender(app(stream, [
      createElement(Screen, { key: 'c', name: 'counter', active: true, log }),
      createElement(Screen, { key: 'd', name: 'dialog', active: true, log }),
    ]));
    act(() => { stream.push({ source: 'serial', device: 'COM3', text: 'B1', at: 3 }); });
    view.rerender(app(stream, [createElement(Screen, { key: 'c', name: 'counter', active: true, log })]));
    act(() => { stream.push({ source: 'serial', device: 'COM3', text: 'C1', at: 4 }); });
    // The handler sees its render's state: the count keeps going up between scans.
    expect(log).toEqual(['counter:A1:0', 'counter:A2:1', 'dialog:B1:0', 'counter:C1:2']);
    view.unmount();
    expect(stream.activeId()).toBeNull();
  });
});
