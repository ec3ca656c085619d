/**
 * Ids of tasks and jobs. They come from a serial number per kind, not from the seeded generator
 * (`ids.ts`): every resource's id is the generator's next draw, so one more draw for a task would
 * change the id of everything made after it, in every scenario and transcript. The serial is mixed
 * by a bijection of 32-bit numbers (xor-shifts and odd multipliers), so the ids look like the
 * others (`task-3f9c02a1b4e7`) and two serials never give the same id.
 */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export type SerialPrefix = 'task' | 'job';

/** The id of the `serial`-th task or job (from 1) of a simulation with this seed. */
export function serialId(prefix: SerialPrefix, serial: number, seed: number): string {
  // The seed moves the whole sequence, so two simulations' ids differ as their resources' do.
  // Each kind its own sequence, so that task n and job n do not share their hex.
  const x = (serial + Math.imul(seed >>> 0, 0x9e3779b1) + (prefix === 'job' ? 0x3c6ef372 : 0)) >>> 0;
  const head = mix32(x).toString(16).padStart(8, '0');
  const tail = (mix32(x ^ 0x5bd1e995) & 0xffff).toString(16).padStart(4, '0');
  return `${prefix}-${head}${tail}`;
}
