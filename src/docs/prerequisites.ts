/**
 * The Prerequisites section of a walkthrough, from its setup: the ECSs, disks, vaults and policies
 * that exist before the first step, in console words, and what the reader should know about the
 * simulator's timings and its stand-ins (a vault cbr-sim makes where the real service has none).
 */
import type { DiskRecord, PolicyRecord, ServerRecord, VaultRecord } from '../sim/records.js';
import type { DocRecord } from './doc-run.js';
import { NOUN, retentionWords, scheduleWords, theResource } from './console-words.js';
import type { DocRun } from './doc-run.js';
import { capitalized, code, inl, listOf, name, plain, strong, type Inline } from './inline.js';
import { longDateTime } from './time-words.js';

/** How a resource is introduced: its noun, name and ID; and what is said of it after. */
interface Intro {
  record: DocRecord;
  rest: Inline[];
}

function namesList(records: DocRecord[]): Inline[] {
  if (records.length > 5) return inl(`${records.length} ${NOUN[records[0]!.kind].many} (`, name(records[0]!.name), ' to ', name(records[records.length - 1]!.name), ')');
  return listOf(records.map((r) => name(r.name)));
}

function serverRest(s: ServerRecord, byId: (id: string) => DocRecord | undefined, showAz: boolean): Inline[] {
  const data = s.dataDiskIds.map((id) => byId(id) as DiskRecord | undefined).filter((d): d is DiskRecord => !!d);
  const system = byId(s.systemDiskId) as DiskRecord | undefined;
  const tool = s.os === 'windows' ? 'Cloudbase-Init' : 'Cloud-Init';
  return inl(
    ', ', strong(s.label), `: ${s.os === 'windows' ? 'Windows' : 'Linux'}`,
    system ? `, a ${system.sizeGB} GB system disk` : '',
    data.length ? `, ${data.length === 1 ? `a ${data[0]!.sizeGB} GB data disk` : `data disks of ${data.map((d) => `${d.sizeGB} GB`).join(', ')}`}` : '',
    showAz ? `, in ${s.az}` : '',
    `, ${s.optimized ? 'optimized' : 'not optimized'}, ${s.initTool ? `with ${tool} installed` : `without ${tool}`}.`,
  );
}

function vaultRest(v: VaultRecord, byId: (id: string) => DocRecord | undefined): Inline[] {
  const members = v.resourceIds.map(byId).filter((r): r is DocRecord => !!r);
  return inl(
    v.capacityGB !== null ? `, ${v.capacityGB} GB` : '',
    v.autoExpand ? inl(', with ', strong('Auto Capacity Expansion')) : '',
    members.length ? inl(', associated with ', namesList(members)) : ', with nothing associated yet', '.',
  );
}

function policyRest(p: PolicyRecord, byId: (id: string) => DocRecord | undefined): Inline[] {
  const vaults = p.vaultIds.map(byId).filter((r): r is DocRecord => !!r);
  return inl(
    ', ', strong(p.label), ': execution time ', p.pattern.map(scheduleWords).join(' and '), '; retention rule ', retentionWords(p), '; ',
    vaults.length ? inl('applied to ', listOf(vaults.map((v) => name(v.name)))) : 'applied to no vault yet', '.',
  );
}

/** Resources that read alike but for their names (`257 disks d0 to d256, each 10 GB`) become one bullet. */
function grouped(intros: Intro[], mentioned: Set<string>): Inline[][] {
  const groups = new Map<string, Intro[]>();
  for (const i of intros) {
    const key = `${i.record.kind}|${plain(i.rest)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.values()].flatMap((group) => {
    if (group.length < 4) {
      return group.map((i) => {
        mentioned.add(i.record.id);
        return capitalized(inl(theResource(i.record), ' (ID ', code(i.record.id), ')', i.rest));
      });
    }
    const [first, ...rest] = group[0]!.rest;
    const lead = first?.kind === 'text' ? [{ ...first, text: first.text.replace(/^, /, ' ') }, ...rest] : group[0]!.rest;
    return [inl(`${group.length} ${NOUN[group[0]!.record.kind].many}, `, name(group[0]!.record.name), ' to ', name(group[group.length - 1]!.record.name), ', each', lead)];
  });
}

/** The bullets, and the note on timings, of the Prerequisites section. */
export function prerequisites(run: DocRun, mentioned: Set<string>, timed: boolean): { bullets: Inline[][]; note: Inline[] } {
  const setup = run.scenario.setup ?? {};
  const records = run.steps[0]!.records;
  const byId = (id: string) => records.get(id);
  const named = (as: string) => {
    const id = run.names.get(as);
    return typeof id === 'string' ? byId(id) : undefined;
  };
  const showAz = JSON.stringify(run.scenario).includes('"az"');
  const intros: Intro[] = [];
  for (const s of setup.servers ?? []) {
    const r = named(s.as);
    if (r?.kind === 'server') intros.push({ record: r, rest: serverRest(r, byId, showAz) });
  }
  for (const d of setup.disks ?? []) {
    const r = named(d.as);
    if (r?.kind === 'disk') intros.push({ record: r, rest: inl(`, ${r.sizeGB} GB, `, strong(r.label), showAz ? `, in ${r.az}` : '', '.') });
  }
  for (const v of setup.vaults ?? []) {
    const r = named(v.as);
    if (r?.kind === 'vault') intros.push({ record: r, rest: vaultRest(r, byId) });
  }
  for (const p of setup.policies ?? []) {
    const r = named(p.as);
    if (r?.kind === 'policy') intros.push({ record: r, rest: policyRest(r, byId) });
  }
  const bullets = grouped(intros, mentioned);
  // The real service makes no vault by itself; cbr-sim does, so that a scenario can back up a
  // server it put in no vault. The reader needs the vault first.
  for (const s of run.steps) {
    for (const note of s.outcome.records) {
      if (note.type !== 'note' || note.note !== 'default-vault' || !note.resourceId) continue;
      const vault = s.records.get(note.resourceId) as VaultRecord | undefined;
      const members = (vault?.resourceIds ?? []).map((id) => s.records.get(id)).filter((r): r is DocRecord => !!r);
      const noun = vault?.resourceKind === 'disk' ? 'disk' : 'server';
      bullets.push(inl(
        `A ${noun} backup vault that holds `, members.length ? listOf(members.map((m) => theResource(m))) : `the ${noun}`, '. ',
        'cbr-sim creates one for a resource that is in no vault when it is first backed up (here ', vault ? name(vault.name) : 'a vault', '); ',
        'the real service has no default vault: create one (', strong(noun === 'disk' ? 'Buy Disk Backup Vault' : 'Buy Server Backup Vault'), ') and associate the resource first.',
      ));
    }
  }
  if (timed) bullets.push(inl(`The walkthrough starts on ${longDateTime(run.start)}.`));
  const profile = setup.profile ?? 'instant';
  const note = profile === 'instant'
    ? timed
      ? inl('cbr-sim runs this walkthrough with instant timings: every operation ends within milliseconds, so only the policies\u2019 schedules move the clock. In the real cloud a backup takes minutes to hours.')
      : inl(`cbr-sim runs this walkthrough with instant timings: every operation ends within milliseconds, and all its steps happen on ${longDateTime(run.start)}. In the real cloud a backup takes minutes to hours.`)
    : inl('The times are those of cbr-sim\u2019s realistic timings; in the real cloud they depend on the size of the disks and on the load.');
  return { bullets, note };
}
