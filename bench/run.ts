/**
 * `npm run bench -- --servers N --days D [--json]`
 *
 * Simulates N servers in ceil(N/256) vaults under one daily policy (maxBackups 7) for D days on the
 * 'realistic' profile with a bounded journal, one `advance('1d')` at a time, then runs the bare
 * XState baseline (see baseline.ts) with the same backups at the same cadence, in the same process.
 * Both are warmed up first with a tiny run, and the baseline always runs second.
 *
 * With --json it prints one line:
 *   {"servers","days","backups_created","backups_deleted","wall_s","rss_mb","baseline_wall_s","ratio"}
 */
import { runFleet, type FleetResult } from './fleet.js';
import { runBaseline, type BaselineResult } from './baseline.js';

export interface BenchOptions {
  servers: number;
  days: number;
  json: boolean;
  /** The inspector benchmark (inspector.ts) instead of the simulator one. */
  inspector?: boolean;
}

export const DEFAULTS = { servers: 100, days: 30 } as const;

const USAGE = `Usage: npm run bench -- [--servers N] [--days D] [--json]

  --servers N   servers to simulate, a positive whole number (default ${DEFAULTS.servers})
  --days D      simulated days, a positive whole number (default ${DEFAULTS.days})
  --json        print one JSON line instead of the summary
  --inspector   benchmark the inspector page instead (Debian chromium at /usr/bin/chromium)
  --server-load the inspector's server under 50 clients instead (server-load.ts; --server-load --help)
  --api         the service API under 50 SDK clients instead (api.ts; --api --help)
  -h, --help    show this help
`;

/** A bad command line: the message names the problem and the fix. Exit code 2. */
export class UsageError extends Error {}

function positiveInteger(option: string, value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`${option} must be a positive whole number; got ${JSON.stringify(value)}. For example: ${option} ${DEFAULTS[option === '--servers' ? 'servers' : 'days']}`);
  }
  return n;
}

