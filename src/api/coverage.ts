/**
 * What cbr-sim serves of each service, read from the route tables themselves (never kept by
 * hand): `GET /api/coverage` answers it, and the README's coverage table is generated from it
 * (`node scripts/coverage-table.mjs`; a test keeps the two equal). A route is an operation
 * served; an `unserved` entry is one the SDK defines that answers 501 naming it.
 */
import { SERVICE_TABLES } from './services.js';
import type { HttpMethod, Service, ServiceTable } from './route.js';

export interface Operation {
  service: Service;
  /** The SDK's method name. */
  operation: string;
  method: HttpMethod;
  /** The whole path, prefix included: `/cbr/v3/{project_id}/backups`. */
  path: string;
  /** What the route reads or does; for an operation not served, that it answers 501. */
  summary: string;
  served: boolean;
  /** `'openstack'` for the Nova- and Cinder-compatible paths (OpenStack error bodies). */
  errorStyle?: 'openstack';
}

export interface Coverage {
  services: Record<Service, { served: number; unserved: number }>;
  operations: Operation[];
}

/** The summary of an operation the SDK defines and cbr-sim does not serve (decision: said once, here). */
export const NOT_SERVED = 'Not served yet: answers 501 Sim.NotImplemented naming the operation.';

/** Every operation of the tables, in their order: each table's routes, then its unserved ones. */
export function operations(tables: readonly ServiceTable[] = SERVICE_TABLES): Operation[] {
  return tables.flatMap((t) => [
    ...t.routes.map((r): Operation => ({
      service: t.service, operation: r.operation, method: r.method, path: `/${t.service}${r.path}`, summary: r.summary, served: true,
      ...(r.errorStyle ? { errorStyle: r.errorStyle } : {}),
    })),
    ...t.unserved.map((u): Operation => ({ service: t.service, operation: u.operation, method: u.method, path: `/${t.service}${u.path}`, summary: NOT_SERVED, served: false })),
  ]);
}

/** `GET /api/coverage`: how many operations each service serves and does not, and the list. */
export function coverage(tables: readonly ServiceTable[] = SERVICE_TABLES): Coverage {
  const services = {} as Coverage['services'];
  for (const t of tables) services[t.service] = { served: t.routes.length, unserved: t.unserved.length };
  return { services, operations: operations(tables) };
}

/** Text in a Markdown table cell: a `|` would end the cell, a line break the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/**
 * The README's coverage table: one row per operation served (service | operation | method and
 * path | what it does), then one line per service naming the operations it answers 501 for
 * (decision: the SDKs define many more operations than cbr-sim serves, so those are listed, not
 * tabled). Ends with a newline.
 */
export function coverageMarkdown(tables: readonly ServiceTable[] = SERVICE_TABLES): string {
  const all = operations(tables);
  const served = all.filter((o) => o.served);
  const lines = [
    '| service | operation | method and path | what it does |',
    '| --- | --- | --- | --- |',
    ...served.map((o) => `| ${o.service.toUpperCase()} | \`${o.operation}\` | \`${o.method} ${cell(o.path)}\` | ${cell(o.summary)}${o.errorStyle === 'openstack' ? ' (OpenStack error bodies)' : ''} |`),
  ];
  if (served.length === 0) lines.push('| — | — | — | no route is served yet |');
  const counts = tables.map((t) => `${t.service.toUpperCase()} ${t.routes.length} served, ${t.unserved.length} answered 501`).join('; ');
  lines.push('', `${counts}.`);
  for (const t of tables) {
    if (t.unserved.length === 0) continue;
    lines.push('', `Answered 501 by ${t.service.toUpperCase()} (the SDK has them, cbr-sim does not serve them yet): ${t.unserved.map((u) => `\`${u.operation}\``).join(', ')}.`);
  }
  return `${lines.join('\n')}\n`;
}

/** The markers the README's coverage table stands between. */
export const COVERAGE_MARKERS = { start: '<!-- coverage:start -->', end: '<!-- coverage:end -->' } as const;

/** The text between the markers, or null when either is missing (or they come in the wrong order). */
export function markedSection(text: string): string | null {
  const start = text.indexOf(COVERAGE_MARKERS.start);
  const end = text.indexOf(COVERAGE_MARKERS.end);
  if (start < 0 || end < 0 || end < start) return null;
  return text.slice(start + COVERAGE_MARKERS.start.length, end).replace(/^\n/, '');
}

/** `text` with the section between the markers replaced by `table`; null when the markers are missing. */
export function withSection(text: string, table: string): string | null {
  if (markedSection(text) === null) return null;
  const start = text.indexOf(COVERAGE_MARKERS.start) + COVERAGE_MARKERS.start.length;
  const end = text.indexOf(COVERAGE_MARKERS.end);
  return `${text.slice(0, start)}\n${table}${text.slice(end)}`;
}
