/** The scenario library, built into the package: `cbr-sim run <id>` needs no TypeScript at run time. */
import type { Scenario } from '../src/scenario/types.js';
import seed000 from './seed-000-backup-to-image.js';
import i7 from './i7-backup-with-image-cannot-be-deleted.js';
import p2KeepThree from './p2-keep-three.js';

export const SCENARIOS: readonly Scenario[] = [seed000, i7, p2KeepThree];
