/**
 * Resource ids from a seeded generator (mulberry32), so the same seed and the same commands give
 * the same ids. Ids look like the console's short forms: `bk-3f9c02a1b4e7`.
 */
export type IdPrefix = 'ecs' | 'evs' | 'vault' | 'pol' | 'bk' | 'img' | 'site' | 'vm' | 'copy';

export class IdGenerator {
  constructor(private state: number) {}

  /** Called before every change (the world's dry-run guard; see `World.dryRun`). */
  guard: (what: string) => void = () => {};

  /** The generator's state: saved, and restored, with a simulation. */
  get seed(): number {
    return this.state;
  }

  set seed(value: number) {
    this.guard('ids.seed');
    this.state = value >>> 0;
  }

  private next32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A new id with `prefix` that `taken` does not know yet. */
  next(prefix: IdPrefix, taken: (id: string) => boolean): string {
    this.guard('ids.next');
    for (;;) {
      const hex = this.next32().toString(16).padStart(8, '0') + (this.next32() & 0xffff).toString(16).padStart(4, '0');
      const id = `${prefix}-${hex}`;
      if (!taken(id)) return id;
    }
  }
}
