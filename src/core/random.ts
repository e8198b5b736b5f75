/** Seeded draws for simulations with a known truth: the same seed, the same trials, on every machine. */
export interface Draws {
  /** Uniform on [0, 1). */
  uniform: () => number;
  /** Standard normal. */
  normal: () => number;
}

/** A seeded mulberry32 stream (Tommy Ettinger's small 32-bit PRNG) and Box–Muller normals from it (Box & Muller 1958). */
export function seededDraws(seed: number): Draws {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    // 1 − u lies in (0, 1], so the log is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { uniform, normal };
}
