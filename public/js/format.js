/** How records, times and values read on the page. */
import { h } from './dom.js';
import { nameOf } from './store.js';

export const fmtTime = (ms) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 19).replace('T', ' ') : '—');
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function fmtSpan(ms) {
  if (ms <= 0) return 'now';
  const parts = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]]) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/** `xstate.after.dataTransfer.backup.…` → `after dataTransfer`; other event types as they are. */
export function eventLabel(type) {
  const after = /^xstate\.after\.([^.]+)\./.exec(type);
  return after ? `after ${after[1]}` : type;
}

export function short(text, max = 140) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A task's or a job's colour by its status ("Running" is a server's good state, a task's busy one). */
const WORK_TONES = {
  waiting: 'busy', running: 'busy', success: 'ok', failed: 'bad', skipped: 'idle', timeout: 'bad',
  INIT: 'busy', RUNNING: 'busy', SUCCESS: 'ok', FAIL: 'bad',
};

function tone(r) {
  if ((r.kind === 'task' || r.kind === 'job') && WORK_TONES[r.status]) return WORK_TONES[r.status];
  const l = String(r.label ?? '').toLowerCase();
  if (l === 'deleted') return 'off';
  if (/error|faulty|failed/.test(l)) return 'bad';
  if (/creating|deleting|restoring|queued|saving|backing up/.test(l)) return 'busy';
  if (/stopped|disabled|no ebackup|expired/.test(l)) return 'idle';
  return 'ok';
}

/** `{ lifecycle: { creating: 'snapshot' }, imageLink: 'none' }` → `lifecycle.creating.snapshot · imageLink.none`. */
export function valueText(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  const out = [];
  const walk = (v, prefix) => {
    if (typeof v === 'string') out.push(prefix ? `${prefix}.${v}` : v);
    else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (!keys.length && prefix) out.push(prefix);
      for (const k of keys) walk(v[k], prefix ? `${prefix}.${k}` : k);
    }
  };
  walk(value, '');
  return out.join(' · ');
}

/** Status cell content: console label · API status, and the "Image can be created" mark. */
export function statusNodes(r) {
  const nodes = [h('span', { class: 'status-pair' }, h('span', { class: `status-label tone-${tone(r)}`, text: r.label }), h('span', { class: 'status-sep', text: ' · ' }), h('code', { class: 'status-api', text: r.status }))];
  if (r.kind === 'backup' && r.imageable && r.status === 'protecting') {
    nodes.push(' ', h('span', { class: 'mark', 'data-testid': 'imageable-mark', title: 'The console marks this backup: an image can be created from it (B2, I1)', text: 'Image can be created' }));
  }
  // C10: a VMware backup is told apart at a glance (V2: born Available; V4: it only restores onto an ECS).
  if (r.kind === 'backup' && r.resourceKind === 'vmware') nodes.push(' ', h('span', { class: 'mark mark-vmware', 'data-testid': 'vmware-mark', title: 'A VMware backup synchronised from on premises (C10): it is restored onto an ECS only (V3, V4)', text: 'VMware' }));
  if (r.kind === 'vault' && r.syncing) nodes.push(' ', h('span', { class: 'mark mark-warn', 'data-testid': 'syncing-mark', title: `Synchronising backups from on premises (V1)${r.syncTaskId ? `: task ${r.syncTaskId}` : ''}`, text: 'Syncing' }));
  if (r.kind === 'vm' && !r.vsphereSupported) nodes.push(' ', h('span', { class: 'mark mark-warn', title: `eBackup does not support vSphere ${r.vsphereVersion} (V1): it cannot back this VM up`, text: `vSphere ${r.vsphereVersion} unsupported` }));
  if (r.kind === 'image' && r.azRestricted) nodes.push(' ', h('span', { class: 'mark mark-warn', title: `Usable only in ${r.az} until its backup is Available (I10)`, text: `only ${r.az}` }));
  return nodes;
}