/** Parses the command line; returns null for --help. */
export function parseArgs(argv: readonly string[]): BenchOptions | null {
  const o: BenchOptions = { servers: DEFAULTS.servers, days: DEFAULTS.days, json: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (name === '-h' || name === '--help') return null;
    if (name === '--inspector') {
      if (inline !== undefined) throw new UsageError('--inspector takes no value');
      o.inspector = true;
      continue;
    }
    if (name !== '--servers' && name !== '--days' && name !== '--json') {
      throw new UsageError(
        arg.startsWith('-')
          ? `unknown option ${name}; the options are --servers N, --days D and --json (see --help)`
          : `unexpected argument ${JSON.stringify(arg)}; give numbers as --servers N and --days D (see --help)`,
      );
    }
    if (seen.has(name)) throw new UsageError(`${name} is given more than once; give it once`);
    seen.add(name);
    if (name === '--json') {
      if (inline !== undefined) throw new UsageError(`--json takes no value; got ${JSON.stringify(arg)}. Write just --json`);
      o.json = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${name} needs a value; for example: ${name} ${name === '--servers' ? DEFAULTS.servers : DEFAULTS.days}`);
      }
      value = next;
      i++;
    }
    if (name === '--servers') o.servers = positiveInteger(name, value);
    else o.days = positiveInteger(name, value);
  }
  return o;
}

export interface BenchResult {
  servers: number;
  days: number;
  backups_created: number;
  backups_deleted: number;
  wall_s: number;
  rss_mb: number;
  baseline_wall_s: number;
  ratio: number;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Warms both sides up, then runs the simulator and, second, the baseline. */
export function bench(o: BenchOptions, progress?: (text: string) => void): { result: BenchResult; fleet: FleetResult; baseline: BaselineResult } {
  // A tiny run of each first, so that neither side pays the JIT warm-up inside its measurement.
  const warm = runFleet(16, 10);
  runBaseline(warm.createdPerDay, warm.deletedPerDay);

  const every = Math.max(1, Math.ceil(o.days / 20));
  const fleet = runFleet(o.servers, o.days, progress && ((day, rss) => {
    if (day % every === 0 || day === o.days) progress(`simulator: day ${day}/${o.days}, rss ${rss.toFixed(0)} MB`);
  }));
  progress?.('baseline: running');
  const baseline = runBaseline(fleet.createdPerDay, fleet.deletedPerDay);
  if (baseline.backupsCreated !== fleet.backupsCreated || baseline.backupsDeleted !== fleet.backupsDeleted) {
    throw new Error(
      `the baseline made ${baseline.backupsCreated} backups and deleted ${baseline.backupsDeleted}; ` +
        `the simulator ${fleet.backupsCreated} and ${fleet.backupsDeleted}`,
    );
  }
  const result: BenchResult = {
    servers: o.servers,
    days: o.days,
    backups_created: fleet.backupsCreated,
    backups_deleted: fleet.backupsDeleted,
    wall_s: round(fleet.wallS, 3),
    rss_mb: round(fleet.rssMb, 1),
    baseline_wall_s: round(baseline.wallS, 3),
    ratio: round(fleet.wallS / baseline.wallS, 3),
  };
  return { result, fleet, baseline };
}

function summary(r: BenchResult, fleet: FleetResult): string {
  return [
    `cbr-sim bench: ${r.servers} servers in ${fleet.vaults} vault(s), ${r.days} days, realistic profile, journal limit 10000`,
    `  simulator  ${r.wall_s.toFixed(3)} s   ${r.backups_created} backups created, ${r.backups_deleted} deleted; peak RSS ${r.rss_mb.toFixed(1)} MB`,
    `  baseline   ${r.baseline_wall_s.toFixed(3)} s   bare XState actors on a SimulatedClock, same backups and cadence`,
    `  ratio      ${r.ratio.toFixed(2)}x   (simulator / baseline)`,
    '',
  ].join('\n');
}

export function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void, showProgress: boolean): number {
  if (argv.includes('--api')) {
    // Its own options (--seconds N, --rounds N, --json); imported only here.
    import('./api.js').then(({ apiMain }) => apiMain(argv, out, err, showProgress)).then((code) => {
      process.exitCode = code;
    });
    return 0;
  }
  if (argv.includes('--server-load')) {
    // Its own options (--seconds N, --json); imported only here, like the inspector benchmark.
    import('./server-load.js').then(({ serverLoadMain }) => serverLoadMain(argv, out, err, showProgress)).then((code) => {
      process.exitCode = code;
    });
    return 0;
  }
  let o: BenchOptions | null;
  try {
    o = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`bench: ${error.message}\n`);
    return 2;
  }
  if (o === null) {
    out(USAGE);
    return 0;
  }
  if (o.inspector) {
    // Imported only here: Chromium's driver and the server are no part of the simulator's figures.
    import('./inspector.js').then(({ inspectorBench }) => inspectorBench(o.servers, o.days)).then(
      (r) => out(o.json ? `${JSON.stringify(r)}\n` : `${JSON.stringify(r, null, 2)}\n`),
      (error: Error) => {
        // Most often Chromium is missing: `bash scripts/ensure-chromium.sh` installs Debian's.
        err(`bench: the inspector benchmark failed: ${error.message}\nIt needs Debian's chromium at /usr/bin/chromium (bash scripts/ensure-chromium.sh installs it).\n`);
        process.exitCode = 1;
      },
    );
    return 0;
  }
  const { result, fleet } = bench(o, showProgress ? (text) => err(`\r\x1b[K${text}`) : undefined);
  if (showProgress) err('\r\x1b[K');
  if (fleet.deletionsStarted > fleet.backupsDeleted) {
    // The counts come from the journal; say so when it looks incomplete, without hiding it.
    err(
      `bench: warning: the journal shows ${fleet.deletionsStarted} backups entering 'deleting' but only ` +
        `${fleet.backupsDeleted} reaching 'deleted'; backups_deleted counts the latter, and so does the baseline\n`,
    );
  }
  out(o.json ? `${JSON.stringify(result)}\n` : summary(result, fleet));
  return 0;
}

process.exitCode = main(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t), Boolean(process.stderr.isTTY));
