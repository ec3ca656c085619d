/**
 * One console phrase per verb of the API (`VERBS`): what a reader does in the management console
 * for the command a step runs ("In the row of the backup web-01-backup, choose **More** >
 * **Create Image**"). The page writes the API verb after it, smaller. A verb with no console
 * action (`failNext`) is the simulator's and says so; so is what stands in for a datacenter and
 * its VMs (C10). What eBackup does on premises is done in eBackup's own console, not the cloud's.
 */
import type { ResourceKind } from '../sim/records.js';
import type { DocRecord } from './doc-run.js';
import { goldImage } from '../sim/gold-images.js';
import { IMAGE_TYPE, retentionWords, scheduleWords, theResource } from './console-words.js';
import { bookTitle, capitalized, inl, listOf, menu, name, strong, type Inline } from './inline.js';

export interface ActionContext {
  /** A parameter as the step wrote it. */
  param(key: string): unknown;
  /** The record a reference parameter named, as the command saw it. */
  record(key: string): DocRecord | undefined;
  /** The records a list-of-references parameter named. */
  records(key: string): DocRecord[];
  /** What the command made (its `as`), after the step. */
  made: DocRecord[];
  /** The latest record of any resource of the run. */
  byId(id: string): DocRecord | undefined;
}

/** `eBackup`: the backup software of an on-premises datacenter (C10), with a console of its own. */
export type Service = 'CBR' | 'IMS' | 'ECS' | 'EVS' | 'eBackup';

export interface ConsoleAction {
  /** The console the action is done in; null for what only the simulator does. */
  service: Service | null;
  /** The kind of resource whose state the action changes (for the figures a page shows). */
  subject: ResourceKind | null;
  phrase(c: ActionContext): Inline[];
  /**
   * What the console shows afterwards when no status changes (a policy applied, a vault
   * expanded): read from the records after the step. Without it the result says the request was
   * accepted.
   */
  done?(c: ActionContext): Inline[];
}

/** The record of a reference parameter after the step. */
function after(c: ActionContext, key: string): DocRecord | undefined {
  const r = c.record(key);
  return r ? c.byId(r.id) ?? r : undefined;
}

/** Where each console of the cloud is, as the source documentation's first procedure step says it. */
export const SERVICE_MENU: Record<Exclude<Service, 'eBackup'>, string[]> = {
  CBR: ['Storage', 'Cloud Backup and Recovery'],
  IMS: ['Compute', 'Image Management Service'],
  ECS: ['Compute', 'Elastic Cloud Server'],
  EVS: ['Storage', 'Elastic Volume Service'],
};

/** `the backup web-01-backup`, or the reference as written when it named nothing. */
function the(c: ActionContext, key: string, noun: string): Inline[] {
  const r = c.record(key);
  return r ? theResource(r) : inl(`the ${noun} `, name(String(c.param(key))));
}

const inRowOf = (c: ActionContext, key: string, noun: string) => inl('in the row of ', the(c, key, noun));
const gb = (n: unknown) => `${String(n)} GB`;
const yes = (v: unknown) => v === true;
/** A list parameter, or none when the step gave something else. */
const listParam = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** The page of the hybrid cloud backup vaults, where VMware backups arrive (C10). */
const vmwarePage = () => inl(strong('VMware Backup'), ' page (', menu('Hybrid Cloud Backup', 'VMware Backup'), ')');
const isVmware = (r: DocRecord | undefined) => (r as { resourceKind?: string } | undefined)?.resourceKind === 'vmware';

/** The eBackup console of the datacenter a VM (or a local copy's VM) is in. */
function ebackupOf(c: ActionContext, key: string): Inline[] {
  const r = c.record(key) as { siteId?: string } | undefined;
  const site = r?.siteId ? c.byId(r.siteId) : undefined;
  return inl('In the eBackup console of ', site ? inl('the datacenter ', name(site.name)) : 'the datacenter');
}

/** What a sync shows at once (V1): the vault is synchronising, and its task is on the Tasks page. */
function syncStarted(c: ActionContext): Inline[] {
  const v = after(c, 'vault') as { syncing?: boolean } | undefined;
  if (!v?.syncing) return [];
  return capitalized(inl(the(c, 'vault', 'vault'), ' is synchronising: its synchronisation task is ', strong('Running'), ' on the ', strong('Tasks'), ' page.'));
}

