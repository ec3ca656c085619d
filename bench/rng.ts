/**
 * mulberry32, a seeded random sequence for the benchmarks' clients: the same seed gives the same
 * sequence of requests in cbr-sim's rounds and the baseline's, so both answer the very same work.
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