/** The one line under a row's name: what the console would show in its columns. */
export function summary(r) {
  const ref = (id) => (id ? nameOf(id) ?? id : '—');
  switch (r.kind) {
    case 'server':
      return `${r.os} · ${r.az} · ${r.dataDiskIds.length} data disk${r.dataDiskIds.length === 1 ? '' : 's'}${r.initTool ? '' : ' · no init tool'}${r.optimized ? '' : ' · not optimized'}${r.sourceImageId ? ` · from ${ref(r.sourceImageId)}` : ''}`;
    case 'disk':
      return `${r.role} · ${r.sizeGB} GB · ${r.serverId ? `on ${ref(r.serverId)}` : 'unattached'}`;
    case 'vault':
      if (r.resourceKind === 'vmware') {
        return `hybrid (${r.specCode}) · ${r.usedGB}${r.capacityGB === null ? '' : `/${r.capacityGB}`} GB · ${r.resourceIds.length} VM${r.resourceIds.length === 1 ? '' : 's'} · ${r.syncing ? `syncing${r.syncTaskId ? ` (${r.syncTaskId})` : ''}` : 'not syncing'}`;
      }
      return `${r.resourceKind} · ${r.usedGB}${r.capacityGB === null ? '' : `/${r.capacityGB}`} GB · ${r.resourceIds.length} resource${r.resourceIds.length === 1 ? '' : 's'}${r.policyId ? ` · policy ${ref(r.policyId)}` : ''}`;
    case 'policy':
      return `${r.pattern.join(', ') || 'no pattern'}${r.maxBackups !== null ? ` · keep ${r.maxBackups}` : ''}${r.retentionDays !== null ? ` · ${r.retentionDays} d` : ''}${r.nextRunAt ? ` · next ${fmtTime(Date.parse(r.nextRunAt))}` : ''}`;
    case 'backup':
      if (r.resourceKind === 'vmware') return `VMware VM ${ref(r.resourceId)} · ${r.sizeGB} GB · synchronised${r.copyId ? ` from ${ref(r.copyId)}` : ''}`;
      return `${r.resourceKind} ${ref(r.resourceId)} · ${r.sizeGB} GB · ${r.autoTrigger ? 'auto' : 'manual'}${r.containsSystemDisk ? '' : ' · no system disk'}${r.imageId ? ` · image ${ref(r.imageId)}` : ''}`;
    case 'image':
      return `${r.imageKind} · ${r.sizeGB} GB · ${r.az}${r.backupId ? ` · from ${ref(r.backupId)}` : ''}`;
    case 'site':
      return `${r.ebackup ? 'eBackup installed' : 'no eBackup'} · ${r.vmIds.length} VM${r.vmIds.length === 1 ? '' : 's'}`;
    case 'vm':
      return `${r.os} · on ${ref(r.siteId)} · disks ${r.disksGB.join(' + ')} GB · vSphere ${r.vsphereVersion}${r.vsphereSupported ? '' : ' (unsupported)'} · ${r.vaultId ? `vault ${ref(r.vaultId)}` : 'no vault'}${r.backingUp ? ' · backing up' : ''}`;
    case 'localCopy': {
      // The times are known from the start (the delays are fixed when eBackup starts): what is next, or when it was uploaded.
      const at = (iso) => fmtTime(Date.parse(iso));
      const when = r.status === 'backing_up' ? ` · stored by ${at(r.storedAt)}` : r.status === 'stored' ? ` · stored ${at(r.storedAt)}, uploaded by ${at(r.uploadedAt)}` : ` · uploaded ${at(r.uploadedAt)}`;
      return `of ${ref(r.vmId)} · ${r.sizeGB} GB${when}${r.backupId ? ` · backup ${ref(r.backupId)}` : r.status === 'uploaded' ? ' · not synchronised' : ''}`;
    }
    case 'job': {
      const e = r.entities ?? {};
      const on = [e.imageId ? `image ${e.imageName ?? ref(e.imageId)}` : '', e.diskId ? `disk ${ref(e.diskId)}` : '', e.serverIds?.length ? `server${e.serverIds.length === 1 ? '' : 's'} ${e.serverIds.map(ref).join(', ')}` : ''].filter(Boolean).join(' · ');
      const failed = r.subJobs.filter((j) => j.status === 'FAIL').length;
      const subs = r.subJobs.length ? ` · ${r.subJobs.length} sub-job${r.subJobs.length === 1 ? '' : 's'}${failed ? ` (${failed} failed)` : ''}` : '';
      return `${r.service.toUpperCase()}${on ? ` · ${on}` : ''}${subs}${r.errorCode ? ` · ${r.errorCode}: ${r.failReason ?? ''}` : ''}`;
    }
    default:
      return '';
  }
}

/** data-testid suffixes for actions: the first of a verb is `verb`, the next ones `verb-2`, `verb-3`. */
export function actionKeys(actions) {
  const count = new Map();
  return actions.map((a) => {
    const n = (count.get(a.verb) ?? 0) + 1;
    count.set(a.verb, n);
    return n === 1 ? a.verb : `${a.verb}-${n}`;
  });
}

export function refusalTooltip(refusal) {
  if (!refusal) return '';
  const rule = refusal.details?.rule ? `Rule ${refusal.details.rule} · ` : '';
  return `${rule}${refusal.code}: ${refusal.message}`;
}

export function resultText(result) {
  if (result === null || result === undefined) return 'done';
  if (Array.isArray(result)) return `${result.length} resource${result.length === 1 ? '' : 's'}${result.length ? ` (${result.map((x) => x.id ?? '').join(', ')})` : ''}`;
  if (typeof result === 'object' && result.id) return `${result.id}${result.status ? ` ${result.status}` : ''}`;
  return short(JSON.stringify(result), 100);
}
