/**
 * The simulator side of the benchmark: a fleet of servers under one daily backup policy, run
 * through the public API only, one simulated day at a time.
 *
 * Backups are counted from the journal (a `sink`), never from the simulator's internals:
 * a `state` record of kind `backup` from `null` is a backup created, one with status `deleted` is a
 * backup deleted. The counts per simulated day are kept, so the baseline can repeat the cadence.
 */
import { createSimulation, type JournalRecord } from '../src/index.js';

/** How many servers one vault holds (BackupService.6100). */
export const SERVERS_PER_VAULT = 256;
export const POLICY_PATTERN = ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'];
export const MAX_BACKUPS = 7;
export const JOURNAL_LIMIT = 10_000;

export interface FleetResult {
  servers: number;
  days: number;
  vaults: number;
  backupsCreated: number;
  backupsDeleted: number;
  /**
   * Backups the journal shows entering `deleting`: a cross-check only. Every one of them should
   * later show `deleted`, within the 60 s delete job.
   */
  deletionsStarted: number;
  /** Backups created / deleted during each simulated day (index 0 is day 1). */
  createdPerDay: number[];
  deletedPerDay: number[];
  /** Wall-clock seconds from createSimulation to the end of the last day. */
  wallS: number;
  /** Peak `process.memoryUsage().rss` in MB, sampled after every simulated day. */
  rssMb: number;
  /** `rss` in MB after each simulated day. */
  rssPerDay: number[];
}

const MB = 1024 * 1024;

/** Runs the fleet scenario; `onDay` is told after each simulated day (for progress output). */
export function runFleet(servers: number, days: number, onDay?: (day: number, rssMb: number) => void): FleetResult {
  let created = 0;
  let deleted = 0;
  let deleting = 0;
  const sink = (record: JournalRecord): void => {
    if (record.type !== 'state' || record.kind !== 'backup') return;
    if (record.from === null) created++;
    else if (record.status === 'deleted') deleted++;
    else if (record.status === 'deleting' && record.from !== 'deleting') deleting++;
  };

  const started = performance.now();
  const sim = createSimulation({ profile: 'realistic', journal: { limit: JOURNAL_LIMIT, sink } });

  // Servers first, each with a 40 GB system disk and no data disks, until every one is ACTIVE.
  const ids: string[] = [];
  for (let i = 0; i < servers; i++) {
    ids.push(sim.createServer({ name: `srv-${i + 1}`, os: 'linux', systemDiskGB: 40 }).id);
  }
  for (let step = 0; ; step++) {
    if (sim.list('server', { status: 'ACTIVE' }).length === servers) break;
    if (step >= 120) throw new Error(`bench: the ${servers} servers were not all ACTIVE after ${step} simulated minutes`);
    sim.advance('1m');
  }

  // ceil(N / 256) vaults of up to 256 servers each, all under one daily policy.
  const vaultIds: string[] = [];
  for (let from = 0; from < servers; from += SERVERS_PER_VAULT) {
    const resourceIds = ids.slice(from, from + SERVERS_PER_VAULT);
    vaultIds.push(sim.createVault({ name: `vault-${vaultIds.length + 1}`, kind: 'server', resourceIds }).id);
  }
  const policy = sim.createPolicy({ name: 'daily', pattern: POLICY_PATTERN, maxBackups: MAX_BACKUPS });
  for (const vaultId of vaultIds) sim.applyPolicy(policy.id, vaultId);

  const createdPerDay: number[] = [];
  const deletedPerDay: number[] = [];
  const rssPerDay: number[] = [];
  let peak = 0;
  for (let day = 1; day <= days; day++) {
    const createdBefore = created;
    const deletedBefore = deleted;
    sim.advance('1d');
    createdPerDay.push(created - createdBefore);
    deletedPerDay.push(deleted - deletedBefore);
    const rss = process.memoryUsage().rss / MB;
    rssPerDay.push(rss);
    if (rss > peak) peak = rss;
    onDay?.(day, rss);
  }
  const wallS = (performance.now() - started) / 1000;

  return {
    servers, days, vaults: vaultIds.length,
    backupsCreated: created, backupsDeleted: deleted, deletionsStarted: deleting,
    createdPerDay, deletedPerDay, wallS, rssMb: peak, rssPerDay,
  };
}
