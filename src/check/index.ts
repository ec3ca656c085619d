/**
 * `check({ machines })`: exhaustive verification of the real charts. With `xstate/graph` it
 * explores every reachable state of one backup (server, disk or VMware) and its possible image
 * (composed as the world composes them, every API command and timer an event), of standalone
 * images, of a policy with the backups of one resource (bounded), and of an on-premises site with
 * a VMware VM, its local copies and a vault that synchronises them (C10, bounded), and asserts the
 * ∀ rules in every state and on every transition: I5, I7, I8, I9, P2, P3, V1, V4. It measures state
 * and transition coverage of the backup, image, policy, site, VM and local copy charts and of the
 * vault's `sync` region (the rest of the vault chart is not explored here). A test can hand it a
 * deliberately broken chart and see it fail.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { backupMachine } from '../../machines/backup.machine.js';
import { imageMachine } from '../../machines/image.machine.js';
import { policyMachine } from '../../machines/policy.machine.js';
import { siteMachine } from '../../machines/site.machine.js';
import { vmMachine } from '../../machines/vm.machine.js';
import { localCopyMachine } from '../../machines/local-copy.machine.js';
import { vaultMachine } from '../../machines/vault.machine.js';
import { Coverage, type CoverageReport } from './coverage.js';
import { explore } from './explore.js';
import { BACKUP_VARIANTS, linked, loneImageModel, pairModel, status, type PairEvent, type PairState } from './backup-image.js';
import { onPremModel, type OnPremEvent, type OnPremState, type OnPremVariant } from './onprem-model.js';
import { MAX_BACKUPS, retentionModel, type RetentionEvent, type RetentionState } from './retention-model.js';

export interface Violation {
  rule: 'I5' | 'I7' | 'I8' | 'I9' | 'P3' | 'P2' | 'V1' | 'V4';
  message: string;
  /** The model explored, and the shortest list of events that reaches the violation. */
  model: string;
  path: unknown[];
}

export interface CheckReport {
  ok: boolean;
  violations: Violation[];
  explored: { models: number; states: number; transitions: number; paths: number };
  coverage: Record<ChartName, CoverageReport>;
  timeMs: number;
}

/** The charts it explores; for `vault`, only its `sync` region counts toward coverage. */
export type ChartName = 'backup' | 'image' | 'policy' | 'site' | 'vm' | 'localCopy' | 'vault';

export interface CheckOptions {
  machines?: Partial<Record<ChartName, AnyStateMachine>>;
  /**
   * Only the models whose name matches (a test of one broken chart needs only the models that run
   * it); coverage is then partial, so the report is not ok.
   */
  models?: RegExp;
}

const DELETED = ['deleting', 'deleted'];

function pairViolations(model: string, s: PairState, edges: { event: PairEvent; to: PairState }[]): Omit<Violation, 'model' | 'path'>[] {
  const out: Omit<Violation, 'model' | 'path'>[] = [];
  const b = s.backup;
  if (linked(b) && (!s.image || b.context.imageId !== s.image.context.id)) out.push({ rule: 'I5', message: 'the backup is linked to an image that is not its one image' });
  if (linked(b) && DELETED.includes(status(b)) && !s.vaultDeleted) out.push({ rule: 'I7', message: `a backup that has an image is ${status(b)}` });
  // V4: images come only from ECS backups; a VMware backup never has one, nor starts one.
  if (b.context.resourceKind === 'vmware' && (linked(b) || s.image)) out.push({ rule: 'V4', message: 'a VMware backup has an image' });
  if (s.image && !(s.image.context.sizeGB < b.context.sizeGB)) {
    out.push({ rule: 'I9', message: `the image (${s.image.context.sizeGB} GB) is not smaller than its backup (${b.context.sizeGB} GB)` });
  }
  for (const { event, to } of edges) {
    if (event.type === 'createImageFromBackup' && s.image && (to.image !== s.image || to.backup.context.imageId !== b.context.imageId)) {
      out.push({ rule: 'I5', message: 'a second image was made from a backup while the first exists' });
    }
    if (event.type === 'deleteBackup' && linked(b) && status(to.backup) !== status(b)) {
      out.push({ rule: 'I7', message: `a backup that has an image went from ${status(b)} to ${status(to.backup)} on deleteBackup` });
    }
    if ((event.type === 'retention' || event.type === 'expiryDue') && (!b.context.autoTrigger || linked(b)) && status(to.backup) !== status(b)) {
      out.push({ rule: linked(b) ? 'I8' : 'P3', message: `retention deleted a ${linked(b) ? 'backup that has an image' : 'manual backup'}` });
    }
    // P8, P9: a timer (an expiry batch, a month in Error, the end of a restore into an expiry due)
    // never deletes a manual backup or one that has an image.
    if (event.type === 'timer' && (!b.context.autoTrigger || linked(b)) && !DELETED.includes(status(b)) && DELETED.includes(status(to.backup))) {
      out.push({ rule: linked(b) ? 'I8' : 'P3', message: `a timer (${event.event}) deleted a ${linked(b) ? 'backup that has an image' : 'manual backup'}` });
    }
  }
  return out;
}