/** The vault page a server or disk is backed up from. */
const backupsPage = (disk: boolean) => strong(disk ? 'Cloud Disk Backups' : 'Cloud Server Backups');

function vaultOf(c: ActionContext, key: string): Inline[] {
  // After the step: a resource in no vault is put in one by the backup itself (see Prerequisites).
  const before = c.record(key);
  const r = (before ? c.byId(before.id) : undefined) as { vaultId?: string | null } | undefined;
  const vault = r?.vaultId ? c.byId(r.vaultId) : undefined;
  return vault ? inl('the vault ', name(vault.name)) : inl('the vault that holds it');
}

function policyChanges(changes: Record<string, unknown>): Inline[] {
  const out: Inline[][] = [];
  if (changes.enabled === false) out.push(inl('set its status to ', strong('Disabled')));
  if (changes.enabled === true) out.push(inl('set its status to ', strong('Enabled')));
  const retention = { maxBackups: null, retentionDays: null, dayBackups: null, weekBackups: null, monthBackups: null, yearBackups: null, ...changes } as Record<string, number | null>;
  if (['maxBackups', 'retentionDays', 'dayBackups', 'weekBackups', 'monthBackups', 'yearBackups'].some((k) => k in changes)) {
    out.push(inl('set the retention rule to ', retentionWords(retention as never)));
  }
  if (Array.isArray(changes.pattern)) out.push(inl('set the execution time to ', (changes.pattern as string[]).map(scheduleWords).join(' and ')));
  if (typeof changes.name === 'string') out.push(inl('rename it ', name(changes.name)));
  return out.length ? listOf(out) : inl('change it');
}

function serverSpec(c: ActionContext): Inline[] {
  const data = (c.param('dataDisksGB') as number[] | undefined) ?? [];
  const dataWords = data.length ? `, data disks of ${data.map(gb).join(', ')}` : '';
  // A server from a public image: the image gives its OS and its least system disk.
  const gold = typeof c.param('imageId') === 'string' ? goldImage(c.param('imageId') as string) : undefined;
  if (gold) return inl(`from the public image ${gold.name}, a ${gb(c.param('systemDiskGB') ?? gold.minDiskGB)} system disk`, dataWords);
  return inl(`${c.param('os') === 'windows' ? 'Windows' : 'Linux'}, a ${gb(c.param('systemDiskGB'))} system disk`, dataWords);
}

