/**
 * `scanner wedge-replay`: feed recorded keyboard events through the app's own wedge decoder and
 * print one JSON line per burst classified as scanner input. A person's typing prints nothing
 * (the decoder hands it back to the input; here there is no input).
 *
 * A line that is not a keyboard event prints `{"accepted":false,"reason":"invalid-event","line":N}`
 * so a bad recording is visible instead of silently shortening the replay. Blank lines are skipped.
 */
import { createWedgeDecoder, type WedgeDecision } from './decoder';
import { WedgeKeyEventJson } from './event';
import type { WedgeOptionsInput } from './options';

export async function runWedgeReplay(
  lines: AsyncIterable<string>,
  out: (line: string) => void,
  options: WedgeOptionsInput = {},
): Promise<void> {
  const decoder = createWedgeDecoder(options);
  const emit = (d: WedgeDecision): void => {
    const r = d.result;
    if (r === null) return;
    out(JSON.stringify(r.accepted ? { accepted: true, text: r.text } : { accepted: false, reason: r.reason }));
  };
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo += 1;
    const line = raw.trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const parsed = WedgeKeyEventJson.safeParse(json);
    if (!parsed.success) {
      out(JSON.stringify({ accepted: false, reason: 'invalid-event', line: lineNo }));
      continue;
    }
    // Silence before this event may already have ended the previous burst.
    emit(decoder.tick(parsed.data.t));
    emit(decoder.feed(parsed.data));
  }
  emit(decoder.flush());
}