/** V1: a sync registers only an uploaded copy, and each copy once. */
function onPremViolations(copyId: (i: number) => string, s: OnPremState, edges: { event: OnPremEvent; to: OnPremState }[]): Omit<Violation, 'model' | 'path'>[] {
  const out: Omit<Violation, 'model' | 'path'>[] = [];
  for (const { to } of edges) {
    for (const b of to.backups.slice(s.backups.length)) {
      const copy = s.copies.find((_, i) => copyId(i) === b.copyId);
      if (!copy || !copy.matches('uploaded')) out.push({ rule: 'V1', message: `a sync registered a local copy that was ${copy ? JSON.stringify(copy.value) : 'gone'}, not uploaded` });
      if (s.backups.some((x) => x.copyId === b.copyId) || to.backups.filter((x) => x.copyId === b.copyId).length > 1) out.push({ rule: 'V1', message: 'a local copy was registered as a backup twice' });
    }
  }
  return out;
}

/** The on-premises worlds it starts from: every guard of the site, VM and vault sync gets both answers. */
const ONPREM_VARIANTS: Record<string, OnPremVariant> = {
  'site without eBackup, VM and hybrid vault': { ebackup: false, vsphereSupported: true, vaultKind: 'vmware' },
  'site with eBackup, VM and hybrid vault': { ebackup: true, vsphereSupported: true, vaultKind: 'vmware' },
  'site with eBackup, VM on an unsupported vSphere': { ebackup: true, vsphereSupported: false, vaultKind: 'vmware' },
  'site with eBackup, VM and an ordinary vault (no sync)': { ebackup: true, vsphereSupported: true, vaultKind: 'server' },
};

function retentionViolations(s: RetentionState, edges: { event: RetentionEvent; to: RetentionState }[]): Omit<Violation, 'model' | 'path'>[] {
  const out: Omit<Violation, 'model' | 'path'>[] = [];
  const ids = (list: AnyMachineSnapshot[]) => new Set(list.map((b) => b.context.id as string));
  for (const { event, to } of edges) {
    const kept = ids(to.backups);
    for (const b of s.backups) {
      if (kept.has(b.context.id as string)) continue;
      if (!b.context.autoTrigger) out.push({ rule: 'P3', message: 'retention deleted a manual backup' });
      else if (linked(b)) out.push({ rule: 'I8', message: 'retention deleted an automatic backup that has an image' });
    }
    const enabled = typeof to.policy.value === 'object' && 'enabled' in (to.policy.value as object);
    // P7: a backup whose old expiry is still pending is kept by the old rule (time → count union).
    const byCount = (to.policy.context.retention as { maxBackups?: number }).maxBackups !== undefined;
    const counted = to.backups.filter((b) => b.context.autoTrigger && !linked(b) && !b.matches({ expiry: 'pending' } as never)).length;
    // Only where a backup did complete: an event the bound turned away changes nothing.
    if (event.type === 'backupCompletes' && to.next > s.next && enabled && byCount && counted > MAX_BACKUPS) {
      out.push({ rule: 'P2', message: `${counted} counted automatic backups are kept, more than maxBackups ${MAX_BACKUPS}` });
    }
  }
  return out;
}

