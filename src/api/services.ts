/** The four services' route tables, in the order their prefixes are mounted. */
import { cbrTable } from './cbr/table.js';
import { imsTable } from './ims/table.js';
import { ecsTable } from './ecs/table.js';
import { evsTable } from './evs/table.js';
import type { ServiceTable } from './route.js';

export const SERVICE_TABLES: readonly ServiceTable[] = [cbrTable, imsTable, ecsTable, evsTable];
