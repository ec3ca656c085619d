/**
 * `npm run bench -- --api [--seconds N] [--rounds N] [--json]`: the service API under 50 SDK clients.
 *
 * cbr-sim runs in a child process (api-child.ts) with `--auth verify` and a keys file of 50 AK/SK
 * pairs, one per client, and `--clock manual`, so that reads never move the clock during the run
 * (a poll of a backup still Creating answers Creating, as often as it is asked). Before the clock
 * starts, its project holds 1,000 Available server backups, finished ECS, EVS and IMS jobs, and the
 * one-time pools the creating requests take from (api-seed.ts). 50 client loops (keep-alive HTTP,
 * 127.0.0.1 only, each sending its next request when the last is answered) send the mix of
 * api-mix.ts, every request signed with the Huawei Cloud SDK core's own signer (api-sign.ts), for
 * N seconds (default 60) after a 2 s warm-up that is not measured.
 *
 * The baseline: the same clients, the same requests and signatures, against a bare express app in
 * a child process too (api-baseline.ts) that checks each signature with the same verifier and
 * answers a stored body of the size cbr-sim answered that kind with. Rounds alternate, cbr-sim
 * first (its answers give the baseline its sizes), each in a fresh child: cbr-sim, baseline,
 * cbr-sim, baseline… (default 2 of each, as the machine is shared and noisy); every figure is the
 * median over the rounds of its side, and `ratio` = cbr-sim requests/s ÷ baseline requests/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  ApiClient, BENCH_PROJECT, CLIENTS, KINDS, LIST_LIMIT, MIX, PROJECT_BACKUPS, SEEDED_IMAGES, poolSizes,
  type Kind, type Op, type SeededWorld,
} from './api-mix.js';
import { signOp, type Key } from './api-sign.js';
import { errorLabel, median, round, roundStats, type RoundStats, type Sample } from './api-stats.js';

export const DEFAULT_SECONDS = 60;
export const DEFAULT_ROUNDS = 2;
export const WARM_SECONDS = 2;
const REQUEST_TIMEOUT_MS = 30_000;
const RSS_EVERY_MS = 250;

/** The keys file: one AK/SK pair per client, each bound to the benchmark's project. */
export function benchKeys(): Key[] {
  return Array.from({ length: CLIENTS }, (_, i) => ({ ak: `AKBENCH${String(i + 1).padStart(13, '0')}`, sk: `bench-client-${i + 1}-secret` }));
}

// ─── Processes ────────────────────────────────────────────────────────────────────────────────

interface Child {
  url: string;
  world: SeededWorld | null;
  rssMb: () => number;
  /** The CPU time the process has used so far (user + system), in ms. */
  cpuMs: () => number;
  stop: () => Promise<void>;
}

function rssMbOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number((Number(kb) / 1024).toFixed(1)) : NaN;
  } catch {
    return NaN;
  }
}

/** Clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`: 100 on Linux, with rare exceptions). */
const CLOCK_TICKS = 100;

