/**
 * Each service's timestamp style (rest-api.md §1.6), from the virtual clock (epoch ms):
 * CBR `2019-05-10T07:59:12.733+00:00`, IMS/ECS/EVS jobs `2024-11-06T06:19:43.195Z`, Glance images
 * and ECS `created` `2018-09-06T14:03:27Z`, EVS volumes `2016-02-03T02:19:11.723797` (no zone,
 * microseconds).
 *
 * `dateIso` and `parseIso` are `toISOString` and `Date.parse` without their cost (src/sim/time.ts):
 * every answer formats and reads several instants.
 */
import { dateIso, parseIso } from '../sim/time.js';

/** CBR: milliseconds and an explicit `+00:00`. */
export function cbrTime(ms: number): string {
  return `${dateIso(ms).slice(0, -1)}+00:00`;
}

/** IMS, ECS and EVS jobs: ISO with milliseconds and `Z`. */
export function jobTime(ms: number): string {
  return dateIso(ms);
}

/** Glance images, ECS servers: whole seconds and `Z`. */
export function secondsTime(ms: number): string {
  return dateIso(ms).replace(/\.\d{3}Z$/, 'Z');
}

/** EVS volumes: microseconds, no zone. */
export function evsTime(ms: number): string {
  return dateIso(ms).replace(/Z$/, '000');
}

/** The epoch ms of a record's ISO field (records keep simulated times as ISO strings). */
export function msOf(iso: string): number {
  return parseIso(iso);
}