export function check(options: CheckOptions = {}): CheckReport {
  const started = performance.now();
  const given = options.machines ?? {};
  const charts = {
    backup: given.backup ?? backupMachine, image: given.image ?? imageMachine, policy: given.policy ?? policyMachine,
    site: given.site ?? siteMachine, vm: given.vm ?? vmMachine, localCopy: given.localCopy ?? localCopyMachine, vault: given.vault ?? vaultMachine,
  };
  const coverage: Record<ChartName, Coverage> = {
    backup: new Coverage(charts.backup), image: new Coverage(charts.image), policy: new Coverage(charts.policy),
    site: new Coverage(charts.site), vm: new Coverage(charts.vm), localCopy: new Coverage(charts.localCopy), vault: new Coverage(charts.vault, 'vault.sync'),
  };
  const violations: Violation[] = [];
  const explored = { models: 0, states: 0, transitions: 0, paths: 0 };

  const wanted = (model: string) => !options.models || options.models.test(model);
  const record = <S, E>(model: string, x: { states: Map<string, S>; edges: { from: S; event: E; to: S }[]; pathTo: (k: string) => E[] }, find: (s: S, edges: { event: E; to: S }[]) => Omit<Violation, 'model' | 'path'>[]) => {
    explored.models++;
    explored.states += x.states.size;
    explored.transitions += x.edges.length;
    explored.paths += x.states.size;
    const bySource = new Map<S, { event: E; to: S }[]>();
    for (const e of x.edges) bySource.set(e.from, [...(bySource.get(e.from) ?? []), { event: e.event, to: e.to }]);
    for (const [key, state] of x.states) {
      for (const v of find(state, bySource.get(state) ?? [])) {
        if (violations.some((w) => w.rule === v.rule && w.message === v.message)) continue;
        violations.push({ ...v, model, path: x.pathTo(key) });
      }
    }
  };

  for (const [name, variant] of Object.entries(BACKUP_VARIANTS)) {
    for (const imageFails of [false, true]) {
      for (const imageFirst of name.includes('server') && !name.includes('without') ? [false, true] : [false]) {
        const model = `${name}${imageFirst ? ', image of the server first (C12)' : ''}${imageFails ? ', image job fails' : ''}`;
        if (!wanted(model)) continue;
        const m = pairModel(charts, variant, coverage, imageFails, imageFirst);
        record(model, explore(m.root, m.step, m.events, m.serialize), pairViolations.bind(null, model));
      }
    }
  }
  for (const kind of ['system-disk', 'data-disk'] as const) {
    for (const fails of [false, true]) {
      if (!wanted(`${kind} image${fails ? ', job fails' : ''}`)) continue;
      const m = loneImageModel(charts.image, kind, fails, coverage.image);
      record(`${kind} image${fails ? ', job fails' : ''}`, explore(m.root, m.step, m.events as never, m.serialize), () => []);
    }
  }
  for (const withExpiry of [false, true]) {
    // With expiry, enabled at first only: ENABLE and DISABLE reach the rest, and each model costs seconds.
    for (const enabled of withExpiry ? [true] : [true, false]) {
      const model = `policy (${enabled ? 'enabled' : 'disabled'} at first) with the backups of one resource${withExpiry ? ', rules changing between count and time, with expiry (P6–P8)' : ''}`;
      if (!wanted(model)) continue;
      const m = retentionModel(charts, enabled, coverage, withExpiry);
      record(model, explore(m.root, m.step, m.events, m.serialize), retentionViolations);
    }
  }

  for (const [name, variant] of Object.entries(ONPREM_VARIANTS)) {
    if (!wanted(`on premises: ${name}`)) continue;
    const o = onPremModel(charts, variant, coverage);
    record(`on premises: ${name}`, explore(o.root, o.step, o.events, o.serialize), onPremViolations.bind(null, o.copyId));
  }

  const report = Object.fromEntries(Object.entries(coverage).map(([name, c]) => [name, c.report()])) as Record<ChartName, CoverageReport>;
  const full = Object.values(report).every((r) => r.states.covered === r.states.total && r.transitions.covered === r.transitions.total);
  return { ok: violations.length === 0 && full && !options.models, violations, explored, coverage: report, timeMs: Math.round(performance.now() - started) };
}
