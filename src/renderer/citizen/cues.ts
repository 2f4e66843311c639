/**
 * Sound and speech for people who cannot read the screen well. Sounds are synthesised with
 * WebAudio (no files to ship or load); speech uses the system's voices and is offered only when
 * one speaks the screen's language — a Vietnamese sentence read by an English voice is noise.
 * Every function is a no-op where the API is missing (tests, locked-down kiosks).
 */
import { useEffect, useState } from 'react';

export type Cue = 'good' | 'bad';

type AudioCtor = new () => AudioContext;
let audio: AudioContext | null = null;

function audioContext(): AudioContext | null {
  const g = globalThis as { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor };
  const Ctor = g.AudioContext ?? g.webkitAudioContext;
  if (!Ctor) return null;
  try {
    audio ??= new Ctor();
    return audio;
  } catch {
    return null;
  }
}

/** A rising two-note chirp for a good scan, two low buzzes for a bad one. */
const TONES: Record<Cue, { freq: number; start: number; dur: number }[]> = {
  good: [{ freq: 880, start: 0, dur: 0.09 }, { freq: 1320, start: 0.1, dur: 0.12 }],
  bad: [{ freq: 220, start: 0, dur: 0.16 }, { freq: 220, start: 0.24, dur: 0.16 }],
};

export function playCue(cue: Cue): void {
  const ctx = audioContext();
  if (!ctx) return;
  try {
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const t0 = ctx.currentTime;
    for (const tone of TONES[cue]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = cue === 'good' ? 'sine' : 'square';
      osc.frequency.value = tone.freq;
      // Short ramps avoid the click of a hard start/stop.
      gain.gain.setValueAtTime(0.0001, t0 + tone.start);
      gain.gain.exponentialRampToValueAtTime(0.25, t0 + tone.start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.start + tone.dur);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + tone.start);
      osc.stop(t0 + tone.start + tone.dur + 0.02);
    }
  } catch {
    // A sound is a courtesy; never let it break the screen.
  }
}

function synth(): SpeechSynthesis | null {
  const s = (globalThis as { speechSynthesis?: SpeechSynthesis }).speechSynthesis;
  return s && typeof s.getVoices === 'function' ? s : null;
}

export function findVoice(lang: string): SpeechSynthesisVoice | null {
  const s = synth();
  if (!s) return null;
  try {
    const prefix = lang.toLowerCase();
    return s.getVoices().find((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === prefix) ?? null;
  } catch {
    return null;
  }
}

/** The voice for `lang`, updated when the system finishes loading its voices (Chromium loads
 * them asynchronously and fires `voiceschanged`). */
export function useVoice(lang: string): SpeechSynthesisVoice | null {
  const [voice, setVoice] = useState<SpeechSynthesisVoice | null>(() => findVoice(lang));
  useEffect(() => {
    const s = synth();
    const update = (): void => setVoice(findVoice(lang));
    update();
    if (!s || typeof s.addEventListener !== 'function') return undefined;
    s.addEventListener('voiceschanged', update);
    return () => s.removeEventListener('voiceschanged', update);
  }, [lang]);
  return voice;
}

/**
 * Says `text` in `voice`. By default it first stops whatever is still being read (a screen that
 * changed makes the last sentence stale); with `queue` it waits its turn instead, so announcements
 * that come close together (the hall board's calls) are each heard whole, in order.
 */
export function speak(text: string, voice: SpeechSynthesisVoice | null, { queue = false }: { queue?: boolean } = {}): boolean {
  const s = synth();
  const Utterance = (globalThis as { SpeechSynthesisUtterance?: typeof SpeechSynthesisUtterance }).SpeechSynthesisUtterance;
  if (!s || !voice || !Utterance || text === '') return false;
  try {
    if (!queue) s.cancel();
    const u = new Utterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9; // a little slower than default: older listeners, a noisy hall
    s.speak(u);
    return true;
  } catch {
    return false;
  }
}

/** Stops anything still being read (on reset: the next person must not hear the last status). */
export function stopSpeaking(): void {
  try {
    synth()?.cancel();
  } catch {
    // nothing to stop
  }
}
