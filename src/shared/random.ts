/**
 * mulberry32: a tiny seeded PRNG, uniform in [0, 1). One copy for everything that must replay
 * the same sequence from a seed (demo data, fuzzing, fault injection, the camera corpus).
 * Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