export const CONSOLE_ACTIONS: Record<string, ConsoleAction> = {
  createServer: {
    service: 'ECS', subject: 'server',
    phrase: (c) => inl('On the ', strong('Elastic Cloud Server'), ' console, click ', strong('Buy ECS'), ' and create the ECS ', name(String(c.param('name'))), ' (', serverSpec(c), ').'),
  },
  createDisk: {
    service: 'EVS', subject: 'disk',
    phrase: (c) => inl('On the ', strong('Elastic Volume Service'), ' console, click ', strong('Buy Disk'), ` and create the ${gb(c.param('sizeGB'))} disk `, name(String(c.param('name'))), '.'),
  },
  attachDisk: {
    service: 'EVS', subject: 'disk',
    phrase: (c) => inl('On the ', strong('Elastic Volume Service'), ' console, ', inRowOf(c, 'disk', 'disk'), ', click ', strong('Attach'), ' and select ', the(c, 'server', 'ECS'), '.'),
  },
  detachDisk: {
    service: 'EVS', subject: 'disk',
    phrase: (c) => inl('On the ', strong('Elastic Volume Service'), ' console, ', inRowOf(c, 'disk', 'disk'), ', click ', strong('Detach'), '.'),
  },
  stopServer: {
    service: 'ECS', subject: 'server',
    phrase: (c) => inl('On the ', strong('Elastic Cloud Server'), ' console, ', inRowOf(c, 'server', 'ECS'), ', choose ', menu('More', 'Stop'), '.'),
  },
  startServer: {
    service: 'ECS', subject: 'server',
    phrase: (c) => inl('On the ', strong('Elastic Cloud Server'), ' console, ', inRowOf(c, 'server', 'ECS'), ', choose ', menu('More', 'Start'), '.'),
  },
  updateServer: {
    service: 'ECS', subject: 'server',
    done: (c) => {
      const r = after(c, 'server') as { initTool?: boolean; optimized?: boolean; os?: string } | undefined;
      if (!r) return [];
      const tool = r.os === 'windows' ? 'Cloudbase-Init' : 'Cloud-Init';
      return capitalized(inl(the(c, 'server', 'ECS'), ` is ${r.optimized ? 'optimized' : 'not optimized'} and ${r.initTool ? `has ${tool}` : `has no ${tool}`}.`));
    },
    phrase: (c) => {
      const windows = (c.record('server') as { os?: string } | undefined)?.os === 'windows';
      const tool = windows ? 'Cloudbase-Init' : 'Cloud-Init';
      const parts: Inline[][] = [];
      if (yes(c.param('initTool'))) parts.push(inl(`install ${tool}`));
      if (c.param('initTool') === false) parts.push(inl(`uninstall ${tool}`));
      if (yes(c.param('optimized'))) parts.push(inl('optimize it as the ', bookTitle('Image Management Service User Guide'), ' describes'));
      return inl('On the ', strong('Elastic Cloud Server'), ' console, ', inRowOf(c, 'server', 'ECS'), ', click ', strong('Remote Login'), ' and, on the ECS, ', parts.length ? listOf(parts) : 'change nothing', '.');
    },
  },
  deleteServer: {
    service: 'ECS', subject: 'server',
    phrase: (c) => inl('On the ', strong('Elastic Cloud Server'), ' console, ', inRowOf(c, 'server', 'ECS'), ', choose ', menu('More', 'Delete'), '.'),
  },
  deleteDisk: {
    service: 'EVS', subject: 'disk',
    phrase: (c) => inl('On the ', strong('Elastic Volume Service'), ' console, ', inRowOf(c, 'disk', 'disk'), ', choose ', menu('More', 'Delete'), '.'),
  },
  createVault: {
    service: 'CBR', subject: 'vault',
    phrase: (c) => {
      const disk = c.param('kind') === 'disk';
      const members = c.records('resources');
      if (c.param('kind') === 'vmware') {
        return inl(
          'On the ', vmwarePage(), ', click ', strong('Buy Hybrid Cloud Backup Vault'), ' and name it ', name(String(c.param('name'))),
          c.param('capacityGB') !== undefined ? `, ${gb(c.param('capacityGB'))}` : '',
          members.length ? inl('; then, in eBackup, add ', listOf(members.map((r) => name(r.name))), ' to the protection set that backs up into it') : '', '.',
        );
      }
      return inl(
        'On the ', backupsPage(disk), ' page, click ', strong(disk ? 'Buy Disk Backup Vault' : 'Buy Server Backup Vault'), ', name it ', name(String(c.param('name'))),
        c.param('capacityGB') !== undefined ? `, set its capacity to ${gb(c.param('capacityGB'))}` : '',
        yes(c.param('autoExpand')) ? inl(', turn on ', strong('Auto Capacity Expansion')) : '',
        members.length ? inl(' and associate ', listOf(members.map((r) => name(r.name)))) : '', '.',
      );
    },
  },
  updateVault: {
    service: 'CBR', subject: 'vault',
    done: (c) => {
      const v = after(c, 'vault') as { capacityGB?: number | null; autoExpand?: boolean; name: string } | undefined;
      if (!v) return [];
      return capitalized(inl(the(c, 'vault', 'vault'), v.capacityGB ? ` now has ${gb(v.capacityGB)}` : ' has no capacity limit', v.autoExpand ? inl(', with ', strong('Auto Capacity Expansion'), ' on') : '', '.'));
    },
    phrase: (c) => {
      const parts: Inline[][] = [];
      if (c.param('capacityGB') !== undefined) parts.push(inl('choose ', menu('More', 'Expand Capacity'), ` and set the capacity to ${gb(c.param('capacityGB'))}`));
      if (c.param('autoExpand') !== undefined) parts.push(inl('choose ', menu('More', 'Modify'), ` and turn ${yes(c.param('autoExpand')) ? 'on' : 'off'} `, strong('Auto Capacity Expansion')));
      if (c.param('name') !== undefined) parts.push(inl('choose ', menu('More', 'Modify'), ' and rename it ', name(String(c.param('name')))));
      return inl('On the ', strong('Vaults'), ' tab, ', inRowOf(c, 'vault', 'vault'), ', ', parts.length ? listOf(parts) : 'change nothing', '.');
    },
  },
  addVaultResources: {
    service: 'CBR', subject: 'vault',
    done: (c) => capitalized(inl(the(c, 'vault', 'vault'), ' now holds ', listOf(c.records('resources').map((r) => name(r.name))), '.')),
    phrase: (c) => {
      const disk = (c.record('vault') as { resourceKind?: string } | undefined)?.resourceKind === 'disk';
      const members = listOf(c.records('resources').map((r) => name(r.name)));
      // A hybrid vault's resources are registered by eBackup: the VMs of a protection set that backs up into it.
      if (isVmware(c.record('vault'))) return inl('In the eBackup console, create a ', strong('Protection Set'), ' of ', members, ' that backs up into ', the(c, 'vault', 'vault'), '.');
      return inl('On the ', strong('Vaults'), ' tab, ', inRowOf(c, 'vault', 'vault'), ', click ', strong(disk ? 'Associate Disk' : 'Associate Server'), ' and select ', members, '.');
    },
  },
  removeVaultResources: {
    service: 'CBR', subject: 'vault',
    done: (c) => {
      const gone = c.records('resources');
      return capitalized(inl(listOf(gone.map((r) => name(r.name))), gone.length === 1 ? ' is' : ' are', ' no longer in ', the(c, 'vault', 'vault'), '.'));
    },
    phrase: (c) => {
      const disk = (c.record('vault') as { resourceKind?: string } | undefined)?.resourceKind === 'disk';
      return inl('Click ', the(c, 'vault', 'vault'), ' and, on its ', strong(disk ? 'Associated Disks' : 'Associated Servers'), ' tab, click ', strong('Dissociate'), ' in the row of ', listOf(c.records('resources').map((r) => name(r.name))), '.');
    },
  },
  deleteVault: {
    service: 'CBR', subject: 'vault',
    phrase: (c) => inl('On the ', strong('Vaults'), ' tab, ', inRowOf(c, 'vault', 'vault'), ', choose ', menu('More', 'Delete'), '.'),
  },
  createPolicy: {
    service: 'CBR', subject: 'policy',
    phrase: (c) => {
      const none = { maxBackups: null, retentionDays: null, dayBackups: null, weekBackups: null, monthBackups: null, yearBackups: null };
      const retention = { ...none, ...Object.fromEntries(Object.keys(none).filter((k) => c.param(k) !== undefined).map((k) => [k, c.param(k)])) };
      return inl(
        'Choose ', strong('Policies'), ' and click ', strong('Create Policy'), ': name ', name(String(c.param('name'))),
        c.param('enabled') === false ? inl(', status ', strong('Disabled')) : '',
        ', execution time ', ((c.param('pattern') as string[] | undefined) ?? []).map(scheduleWords).join(' and '),
        ', retention rule ', retentionWords(retention as never), '.',
      );
    },
  },
  updatePolicy: {
    service: 'CBR', subject: 'policy',
    done: (c) => capitalized(inl(the(c, 'policy', 'policy'), ' is saved with the change.')),
    phrase: (c) => inl('On the ', strong('Policies'), ' page, ', inRowOf(c, 'policy', 'policy'), ', click ', strong('Modify'), ' and ', policyChanges((c.param('changes') ?? {}) as Record<string, unknown>), '.'),
  },
  deletePolicy: {
    service: 'CBR', subject: 'policy',
    phrase: (c) => inl('On the ', strong('Policies'), ' page, ', inRowOf(c, 'policy', 'policy'), ', click ', strong('Delete'), '.'),
  },
  applyPolicy: {
    service: 'CBR', subject: 'policy',
    done: (c) => capitalized(inl(the(c, 'policy', 'policy'), ' is applied to ', the(c, 'vault', 'vault'), '.')),
    phrase: (c) => inl('On the ', strong('Vaults'), ' tab, ', inRowOf(c, 'vault', 'vault'), ', choose ', menu('More', 'Apply Backup Policy'), ' and select ', the(c, 'policy', 'policy'), '.'),
  },
  dissociatePolicy: {
    service: 'CBR', subject: 'policy',
    done: (c) => capitalized(inl(the(c, 'vault', 'vault'), ' has no backup policy any more.')),
    phrase: (c) => inl('On the ', strong('Vaults'), ' tab, ', inRowOf(c, 'vault', 'vault'), ', choose ', menu('More', 'Unbind Backup Policy'), '.'),
  },
  backupServer: {
    service: 'CBR', subject: 'backup',
    phrase: (c) => {
      const excluded = c.records('excludeDisks');
      return inl(
        'On the ', backupsPage(false), ' page, in the row of ', vaultOf(c, 'server'), ', click ', strong('Perform Backup'), c.param('name') !== undefined ? ', select ' : ' and select ', the(c, 'server', 'ECS'),
        excluded.length ? inl(' but not its disk', excluded.length > 1 ? 's ' : ' ', listOf(excluded.map((d) => name(d.name)))) : '',
        c.param('name') !== undefined ? inl(' and name the backup ', name(String(c.param('name')))) : '', '.',
      );
    },
  },
  backupVault: {
    service: 'CBR', subject: 'backup',
    phrase: (c) => {
      const vault = c.record('vault') as { resourceKind?: string } | undefined;
      const only = c.records('resources');
      return inl(
        'On the ', backupsPage(vault?.resourceKind === 'disk'), ' page, choose ', the(c, 'vault', 'vault'), ' and click ', strong('Back Up Now'),
        only.length ? inl(', selecting only ', listOf(only.map((r) => name(r.name)))) : '',
        c.param('name') !== undefined ? inl(c.param('description') !== undefined ? ', ' : ' and ', 'name the restore point ', name(String(c.param('name')))) : '',
        c.param('description') !== undefined ? inl(' and describe it as \u201c', String(c.param('description')), '\u201d') : '', '.',
      );
    },
  },
  backupDisk: {
    service: 'CBR', subject: 'backup',
    phrase: (c) => inl(
      'On the ', backupsPage(true), ' page, in the row of ', vaultOf(c, 'disk'), ', click ', strong('Perform Backup'), c.param('name') !== undefined ? ', select ' : ' and select ', the(c, 'disk', 'disk'),
      c.param('name') !== undefined ? inl(' and name the backup ', name(String(c.param('name')))) : '', '.',
    ),
  },
  restoreBackup: {
    service: 'CBR', subject: 'backup',
    phrase: (c) => {
      const disk = (c.record('backup') as { resourceKind?: string } | undefined)?.resourceKind === 'disk';
      return inl(
        'Click the ', strong('Backups'), ' tab. In the row of ', the(c, 'backup', 'backup'),
        ', click ', strong(disk ? 'Restore Disk' : 'Restore Server'),
        c.param('target') !== undefined ? inl(' and select ', the(c, 'target', 'resource'), ' as the one to restore to') : '', '.',
      );
    },
  },
  createDiskFromBackup: {
    service: 'CBR', subject: 'disk',
    phrase: (c) => inl('Click the ', strong('Backups'), ' tab. In the row of ', the(c, 'backup', 'backup'), ', click ', strong('Create Disk'), ' and name the disk ', name(String(c.param('name'))), '.'),
  },
  updateBackup: {
    service: 'CBR', subject: 'backup',
    done: (c) => capitalized(inl('the backup is now named ', name(String(c.param('name'))), '.')),
    phrase: (c) => inl('Click the ', strong('Backups'), ' tab. In the row of ', the(c, 'backup', 'backup'), ', choose ', menu('More', 'Modify'), ' and rename it ', name(String(c.param('name'))), '.'),
  },
  deleteBackup: {
    service: 'CBR', subject: 'backup',
    phrase: (c) => inl('Click the ', strong('Backups'), ' tab. In the row of ', the(c, 'backup', 'backup'), ', choose ', menu('More', 'Delete'), '.'),
  },
  createImageFromBackup: {
    service: 'CBR', subject: 'image',
    phrase: (c) => inl('Click the ', strong('Backups'), ' tab. In the row of ', the(c, 'backup', 'backup'), ', choose ', menu('More', 'Create Image'), ' and create the full-ECS image ', name(String(c.param('name'))), '.'),
  },
  createImageFromServer: {
    service: 'IMS', subject: 'image',
    phrase: (c) => inl(
      'On the ', strong('Image Management Service'), ' console, click ', strong('Create Image'), ': type ', strong(IMAGE_TYPE[String(c.param('kind'))] ?? String(c.param('kind'))),
      ', source ', strong('ECS'), ' ', name(c.record('server')?.name ?? String(c.param('server'))), ', name ', name(String(c.param('name'))), '.',
    ),
  },
  createImageFromDisk: {
    service: 'IMS', subject: 'image',
    phrase: (c) => inl(
      'On the ', strong('Image Management Service'), ' console, click ', strong('Create Image'), ': type ', strong(IMAGE_TYPE['data-disk']!),
      ', source ', the(c, 'disk', 'disk'), ', name ', name(String(c.param('name'))), '.',
    ),
  },
  importImage: {
    service: 'IMS', subject: 'image',
    phrase: (c) => inl(
      'On the ', strong('Image Management Service'), ' console, click ', strong('Create Image'), ': type ', strong(IMAGE_TYPE[String(c.param('kind'))] ?? String(c.param('kind'))),
      ', source ', strong('Image File'), ` (a ${gb(c.param('sizeGB'))} file uploaded to OBS), name `, name(String(c.param('name'))), '.',
    ),
  },
  exportImage: {
    service: 'IMS', subject: 'image',
    done: (c) => capitalized(inl(the(c, 'image', 'image'), ' is exported to OBS, from where it can be downloaded.')),
    phrase: (c) => inl('On the ', strong('Private Images'), ' tab, ', inRowOf(c, 'image', 'image'), ', choose ', menu('More', 'Export'), '.'),
  },
  createDiskFromImage: {
    service: 'IMS', subject: 'disk',
    phrase: (c) => inl('On the ', strong('Private Images'), ' tab, ', inRowOf(c, 'image', 'image'), ', click ', strong('Create Data Disk'), ' and name the disk ', name(String(c.param('name'))), '.'),
  },
  provisionServers: {
    service: 'IMS', subject: 'server',
    phrase: (c) => {
      const count = Number(c.param('count'));
      const names = c.made.map((r) => name(r.name));
      return inl(
        'On the ', strong('Private Images'), ' tab, ', inRowOf(c, 'image', 'image'), ', click ', strong('Apply for Server'), ` and create ${count === 1 ? 'an ECS' : `${count} ECSs`}`,
        names.length ? inl(' (', listOf(names), ')') : c.param('namePrefix') !== undefined ? inl(' named ', name(`${String(c.param('namePrefix'))}…`)) : '',
        c.param('az') !== undefined ? ` in ${String(c.param('az'))}` : '', '.',
      );
    },
  },
  deleteImage: {
    service: 'IMS', subject: 'image',
    phrase: (c) => inl(
      'On the ', strong('Private Images'), ' tab, ', inRowOf(c, 'image', 'image'), ', choose ', menu('More', 'Delete'),
      yes(c.param('deleteBackup')) ? ' and choose to delete the CBR backup the image was created from as well' : '', '.',
    ),
  },
  shareBackup: {
    service: 'CBR', subject: 'backup',
    done: (c) => capitalized(inl(the(c, 'backup', 'backup'), ' is shared with ', listOf(listParam<string>(c.param('projects')).map((p) => name(p))), '.')),
    phrase: (c) => {
      const projects = listParam<string>(c.param('projects'));
      return inl(
        'Click the ', strong('Backups'), ' tab. In the row of ', the(c, 'backup', 'backup'), ', choose ', menu('More', 'Share'),
        projects.length ? inl(' and add the project', projects.length > 1 ? 's ' : ' ', listOf(projects.map((p) => name(p)))) : '', '.',
      );
    },
  },
  exportBackup: {
    service: 'CBR', subject: 'backup',
    phrase: (c) => inl('Click the ', strong('Backups'), ' tab and look in the row of ', the(c, 'backup', 'backup'), ' for a way to export it to OBS or your PC.'),
  },
  // C10: the datacenter and its VMs are the reader's own; eBackup's steps are done in eBackup's console.
  createSite: {
    service: null, subject: null,
    phrase: (c) => inl('cbr-sim stands in for the on-premises datacenter ', name(String(c.param('name'))), yes(c.param('ebackup')) ? ', with eBackup installed' : ', with no eBackup yet', '; the console has no such action.'),
  },
  createVm: {
    service: null, subject: null,
    phrase: (c) => {
      const disks = listParam<number>(c.param('disksGB'));
      const site = c.record('site');
      return inl(
        'cbr-sim puts the VMware VM ', name(String(c.param('name'))), ' in ', site ? inl('the datacenter ', name(site.name)) : 'the datacenter',
        ` (${c.param('os') === 'windows' ? 'Windows' : 'Linux'}`, c.param('vsphereVersion') !== undefined ? `, vSphere ${String(c.param('vsphereVersion'))}` : '',
        disks.length ? `, disks of ${disks.map(gb).join(', ')}` : '', '), as a VM of its vCenter that eBackup sees; the console has no such action.',
      );
    },
  },
  deleteVm: {
    service: null, subject: null,
    phrase: (c) => inl('cbr-sim deletes ', the(c, 'vm', 'VMware VM'), ' in its datacenter, as the vSphere Client would; the console has no such action.'),
  },
  installEbackup: {
    service: 'eBackup', subject: 'site',
    done: (c) => capitalized(inl(the(c, 'site', 'datacenter'), ' now has eBackup.')),
    phrase: (c) => inl(
      'On the ', vmwarePage(), ' of the CBR console, download the eBackup image template; install and configure eBackup in ', the(c, 'site', 'datacenter'),
      ' as the ', bookTitle('eBackup installation guide'), ' describes.',
    ),
  },
  backupVmOnPrem: {
    service: 'eBackup', subject: 'localCopy',
    phrase: (c) => inl(
      ebackupOf(c, 'vm'), ', in the protection set of ', the(c, 'vm', 'VMware VM'), ', click ', strong('Back Up Now'),
      c.param('name') !== undefined ? inl(' and name the backup copy ', name(String(c.param('name')))) : '', '.',
    ),
  },
  expireLocalCopy: {
    service: 'eBackup', subject: 'localCopy',
    done: (c) => capitalized(inl(the(c, 'copy', 'backup copy'), ' is gone from eBackup; the cloud still lists its backup until the vault is synchronised.')),
    phrase: (c) => inl(ebackupOf(c, 'copy'), ', let ', the(c, 'copy', 'backup copy'), ' expire under the retention of its ', strong('Backup Policy'), ' (or delete it).'),
  },
  syncBackups: {
    service: 'CBR', subject: 'backup',
    done: syncStarted,
    phrase: (c) => inl(
      'On the ', vmwarePage(), ', ', inRowOf(c, 'vault', 'vault'), ', click ', strong('Synchronize'), ' and select ',
      listOf(c.records('copies').map((r) => theResource(r))), '.',
    ),
  },
  syncVault: {
    service: 'CBR', subject: 'backup',
    done: syncStarted,
    phrase: (c) => inl('On the ', vmwarePage(), ', ', inRowOf(c, 'vault', 'vault'), ', click ', strong('Synchronize'), ' to take in every backup copy eBackup has uploaded.'),
  },
  failNext: {
    service: null, subject: null,
    phrase: (c) => {
      const count = Number(c.param('count') ?? 1);
      const what = { backup: 'backup job', image: 'image job', provision: 'ECS creation', restore: 'restore', sync: 'synchronisation' }[String(c.param('operation'))] ?? String(c.param('operation'));
      return inl(`cbr-sim makes the next ${count === 1 ? what : `${count} ${what}s`} fail, to show what a failure looks like; the console has no such action.`);
    },
  },
};