function cpuMsOf(pid: number): number {
  try {
    // The fields after the command's name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

async function startChild(args: string[]): Promise<Child> {
  const script = fileURLToPath(new URL('./api-child.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [...(process.env.CBR_SIM_BENCH_CHILD_FLAGS?.split(' ').filter(Boolean) ?? []), script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<{ url: string; world: SeededWorld | null }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    // Seeding the world takes seconds, more on a loaded machine.
    const timer = setTimeout(() => reject(new Error('the server did not start in 180 s')), 180_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { url: string; world: SeededWorld | null });
      } catch {
        reject(new Error(`the server printed ${JSON.stringify(line.slice(0, 200))} instead of its URL`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before listening`));
    });
  });
  const pid = child.pid!;
  return {
    ...first,
    rssMb: () => rssMbOf(pid),
    cpuMs: () => cpuMsOf(pid),
    stop: async () => {
      child.stdin!.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

// ─── HTTP ─────────────────────────────────────────────────────────────────────────────────────

interface Answer {
  status: number;
  ms: number;
  bytes: number;
  /** The body's first 300 bytes (enough for an error's code). */
  head: string;
  failure?: string;
}

class Target {
  readonly agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 8, noDelay: true });
  readonly host: string;
  readonly port: number;

  constructor(readonly origin: string, private readonly projectId: string) {
    const u = new URL(origin);
    if (u.hostname !== '127.0.0.1') throw new Error(`api bench: the server must listen on 127.0.0.1; got ${origin}`);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  /** Signs `op` with `key` now (as the SDK signs each request as it sends it) and sends it. */
  send(op: Op, key: Key): Promise<Answer> {
    const started = performance.now();
    const signed = signOp(op, this.origin, this.projectId, key);
    return new Promise((resolve) => {
      let settled = false;
      const done = (a: Omit<Answer, 'ms'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...a, ms: performance.now() - started });
      };
      const req = request(
        {
          agent: this.agent, host: this.host, port: this.port, method: op.method, path: signed.target,
          headers: { ...signed.headers, ...(signed.body ? { 'Content-Length': String(signed.body.length) } : {}) },
        },
        (res) => {
          let bytes = 0;
          let head = '';
          res.on('data', (c: Buffer) => {
            if (head.length < 300) head += c.toString('utf8', 0, Math.min(c.length, 300));
            bytes += c.length;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, bytes, head }));
          res.on('error', (e) => done({ status: 0, bytes: 0, head: '', failure: e.message }));
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', (e) => done({ status: 0, bytes: 0, head: '', failure: e.message }));
      req.end(signed.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

// ─── A round ──────────────────────────────────────────────────────────────────────────────────

interface RoundRun {
  stats: RoundStats & { rss_mb_every_10s: number[] };
  world: SeededWorld | null;
  exhausted: { checkpoint: number; image: number };
}

/** One child, the 50 clients for WARM_SECONDS (not measured) and then `seconds`. */
async function runRound(
  target: RoundStats['target'], seconds: number, keysFile: string, keys: Key[], world: SeededWorld | null,
  sizes: Partial<Record<Kind, number>>, progress?: (text: string) => void, label: string = target,
): Promise<RoundRun> {
  const pools = poolSizes(seconds + WARM_SECONDS);
  progress?.(`${label}: starting${target === 'cbr-sim' ? ' and seeding the project' : ''}`);
  const child = await startChild(target === 'cbr-sim'
    ? ['cbr-sim', keysFile, JSON.stringify({ backups: Math.max(PROJECT_BACKUPS, pools.image + SEEDED_IMAGES), checkpointPool: pools.checkpoint })]
    : ['baseline', keysFile, JSON.stringify(sizes)]);
  const w = child.world ?? world;
  if (!w) throw new Error('the baseline needs the world of a cbr-sim round first');
  const http = new Target(child.url, w.projectId);
  const clients = Array.from({ length: CLIENTS }, (_, i) => new ApiClient(i, w, target === 'baseline'));
  const samples: Sample[] = [];
  const rss = { start: NaN, end: NaN, peak: NaN };
  /** RSS every 10 s of the measured run (its growth, and where it stops growing). */
  const timeline: number[] = [];
  const cpu = { start: NaN, end: NaN };
  let sampler: NodeJS.Timeout | undefined;
  try {
    const warmEnd = performance.now() + WARM_SECONDS * 1000;
    const end = warmEnd + seconds * 1000;
    const measuring = setTimeout(() => {
      rss.start = rss.peak = child.rssMb();
      cpu.start = child.cpuMs();
      sampler = setInterval(() => {
        const now = child.rssMb();
        rss.peak = Math.max(rss.peak, now);
        if (performance.now() - warmEnd >= timeline.length * 10_000) timeline.push(now);
        progress?.(`${label}: ${((performance.now() - warmEnd) / 1000).toFixed(0)}/${seconds} s, ${samples.length} requests, rss ${now.toFixed(0)} MB`);
      }, RSS_EVERY_MS);
    }, WARM_SECONDS * 1000);
    await Promise.all(clients.map(async (c, i) => {
      while (performance.now() < end) {
        const op = c.next();
        const a = await http.send(op, keys[i]!);
        const at = performance.now();
        if (at >= warmEnd && at < end) samples.push({ kind: op.kind, ms: a.ms, status: a.status, bytes: a.bytes, label: errorLabel(a.status, a.head, a.failure) });
      }
    }));
    clearTimeout(measuring);
    cpu.end = child.cpuMs();
    rss.end = child.rssMb();
    rss.peak = Math.max(rss.peak, rss.end);
  } finally {
    if (sampler) clearInterval(sampler);
    http.close();
    await child.stop();
  }
  const exhausted = { checkpoint: 0, image: 0 };
  for (const c of clients) {
    exhausted.checkpoint += c.exhausted.checkpoint;
    exhausted.image += c.exhausted.image;
  }
  return { stats: { ...roundStats(target, samples, seconds, rss, cpu.end - cpu.start), rss_mb_every_10s: [...timeline, rss.end] }, world: child.world, exhausted };
}

// ─── The benchmark ────────────────────────────────────────────────────────────────────────────

export interface ApiKindFigures {
  share_pct: number;
  requests: number;
  p50_ms: number | null;
  p99_ms: number | null;
  median_bytes: number | null;
}

export interface ApiBenchResult {
  seconds: number;
  rounds: number;
  clients: number;
  auth: 'verify';
  clock: 'manual';
  project_backups: number;
  requests_per_s: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  reads_p99_ms: number | null;
  kinds: Record<Kind, ApiKindFigures>;
  rss_mb: { start: number | null; end: number | null; peak: number | null };
  /** The server process's CPU time per request (ms) and over wall time (cores busy). */
  cpu_ms_per_request: number | null;
  cpu_cores: number | null;
  errors_by_status: Record<string, number>;
  baseline_requests_per_s: number | null;
  baseline_p50_ms: number | null;
  baseline_p99_ms: number | null;
  baseline_errors_by_status: Record<string, number>;
  baseline_cpu_ms_per_request: number | null;
  baseline_cpu_cores: number | null;
  ratio: number | null;
  /** Baseline CPU ms per request ÷ cbr-sim's: the ratio a machine of its own would show, about. */
  cpu_ratio: number | null;
  /** Creating requests sent as backup polls instead, the pools being used up (0 unless cbr-sim outran POOL_RATE). */
  pool_exhausted: { checkpoint: number; image: number };
  round_figures: { target: string; requests_per_s: number; p50_ms: number | null; p99_ms: number | null; reads_p99_ms: number | null; rss_mb: RoundStats['rss_mb']; rss_mb_every_10s: number[]; cpu_ms_per_request: number | null; cpu_cores: number | null; errors: number }[];
  cores: number;
  load_average: { start: number[]; end: number[] };
  targets: Record<string, boolean>;
}

const med = (rounds: readonly RoundStats[], f: (r: RoundStats) => number | null): number | null => round(median(rounds.map(f).filter((v): v is number => v !== null)), 2);

function sumErrors(rounds: readonly RoundStats[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rounds) for (const [k, n] of Object.entries(r.errors)) out[k] = (out[k] ?? 0) + n;
  return out;
}

export async function apiBench(seconds: number, rounds: number, progress?: (text: string) => void): Promise<ApiBenchResult> {
  const loadStart = loadavg().map((n) => round(n, 2)!);
  const keys = benchKeys();
  const dir = mkdtempSync(join(tmpdir(), 'cbr-sim-api-bench-'));
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, JSON.stringify({ keys: keys.map((k) => ({ ...k, projects: [BENCH_PROJECT] })), tokens: [] }));
  const sim: RoundRun[] = [];
  const base: RoundRun[] = [];
  let world: SeededWorld | null = null;
  try {
    for (let r = 1; r <= rounds; r++) {
      const s = await runRound('cbr-sim', seconds, keysFile, keys, null, {}, progress, `cbr-sim ${r}/${rounds}`);
      sim.push(s);
      world = s.world;
      // The baseline's bodies: the median size cbr-sim answered each kind with, over its rounds so far.
      const sizes = Object.fromEntries(KINDS.map((k) => [k, median(sim.map((x) => x.stats.kinds[k].median_bytes).filter((v): v is number => v !== null)) ?? 100]));
      base.push(await runRound('baseline', seconds, keysFile, keys, world, sizes, progress, `baseline ${r}/${rounds}`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const S = sim.map((x) => x.stats);
  const B = base.map((x) => x.stats);
  const simRate = med(S, (r) => r.requests_per_s);
  const baseRate = med(B, (r) => r.requests_per_s);
  const kinds = Object.fromEntries(KINDS.map((k) => [k, {
    share_pct: MIX[k],
    requests: Math.round(median(S.map((r) => r.kinds[k].requests)) ?? 0),
    p50_ms: med(S, (r) => r.kinds[k].p50_ms),
    p99_ms: med(S, (r) => r.kinds[k].p99_ms),
    median_bytes: med(S, (r) => r.kinds[k].median_bytes),
  }])) as Record<Kind, ApiKindFigures>;
  const rss = { start: med(S, (r) => r.rss_mb.start), end: med(S, (r) => r.rss_mb.end), peak: med(S, (r) => r.rss_mb.peak) };
  const errors = sumErrors(S);
  const result: ApiBenchResult = {
    seconds,
    rounds,
    clients: CLIENTS,
    auth: 'verify',
    clock: 'manual',
    project_backups: world?.backups.length ?? 0,
    requests_per_s: simRate,
    p50_ms: med(S, (r) => r.p50_ms),
    p99_ms: med(S, (r) => r.p99_ms),
    reads_p99_ms: med(S, (r) => r.reads_p99_ms),
    kinds,
    rss_mb: rss,
    cpu_ms_per_request: med(S, (r) => r.cpu_ms_per_request),
    cpu_cores: med(S, (r) => r.cpu_cores),
    errors_by_status: errors,
    baseline_requests_per_s: baseRate,
    baseline_p50_ms: med(B, (r) => r.p50_ms),
    baseline_p99_ms: med(B, (r) => r.p99_ms),
    baseline_errors_by_status: sumErrors(B),
    baseline_cpu_ms_per_request: med(B, (r) => r.cpu_ms_per_request),
    baseline_cpu_cores: med(B, (r) => r.cpu_cores),
    ratio: simRate !== null && baseRate ? round(simRate / baseRate, 3) : null,
    cpu_ratio: (() => {
      const simCpu = med(S, (r) => r.cpu_ms_per_request);
      const baseCpu = med(B, (r) => r.cpu_ms_per_request);
      return simCpu && baseCpu ? round(baseCpu / simCpu, 3) : null;
    })(),
    pool_exhausted: {
      checkpoint: sim.reduce((n, x) => n + x.exhausted.checkpoint, 0),
      image: sim.reduce((n, x) => n + x.exhausted.image, 0),
    },
    round_figures: sim.flatMap((s, i) => [s, base[i]!]).map(({ stats: r }) => ({
      target: r.target, requests_per_s: r.requests_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, reads_p99_ms: r.reads_p99_ms, rss_mb: r.rss_mb, rss_mb_every_10s: r.rss_mb_every_10s,
      cpu_ms_per_request: r.cpu_ms_per_request, cpu_cores: r.cpu_cores,
      errors: Object.values(r.errors).reduce((a, b) => a + b, 0),
    })),
    cores: cpus().length,
    load_average: { start: loadStart, end: loadavg().map((n) => round(n, 2)!) },
    // The issue's targets, for a 2-core machine.
    targets: {
      requests_per_s_ge_1500: (simRate ?? 0) >= 1500,
      reads_p99_le_50ms: (med(S, (r) => r.reads_p99_ms) ?? Infinity) <= 50,
      ratio_ge_0_4: simRate !== null && baseRate !== null && simRate / baseRate >= 0.4,
      // Flat: no round's server ends more than 20 % above where it started (its world grows by the run's creations).
      rss_flat: S.every((r) => r.rss_mb.end <= 1.2 * r.rss_mb.start),
      no_errors: Object.keys(errors).length === 0,
    },
  };
  return result;
}

// ─── Command line ─────────────────────────────────────────────────────────────────────────────

export const API_USAGE = `Usage: npm run bench -- --api [--seconds N] [--rounds N] [--json]

  The service API (a child process: --auth verify with a keys file, --clock manual) under ${CLIENTS}
  SDK clients, each request signed with the Huawei Cloud SDK core's signer, on one project holding
  ${PROJECT_BACKUPS} Available backups; then the same clients and requests against a bare express app that
  checks the same signatures and answers stored bodies of the same sizes. Rounds alternate
  (cbr-sim, baseline, cbr-sim, baseline…), each in a fresh child; figures are the medians.

  --seconds N   measured seconds per round, a positive whole number (default ${DEFAULT_SECONDS}; each round warms up ${WARM_SECONDS} s first)
  --rounds N    rounds of each side, a whole number from 1 (default ${DEFAULT_ROUNDS})
  --json        print one JSON line instead of the summary
  -h, --help    show this help

  Workload (per cent of requests): ${KINDS.map((k) => `${k} ${MIX[k]}`).join(', ')} (list: limit=${LIST_LIMIT}, paging)
`;

function summary(r: ApiBenchResult): string {
  const ms = (n: number | null) => (n === null ? '-' : `${n.toFixed(1)} ms`);
  const rate = (n: number | null) => (n === null ? '-' : n.toFixed(0));
  const errs = (e: Record<string, number>) => (Object.keys(e).length ? Object.entries(e).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ') : 'none');
  const lines = [
    `cbr-sim API load: ${r.clients} SDK clients (SDK-HMAC-SHA256, one AK/SK each), --auth verify, --clock manual, ${r.project_backups} backups in the project; ${r.rounds} × ${r.seconds} s per side`,
    `  cbr-sim     ${rate(r.requests_per_s)} req/s, p50 ${ms(r.p50_ms)}, p99 ${ms(r.p99_ms)}, reads p99 ${ms(r.reads_p99_ms)}`,
    `  baseline    ${rate(r.baseline_requests_per_s)} req/s, p50 ${ms(r.baseline_p50_ms)}, p99 ${ms(r.baseline_p99_ms)} (bare express: the same signature check, stored bodies of the same sizes)`,
    `  ratio       ${r.ratio === null ? '-' : r.ratio.toFixed(3)} (cbr-sim req/s / baseline req/s, medians)`,
    `  server CPU  cbr-sim ${r.cpu_ms_per_request ?? '-'} ms per request (${r.cpu_cores ?? '-'} cores busy), baseline ${r.baseline_cpu_ms_per_request ?? '-'} ms (${r.baseline_cpu_cores ?? '-'}); CPU ratio ${r.cpu_ratio ?? '-'} (baseline ms / cbr-sim ms)`,
    '',
    `  ${'kind'.padEnd(12)} ${'share'.padStart(6)} ${'requests'.padStart(9)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'body'.padStart(9)}`,
    ...KINDS.map((k) => {
      const x = r.kinds[k];
      return `  ${k.padEnd(12)} ${`${x.share_pct}%`.padStart(6)} ${String(x.requests).padStart(9)} ${ms(x.p50_ms).padStart(10)} ${ms(x.p99_ms).padStart(10)} ${`${x.median_bytes ?? '-'} B`.padStart(9)}`;
    }),
    '',
    `  RSS         start ${r.rss_mb.start} MB, end ${r.rss_mb.end} MB, peak ${r.rss_mb.peak} MB (cbr-sim's process); every 10 s: ${r.round_figures.filter((x) => x.target === 'cbr-sim').map((x) => x.rss_mb_every_10s.map((v) => v.toFixed(0)).join(' ')).join(' | ')} MB`,
    `  errors      ${errs(r.errors_by_status)}; baseline ${errs(r.baseline_errors_by_status)}`,
    `  rounds      ${r.round_figures.map((x) => `${x.target} ${rate(x.requests_per_s)}`).join(', ')} req/s`,
    `  machine     ${r.cores} cores, load average ${r.load_average.start.join(' ')} at the start, ${r.load_average.end.join(' ')} at the end`,
    `  targets     ${Object.entries(r.targets).map(([t, ok]) => `${t} ${ok ? 'met' : 'MISSED'}`).join(', ')}`,
  ];
  if (r.pool_exhausted.checkpoint + r.pool_exhausted.image > 0) {
    lines.push(`  pools       used up: ${r.pool_exhausted.checkpoint} checkpoints and ${r.pool_exhausted.image} images were sent as backup polls instead`);
  }
  return `${lines.join('\n')}\n`;
}

/** Parses `--api [--seconds N] [--rounds N] [--json]`; null for --help; throws a message for a bad line. */
export function parseApiArgs(argv: readonly string[]): { seconds: number; rounds: number; json: boolean } | null {
  const o = { seconds: DEFAULT_SECONDS, rounds: DEFAULT_ROUNDS, json: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (name === '-h' || name === '--help') return null;
    if (name !== '--api' && name !== '--seconds' && name !== '--rounds' && name !== '--json') {
      throw new Error(`${arg.startsWith('-') ? `unknown option ${name}` : `unexpected argument ${JSON.stringify(arg)}`}; with --api the options are --seconds N, --rounds N and --json (see --api --help)`);
    }
    if (seen.has(name)) throw new Error(`${name} is given more than once; give it once`);
    seen.add(name);
    if (name === '--api' || name === '--json') {
      if (inline !== undefined) throw new Error(`${name} takes no value; got ${JSON.stringify(arg)}`);
      if (name === '--json') o.json = true;
      continue;
    }
    const example = name === '--seconds' ? DEFAULT_SECONDS : DEFAULT_ROUNDS;
    let value = inline;
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value; for example: ${name} ${example}`);
      i++;
    }
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number; got ${JSON.stringify(value)}. For example: ${name} ${example}`);
    if (name === '--seconds') o.seconds = n;
    else o.rounds = n;
  }
  return o;
}

/** `npm run bench -- --api …`: resolves to the exit code (2 for a bad command line). */
export async function apiMain(argv: readonly string[], out: (text: string) => void, err: (text: string) => void, showProgress: boolean): Promise<number> {
  let o;
  try {
    o = parseApiArgs(argv);
  } catch (error) {
    err(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (o === null) {
    out(API_USAGE);
    return 0;
  }
  try {
    const r = await apiBench(o.seconds, o.rounds, showProgress ? (text) => err(`\r\x1b[K${text}`) : undefined);
    if (showProgress) err('\r\x1b[K');
    out(o.json ? `${JSON.stringify(r)}\n` : summary(r));
    return 0;
  } catch (error) {
    if (showProgress) err('\r\x1b[K');
    err(`bench: the API benchmark failed: ${(error as Error).stack ?? error}\n`);
    return 1;
  }
}
