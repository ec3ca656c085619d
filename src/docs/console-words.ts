/**
 * The console's words for what the API says: status labels (taken from the charts' own `meta`,
 * so they cannot drift from them), what each kind of resource is called, image types, schedules
 * and retention rules as the **Create Policy** dialog shows them.
 */
import type { AnyStateMachine } from 'xstate';
import { MACHINES } from '../sim/world.js';
import type { PolicyRecord, ResourceKind } from '../sim/records.js';
import type { DocRecord } from './doc-run.js';
import { TASK_LABELS } from '../../machines/task.machine.js';
import { inl, name, strong, type Inline } from './inline.js';

/** Every `meta.status → meta.label` of a chart. */
function labelsOf(machine: AnyStateMachine): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: { meta?: unknown; states?: Record<string, unknown> }) => {
    const meta = node.meta as { status?: string; label?: string } | undefined;
    if (meta?.status !== undefined && meta.label !== undefined && !out.has(meta.status)) out.set(meta.status, meta.label);
    for (const child of Object.values(node.states ?? {})) walk(child as typeof node);
  };
  walk(machine.root as never);
  return out;
}

const LABELS = new Map(Object.entries(MACHINES).map(([kind, m]) => [kind, labelsOf(m as AnyStateMachine)]));
// Tasks have a chart used as a table (S2); a restore point's words are its backups' (S1).
LABELS.set('task', new Map(Object.entries(TASK_LABELS)));
LABELS.set('checkpoint', new Map([...LABELS.get('backup')!, ['error-deleting', 'Deletion failed']]));

/** The console label of an API status (`protecting` → `Creating`); the status itself when the chart has no label. */
export function consoleLabel(kind: string, status: string): string {
  if (kind === 'vault' && status === 'available') return 'Available';
  return LABELS.get(kind)?.get(status) ?? status;
}

/** Every console word of a status, and the backup's mark: what a scenario's text writes in bold. */
export const STATUS_WORDS: ReadonlySet<string> = new Set(['Image can be created', ...[...LABELS.values()].flatMap((m) => [...m.values()])]);

/** What the console calls a resource of a kind, a restore point (S1) and a task (S2). */
export const NOUN: Record<ResourceKind | 'checkpoint' | 'task', { one: string; many: string }> = {
  server: { one: 'ECS', many: 'ECSs' },
  disk: { one: 'disk', many: 'disks' },
  vault: { one: 'vault', many: 'vaults' },
  policy: { one: 'policy', many: 'policies' },
  backup: { one: 'backup', many: 'backups' },
  job: { one: 'job', many: 'jobs' },
  image: { one: 'image', many: 'images' },
  site: { one: 'on-premises site', many: 'on-premises sites' },
  vm: { one: 'VMware VM', many: 'VMware VMs' },
  localCopy: { one: 'local backup copy', many: 'local backup copies' },
  checkpoint: { one: 'restore point', many: 'restore points' },
  task: { one: 'task', many: 'tasks' },
};

/** `the backup web-01-backup`; a backup of a disk is a disk backup, an image says its type. */
export function theResource(r: DocRecord): Inline[] {
  return inl('the ', nounOf(r), ' ', name(r.name));
}

export function nounOf(r: DocRecord): string {
  if (r.kind === 'backup' && r.resourceKind === 'disk') return 'disk backup';
  if (r.kind === 'backup' && r.resourceKind === 'vmware') return 'VMware backup';
  if (r.kind === 'vault') return r.resourceKind === 'server' ? 'server backup vault' : r.resourceKind === 'vmware' ? 'hybrid cloud backup vault' : 'disk backup vault';
  return NOUN[r.kind].one;
}

/** The **Type** of an image in the IMS console. */
export const IMAGE_TYPE: Record<string, string> = {
  'system-disk': 'System disk image',
  'data-disk': 'Data disk image',
  'full-ecs': 'Full-ECS image',
};

const DAY_NAMES: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };

/** An RRULE of a policy in words: `every day at 02:00 UTC`, `every Sunday at 03:00 UTC`. */
export function scheduleWords(pattern: string): string {
  const fields = Object.fromEntries(pattern.split(';').map((f) => f.split('=') as [string, string]));
  const minute = (fields.BYMINUTE ?? '0').padStart(2, '0');
  const hours = (fields.BYHOUR ?? '0').split(',').map((h) => `${h.padStart(2, '0')}:${minute}`);
  const at = hours.length > 1 ? `${hours.slice(0, -1).join(', ')} and ${hours[hours.length - 1]}` : hours[0];
  const interval = Number(fields.INTERVAL ?? '1');
  let when: string;
  if (fields.FREQ === 'WEEKLY') {
    const days = (fields.BYDAY ?? '').split(',').filter(Boolean).map((d) => DAY_NAMES[d] ?? d);
    when = days.length === 7 ? 'every day' : `every ${days.length > 1 ? `${days.slice(0, -1).join(', ')} and ${days[days.length - 1]}` : days[0] ?? 'week'}`;
  } else when = interval === 1 ? 'every day' : `every ${interval} days`;
  return `${when} at ${at} UTC`;
}

/** A policy's retention as the console's **Retention Rule** puts it. */
export function retentionWords(p: Pick<PolicyRecord, 'maxBackups' | 'retentionDays' | 'dayBackups' | 'weekBackups' | 'monthBackups' | 'yearBackups'>): Inline[] {
  if (p.maxBackups !== null) return inl(strong('Quantity'), `: keeps the ${p.maxBackups} newest automatic backups`);
  if (p.retentionDays !== null) return inl(strong('Time period'), `: keeps each automatic backup for ${p.retentionDays} day${p.retentionDays === 1 ? '' : 's'}`);
  const longTerm = ([['day', p.dayBackups], ['week', p.weekBackups], ['month', p.monthBackups], ['year', p.yearBackups]] as const).filter(([, n]) => n !== null);
  if (longTerm.length) return inl(strong('Long-term retention'), `: keeps the last backup of each of the last ${longTerm.map(([unit, n]) => `${n} ${unit}${n === 1 ? '' : 's'}`).join(', ')}`);
  return inl(strong('Permanent'), ': keeps every backup');
}
