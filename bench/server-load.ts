/**
 * `npm run bench -- --server-load [--seconds N] [--json]`: the inspector's server under 50 clients.
 *
 * The inspector's server runs in a child process (server-load-child.ts; its RSS is read from
 * /proc/<pid>/status, so it is its own), with one `/live` tab connected: a WebSocket client here
 * that reads every message and, like the page, asks to catch up when told it is behind. 50 client
 * loops (keep-alive HTTP, 127.0.0.1 only, each sending its next request when the last is answered)
 * send a mixed workload (MIX below) for N seconds, then N seconds more (default 60 + 60); requests
 * per second, p50/p99 latency, errors and refusals are reported per phase, and RSS at 0, N and 2N s.
 *
 * Then each kind's service time alone (one request at a time, 20 of each, on the world the load
 * left: under load every request waits behind the others on the server's one event loop, so the
 * latencies under load do not say which route is slow). Then the clock plays at ×1,000,000, as the page's play loop does it (public/js/clock.js: one
 * `advance(speed × 200 ms)` at a time, one every 200 ms at most), while one client sends GETs back
 * to back (/api/state and /api/journal in turn) for min(N, 30) s: their p99 is `play.get_p99_ms`.
 * So that the clock has work, the clients' live servers are first put in a vault under a daily
 * policy (maxBackups 7), as in the other benchmarks.
 *
 * The baseline, in the same run and afterwards: a bare express server in a child process (JSON body
 * parser and nothing else) answering each kind of request with a fixed JSON body of the median
 * size the inspector answered that kind with; the same 50 clients with the same seeds (so the same
 * sequence of kinds), the same two phases. `ratio` = inspector requests/s ÷ baseline requests/s.
 *
 * A refusal is an answer 4xx (or a 5xx other than Sim.InternalError) carrying a `code`: the API
 * saying no, which the workload asks for on purpose (the `refused` kind) or meets (a backup still
 * being made cannot be deleted yet). An error is anything else that is not 2xx: a 5xx
 * Sim.InternalError, an answer without a code, a network error, no answer in 30 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { rng } from './rng.js';

export const CLIENTS = 50;
export const DEFAULT_SECONDS = 60;
export const PLAY_SPEED = 1_000_000;
const PLAY_TICK_MS = 200;
const PLAY_SECONDS_MAX = 30;
const REQUEST_TIMEOUT_MS = 30_000;
/** Each client keeps at most this many servers: beyond, its `server` request deletes its oldest. */
const SERVERS_PER_CLIENT = 3;
/** …and at most this many backups: beyond, its `backup` request deletes its oldest instead. */
const BACKUPS_PER_CLIENT = 6;
/** …and names at most this many of its resources in POST /api/actions (the page's 25 rows). */
const ROWS = 25;
const JOURNAL_PAGE = 100;
const MB = 1024 * 1024;

/**
 * The workload, in per cent of requests: 65 % reads, 35 % commands (a trainee reads the world,
 * opens resources, and now and then acts on it).
 */
export const MIX = {
  /** GET /api/state: the whole world, as a page loads it. */
  state: 20,
  /** GET /api/journal?after=<last seq seen − 100>&limit=100: the latest records. */
  journal: 20,
  /** GET /api/resources/:id: one of the client's servers or backups (the details panel). */
  resource: 15,
  /** POST /api/actions { ids }: the row actions of the client's resources (up to 25). */
  actions: 10,
  /** POST /api/commands createServer, or deleteServer of its oldest when it has 3. */
  server: 5,
  /** POST /api/commands backupServer of one of its servers (deleteBackup of its oldest when it has 6). */
  backup: 9,
  /** POST /api/commands deleteBackup of its oldest backup, refused while it is being made (backupServer when it has none). */
  deleteBackup: 9,
  /** POST /api/commands advance '10m'. */
  advance: 7,
  /** POST /api/commands refused on purpose: backupServer of an unknown server, deleteBackup of a deleted one. */
  refused: 5,
} as const;
export type Kind = keyof typeof MIX;
const KINDS = Object.keys(MIX) as Kind[];

// ─── Clients ──────────────────────────────────────────────────────────────────────────────────

interface Op {
  kind: Kind;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** The whole body as text, however big. */
  whole?: boolean;
}

interface Answer {
  status: number;
  ms: number;
  bytes: number;
  /**
   * The body as text: whole for commands (small), otherwise its first 400 and last 2,000 bytes
   * only (all the clients read from a read), so that the clients' work stays small.
   */
  text: string;
  /** A network error or a timeout. */
  failure?: string;
}

class Client {
  private readonly random: () => number;
  servers: string[] = [];
  backups: string[] = [];
  deletedBackups: string[] = [];
  lastSeq = 0;
  private made = 0;
  private refusals = 0;

  constructor(readonly index: number) {
    this.random = rng(0x5eed + index * 7919);
  }

  private pick<T>(xs: readonly T[]): T | undefined {
    return xs.length ? xs[Math.floor(this.random() * xs.length)] : undefined;
  }

  private kind(): Kind {
    let r = this.random() * 100;
    for (const k of KINDS) {
      r -= MIX[k];
      if (r < 0) return k;
    }
    return 'state';
  }

  private command(kind: Kind, verb: string, args: unknown[]): Op {
    return { kind, method: 'POST', path: '/api/commands', body: { verb, args } };
  }

  createServer(kind: Kind = 'server'): Op {
    return this.command(kind, 'createServer', [{ name: `c${this.index + 1}-s${++this.made}`, os: 'linux', systemDiskGB: 40 }]);
  }

  /** The next request: its kind from the seeded mix, its arguments from what the client has seen. */
  next(): Op {
    return this.opFor(this.kind());
  }

  /** A request of `kind`, its arguments from what the client has seen. */
  opFor(kind: Kind): Op {
    switch (kind) {
      case 'state':
        return { kind, method: 'GET', path: '/api/state' };
      case 'journal':
        return { kind, method: 'GET', path: `/api/journal?after=${Math.max(0, this.lastSeq - JOURNAL_PAGE)}&limit=${JOURNAL_PAGE}` };
      case 'resource':
        return { kind, method: 'GET', path: `/api/resources/${encodeURIComponent(this.pick([...this.servers, ...this.backups]) ?? 'ecs-none')}` };
      case 'actions':
        return { kind, method: 'POST', path: '/api/actions', body: { ids: [...this.servers, ...this.backups].slice(-ROWS) } };
      case 'server':
        return this.servers.length < SERVERS_PER_CLIENT ? this.createServer() : this.command(kind, 'deleteServer', [this.servers[0]]);
      case 'backup':
      case 'deleteBackup': {
        // The world stays the size 50 trainees make: each client holds 1 to 6 backups.
        const del = kind === 'backup' ? this.backups.length >= BACKUPS_PER_CLIENT : this.backups.length > 0;
        return del ? this.command(kind, 'deleteBackup', [this.backups[0]]) : this.command(kind, 'backupServer', [this.pick(this.servers) ?? 'ecs-none']);
      }
      case 'advance':
        return this.command(kind, 'advance', ['10m']);
      case 'refused': {
        const deleted = this.refusals++ % 2 === 1 ? this.pick(this.deletedBackups) : undefined;
        return deleted ? this.command(kind, 'deleteBackup', [deleted]) : this.command(kind, 'backupServer', ['ecs-00000000']);
      }
    }
  }

  /** Learns ids and the journal's position from an answer (the baseline's teach nothing). */
  learn(op: Op, a: Answer): void {
    if (a.failure) return;
    const seq = /"seq":(\d+)/.exec(a.text.slice(0, 400));
    if ((op.kind === 'state' || op.kind === 'actions') && seq) this.lastSeq = Math.max(this.lastSeq, Number(seq[1]));
    if (op.kind === 'journal' && a.status === 200) {
      const at = a.text.lastIndexOf('"seq":');
      const last = at >= 0 ? /^"seq":(\d+)/.exec(a.text.slice(at, at + 30)) : null;
      if (last) this.lastSeq = Math.max(this.lastSeq, Number(last[1]));
    }
    if (op.method !== 'POST' || op.path !== '/api/commands') return;
    const { verb, args } = op.body as { verb: string; args: unknown[] };
    let answer: { result?: { id?: unknown } | null; code?: string };
    try {
      answer = JSON.parse(a.text) as typeof answer;
    } catch {
      return;
    }
    const id = typeof answer.result?.id === 'string' ? answer.result.id : undefined;
    const target = args[0];
    if (a.status === 200) {
      if (verb === 'createServer' && id) this.servers.push(id);
      if (verb === 'backupServer' && id && op.kind !== 'refused') this.backups.push(id);
      if (verb === 'deleteServer') this.servers = this.servers.filter((s) => s !== target);
      if (verb === 'deleteBackup' && op.kind !== 'refused') {
        this.backups = this.backups.filter((b) => b !== target);
        this.deletedBackups = [...this.deletedBackups.slice(-9), target as string];
      }
      return;
    }
    if (!answer.code) return;
    const gone = answer.code === 'Sim.NotFound' || answer.code === 'Sim.AlreadyDeleted';
    if (verb === 'deleteServer') this.servers = gone ? this.servers.filter((s) => s !== target) : [...this.servers.slice(1), this.servers[0]!];
    if (verb === 'deleteBackup' && op.kind !== 'refused' && this.backups.length) {
      // Gone: forgotten; not yet deletable (still being made): tried again after the others.
      this.backups = gone ? this.backups.filter((b) => b !== target) : [...this.backups.slice(1), this.backups[0]!];
    }
  }
}

// ─── HTTP ─────────────────────────────────────────────────────────────────────────────────────

class Target {
  /** Keep-alive, and no Nagle (as browsers do). */
  readonly agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 8, noDelay: true });
  readonly host: string;
  readonly port: number;

  constructor(readonly url: string) {
    const u = new URL(url);
    if (u.hostname !== '127.0.0.1') throw new Error(`server-load: the server must listen on 127.0.0.1; got ${url}`);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  send(op: Op): Promise<Answer> {
    const payload = op.body === undefined ? undefined : Buffer.from(JSON.stringify(op.body));
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (a: Omit<Answer, 'ms'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...a, ms: performance.now() - started });
      };
      const req = request(
        {
          agent: this.agent, host: this.host, port: this.port, method: op.method, path: op.path,
          headers: { 'x-bench-kind': op.kind, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
            const whole = op.whole || op.path === '/api/commands' || body.length <= 2400 || (res.statusCode ?? 0) >= 300;
            const text = whole ? body.toString('utf8') : `${body.toString('utf8', 0, 400)}\n${body.toString('utf8', body.length - 2000)}`;
            done({ status: res.statusCode ?? 0, bytes: body.length, text });
          });
          res.on('error', (e) => done({ status: 0, bytes: 0, text: '', failure: e.message }));
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', (e) => done({ status: 0, bytes: 0, text: '', failure: e.message }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

type Outcome = 'ok' | 'refusal' | 'error';

function outcomeOf(a: Answer): { outcome: Outcome; label?: string } {
  if (a.failure) return { outcome: 'error', label: a.failure };
  if (a.status >= 200 && a.status < 300) return { outcome: 'ok' };
  const code = /^\{"code":"([^"]+)"/.exec(a.text)?.[1];
  if (code && code !== 'Sim.InternalError' && a.status >= 400) return { outcome: 'refusal', label: code };
  return { outcome: 'error', label: `HTTP ${a.status}${code ? ` ${code}` : ''}` };
}

// ─── Measurement ──────────────────────────────────────────────────────────────────────────────

interface Sample {
  kind: Kind;
  ms: number;
  bytes: number;
  outcome: Outcome;
  label: string | undefined;
}

/** The samples of one run, by phase: a request counts in the phase it is answered in. */
class Recorder {
  readonly phases: Sample[][] = [[], []];
  /** Answered after the last phase ended: their latencies and errors count, not their rate. */
  late = 0;
  constructor(private readonly start: number, private readonly phaseMs: number) {}

  add(s: Sample): void {
    const t = performance.now() - this.start;
    const phase = Math.floor(t / this.phaseMs);
    if (phase >= this.phases.length) this.late++;
    this.phases[Math.min(this.phases.length - 1, phase)]!.push(s);
  }

  get all(): Sample[] {
    return this.phases.flat();
  }
}

function percentile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round = (n: number | null, digits = 1): number | null => (n === null ? null : Number(n.toFixed(digits)));

interface Stats {
  requests: number;
  /** The median size of GET /api/state's answers (the world grows as the clients act on it). */
  state_median_bytes?: number;
  requests_per_s: number;
  p50_ms: number | null;
  p99_ms: number | null;
  errors: number;
  refusals: number;
}

function stats(samples: readonly Sample[], seconds: number, late = 0): Stats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    requests_per_s: round((samples.length - late) / seconds)!,
    p50_ms: round(percentile(ms, 0.5)),
    p99_ms: round(percentile(ms, 0.99)),
    errors: samples.filter((s) => s.outcome === 'error').length,
    refusals: samples.filter((s) => s.outcome === 'refusal').length,
  };
}

function labels(samples: readonly Sample[], outcome: Outcome): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) if (s.outcome === outcome && s.label) out[s.label] = (out[s.label] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]).slice(0, 8));
}

function medianBytes(samples: readonly Sample[], kind: Kind): number {
  const sizes = samples.filter((s) => s.kind === kind && s.outcome !== 'error').map((s) => s.bytes).sort((a, b) => a - b);
  return percentile(sizes, 0.5) ?? 100;
}

// ─── Processes ────────────────────────────────────────────────────────────────────────────────

interface Child {
  url: string;
  pid: number;
  rssMb: () => number;
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

async function startChild(args: string[]): Promise<Child> {
  const script = fileURLToPath(new URL('./server-load-child.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('the server did not start in 30 s')), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new Error(`the server printed ${JSON.stringify(line)} instead of its URL`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before listening`));
    });
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    rssMb: () => rssMbOf(pid),
    stop: async () => {
      child.stdin!.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

// ─── The /live tab ────────────────────────────────────────────────────────────────────────────

interface Tab {
  messages: number;
  bytes: number;
  behind: number;
  close: () => void;
}

/** One page's `/live` socket: reads every message; when told it is behind, catches up and reloads the state, as the page does. */
async function openTab(target: Target): Promise<Tab> {
  const ws = new WebSocket(`${target.url.replace(/^http/, 'ws')}live`);
  const tab: Tab = { messages: 0, bytes: 0, behind: 0, close: () => ws.terminate() };
  let lastSeq = 0;
  ws.on('message', (data: Buffer) => {
    tab.messages++;
    tab.bytes += data.length;
    let m: { type?: string; seq?: number; behind?: boolean; records?: unknown[]; state?: { seq?: number } };
    try {
      m = JSON.parse(data.toString('utf8')) as typeof m;
    } catch {
      return;
    }
    if (m.type === 'records' && typeof m.state?.seq === 'number') {
      lastSeq = m.state.seq;
      if ((m.records?.length ?? 0) >= 10_000) ws.send(JSON.stringify({ type: 'catchup', after: lastSeq }));
    }
    if (m.type === 'hello' && m.behind) {
      tab.behind++;
      ws.send(JSON.stringify({ type: 'catchup', after: lastSeq }));
      void target.send({ kind: 'state', method: 'GET', path: '/api/state' });
    }
  });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return tab;
}

// ─── Runs ─────────────────────────────────────────────────────────────────────────────────────

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each client's two servers, then ten minutes for them to finish being created: not measured. */
async function setUp(target: Target, clients: Client[]): Promise<void> {
  await Promise.all(clients.map(async (c) => {
    for (let i = 0; i < 2; i++) {
      const op = c.createServer();
      c.learn(op, await target.send(op));
    }
  }));
  await target.send({ kind: 'advance', method: 'POST', path: '/api/commands', body: { verb: 'advance', args: ['10m'] } });
}

interface LoadRun {
  clients: Client[];
  recorder: Recorder;
  rss: number[];
  rssPeak: number;
}

/** 50 client loops for two phases of `seconds`; RSS at 0, `seconds` and 2 × `seconds`. */
async function load(target: Target, child: Child, seconds: number, progress?: (text: string) => void, label = ''): Promise<LoadRun> {
  const clients = Array.from({ length: CLIENTS }, (_, i) => new Client(i));
  await setUp(target, clients);
  const phaseMs = seconds * 1000;
  const rss = [child.rssMb()];
  let rssPeak = rss[0]!;
  const start = performance.now();
  const recorder = new Recorder(start, phaseMs);
  const end = start + 2 * phaseMs;
  const sampler = setInterval(() => {
    const now = child.rssMb();
    rssPeak = Math.max(rssPeak, now);
    const t = (performance.now() - start) / 1000;
    progress?.(`${label}: ${t.toFixed(0)}/${2 * seconds} s, ${recorder.all.length} requests, rss ${now.toFixed(0)} MB`);
  }, 1000);
  const atPhase = setTimeout(() => rss.push(child.rssMb()), phaseMs);
  await Promise.all(clients.map(async (c) => {
    while (performance.now() < end) {
      const op = c.next();
      const a = await target.send(op);
      const { outcome, label: l } = outcomeOf(a);
      recorder.add({ kind: op.kind, ms: a.ms, bytes: a.bytes, outcome, label: l });
      c.learn(op, a);
    }
  }));
  clearInterval(sampler);
  clearTimeout(atPhase);
  if (rss.length < 2) rss.push(NaN);
  rss.push(child.rssMb());
  rssPeak = Math.max(rssPeak, rss[2]!);
  return { clients, recorder, rss, rssPeak };
}

/** Each kind's service time: one request at a time (nothing queued), `n` of each, median ms. */
async function serviceTimes(target: Target, client: Client, n = 20): Promise<Record<Kind, number | null>> {
  const times = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  for (let i = 0; i < n; i++) {
    for (const kind of KINDS) {
      const op = client.opFor(kind);
      const a = await target.send(op);
      client.learn(op, a);
      times.get(kind)!.push(a.ms);
    }
  }
  return Object.fromEntries(KINDS.map((k) => [k, round(percentile(times.get(k)!.sort((a, b) => a - b), 0.5))])) as Record<Kind, number | null>;
}

interface PlayRun {
  seconds: number;
  /** The clients' live servers, put in a vault under a daily policy (maxBackups 7) before playing. */
  servers_under_policy: number;
  advances: number;
  advance_p50_ms: number | null;
  advance_p99_ms: number | null;
  simulated_days_per_s: number;
  gets: number;
  get_p50_ms: number | null;
  get_p99_ms: number | null;
  get_state_p99_ms: number | null;
  get_journal_p99_ms: number | null;
  errors: number;
}

/** The page's play loop at ×1,000,000 and, beside it, one client's GETs back to back. */
async function play(target: Target, clients: Client[], seconds: number): Promise<PlayRun> {
  // The trainees' servers under a daily policy (as in the other benchmarks), so that the clock
  // has timers to fire: backups every simulated day, retention deleting beyond 7.
  // Backing a server up puts it in a vault: the policy goes on those vaults, and a new vault
  // takes the clients' servers that are in none.
  const command = async (verb: string, args: unknown[]) => {
    const a = await target.send({ kind: 'server', method: 'POST', path: '/api/commands', body: { verb, args } });
    if (a.status !== 200) throw new Error(`play: ${verb} answered ${a.status} ${a.text.slice(0, 300)}`);
    return (JSON.parse(a.text) as { result: { id: string } }).result;
  };
  type Vault = { kind: string; id: string; status: string; resourceKind: string; resourceIds: string[] };
  const { resources } = JSON.parse((await target.send({ kind: 'state', method: 'GET', path: '/api/state', whole: true })).text) as { resources: Vault[] };
  const vaults = resources.filter((r) => r.kind === 'vault' && r.status !== 'deleted' && r.resourceKind === 'server');
  const vaulted = new Set(vaults.flatMap((v) => v.resourceIds));
  const loose = [...new Set(clients.flatMap((c) => c.servers))].filter((id) => !vaulted.has(id)).slice(0, 256);
  if (loose.length) vaults.push({ ...(await command('createVault', [{ name: 'bench-play', kind: 'server', resourceIds: loose }])), kind: 'vault', status: 'active', resourceKind: 'server', resourceIds: loose });
  const policy = await command('createPolicy', [{ name: 'bench-daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 7 }]);
  for (const v of vaults) await command('applyPolicy', [policy.id, v.id]);
  const ids = vaults.flatMap((v) => v.resourceIds);
  const step = PLAY_SPEED * PLAY_TICK_MS;
  const end = performance.now() + seconds * 1000;
  const advances: number[] = [];
  const gets: { kind: 'state' | 'journal'; ms: number }[] = [];
  let errors = 0;
  let lastSeq = 0;
  const advancing = (async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const a = await target.send({ kind: 'advance', method: 'POST', path: '/api/commands', body: { verb: 'advance', args: [step] } });
      if (outcomeOf(a).outcome !== 'ok') errors++;
      advances.push(a.ms);
      await sleep(Math.max(0, PLAY_TICK_MS - (performance.now() - started)));
    }
  })();
  const reading = (async () => {
    for (let i = 0; performance.now() < end; i++) {
      const kind = i % 2 === 0 ? 'state' : 'journal';
      const a = await target.send(kind === 'state'
        ? { kind, method: 'GET', path: '/api/state' }
        : { kind, method: 'GET', path: `/api/journal?after=${Math.max(0, lastSeq - JOURNAL_PAGE)}&limit=${JOURNAL_PAGE}` });
      if (outcomeOf(a).outcome !== 'ok') errors++;
      const seq = kind === 'state' ? /"seq":(\d+)/.exec(a.text.slice(0, 400)) : null;
      if (seq) lastSeq = Number(seq[1]);
      gets.push({ kind, ms: a.ms });
    }
  })();
  await Promise.all([advancing, reading]);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const all = sorted(gets.map((g) => g.ms));
  const adv = sorted(advances);
  return {
    seconds,
    servers_under_policy: ids.length,
    advances: advances.length,
    advance_p50_ms: round(percentile(adv, 0.5)),
    advance_p99_ms: round(percentile(adv, 0.99)),
    simulated_days_per_s: round((advances.length * step) / 86_400_000 / seconds)!,
    gets: gets.length,
    get_p50_ms: round(percentile(all, 0.5)),
    get_p99_ms: round(percentile(all, 0.99)),
    get_state_p99_ms: round(percentile(sorted(gets.filter((g) => g.kind === 'state').map((g) => g.ms)), 0.99)),
    get_journal_p99_ms: round(percentile(sorted(gets.filter((g) => g.kind === 'journal').map((g) => g.ms)), 0.99)),
    errors,
  };
}

// ─── The benchmark ────────────────────────────────────────────────────────────────────────────

export interface KindStats extends Stats {
  share_pct: number;
  median_bytes: number;
  /** Median latency with one request at a time, after the load (the route's own cost). */
  service_ms: number | null;
}

export interface ServerLoadResult {
  seconds: number;
  clients: number;
  requests_per_s: number;
  p50_ms: number | null;
  p99_ms: number | null;
  errors: number;
  refusals: number;
  phases: Stats[];
  rss_mb: Record<string, number>;
  rss_peak_mb: number;
  kinds: Record<Kind, KindStats>;
  refusal_codes: Record<string, number>;
  error_kinds: Record<string, number>;
  live: { messages: number; mb: number; behind: number };
  play: PlayRun;
  baseline_requests_per_s: number;
  baseline_p50_ms: number | null;
  baseline_p99_ms: number | null;
  baseline_errors: number;
  baseline_rss_mb: Record<string, number>;
  ratio: number;
  targets: Record<string, boolean>;
}

export async function serverLoadBench(seconds: number, progress?: (text: string) => void): Promise<ServerLoadResult> {
  // The inspector: its server, one /live tab, the load, then the clock playing.
  const inspector = await startChild(['inspector']);
  const target = new Target(inspector.url);
  let run: LoadRun;
  let tab: Tab;
  let played: PlayRun;
  let service: Record<Kind, number | null>;
  try {
    tab = await openTab(target);
    run = await load(target, inspector, seconds, progress, 'inspector');
    progress?.('inspector: service times, one request at a time');
    service = await serviceTimes(target, run.clients[0]!);
    const playSeconds = Math.min(seconds, PLAY_SECONDS_MAX);
    progress?.(`inspector: the clock playing at ×${PLAY_SPEED.toLocaleString('en')} for ${playSeconds} s`);
    played = await play(target, run.clients, playSeconds);
    tab.close();
  } finally {
    target.close();
    await inspector.stop();
  }

  // The baseline: fixed bodies of the inspector's median size for each kind, the same clients.
  const all = run.recorder.all;
  const sizes = Object.fromEntries(KINDS.map((k) => [k, medianBytes(all, k)])) as Record<Kind, number>;
  const bare = await startChild(['baseline', JSON.stringify(sizes)]);
  const bareTarget = new Target(bare.url);
  let base: LoadRun;
  try {
    base = await load(bareTarget, bare, seconds, progress, 'baseline');
  } finally {
    bareTarget.close();
    await bare.stop();
  }

  const overall = stats(all, 2 * seconds, run.recorder.late);
  const phases = run.recorder.phases.map((p, i) => ({ ...stats(p, seconds, i === 1 ? run.recorder.late : 0), state_median_bytes: medianBytes(p, 'state') }));
  const baseline = stats(base.recorder.all, 2 * seconds, base.recorder.late);
  const kinds = Object.fromEntries(KINDS.map((k) => {
    const of = all.filter((s) => s.kind === k);
    return [k, { share_pct: MIX[k], ...stats(of, 2 * seconds), median_bytes: sizes[k], service_ms: service[k] }];
  })) as Record<Kind, KindStats>;
  const rssAt = (rss: number[]) => ({ '0': rss[0]!, [String(seconds)]: rss[1]!, [String(2 * seconds)]: rss[2]! });
  const worst = (f: (s: Stats) => number | null) => Math.max(...phases.map((p) => f(p) ?? Infinity));
  return {
    seconds,
    clients: CLIENTS,
    requests_per_s: overall.requests_per_s,
    p50_ms: overall.p50_ms,
    p99_ms: overall.p99_ms,
    errors: overall.errors,
    refusals: overall.refusals,
    phases,
    rss_mb: rssAt(run.rss),
    rss_peak_mb: run.rssPeak,
    kinds,
    refusal_codes: labels(all, 'refusal'),
    error_kinds: labels(all, 'error'),
    live: { messages: tab.messages, mb: round(tab.bytes / MB)!, behind: tab.behind },
    play: played,
    baseline_requests_per_s: baseline.requests_per_s,
    baseline_p50_ms: baseline.p50_ms,
    baseline_p99_ms: baseline.p99_ms,
    baseline_errors: baseline.errors,
    baseline_rss_mb: rssAt(base.rss),
    ratio: Number((overall.requests_per_s / baseline.requests_per_s).toFixed(3)),
    // The issue's targets (for a 2-core machine), each phase on its own.
    targets: {
      p99_le_250ms: worst((p) => p.p99_ms) <= 250,
      requests_per_s_ge_300: Math.min(...phases.map((p) => p.requests_per_s)) >= 300,
      rss_end_le_1_2x_mid: run.rss[2]! <= 1.2 * run.rss[1]!,
      rss_end_le_600mb: run.rss[2]! <= 600,
      play_get_p99_le_300ms: (played.get_p99_ms ?? Infinity) <= 300,
      no_errors: overall.errors === 0,
    },
  };
}

// ─── Command line ─────────────────────────────────────────────────────────────────────────────

export const SERVER_LOAD_USAGE = `Usage: npm run bench -- --server-load [--seconds N] [--json]

  The inspector's server (a child process) with one /live tab and ${CLIENTS} keep-alive clients
  sending a mixed workload for N s, then N s more; then the clock playing at x1,000,000 beside a
  client's GETs for min(N, ${PLAY_SECONDS_MAX}) s; then the baseline (bare express, fixed bodies of
  the same sizes), the same clients, 2 x N s.

  --seconds N   seconds per phase, a positive whole number (default ${DEFAULT_SECONDS})
  --json        print one JSON line instead of the summary
  -h, --help    show this help

  Workload (per cent of requests): ${KINDS.map((k) => `${k} ${MIX[k]}`).join(', ')}
`;

function summary(r: ServerLoadResult): string {
  const ms = (n: number | null) => (n === null ? '-' : `${n.toFixed(0)} ms`);
  const row = (name: string, s: Stats) =>
    `  ${name.padEnd(14)} ${String(s.requests).padStart(7)} ${s.requests_per_s.toFixed(1).padStart(9)} ${ms(s.p50_ms).padStart(9)} ${ms(s.p99_ms).padStart(9)} ${String(s.errors).padStart(7)} ${String(s.refusals).padStart(9)}`;
  const head = `  ${''.padEnd(14)} ${'requests'.padStart(7)} ${'req/s'.padStart(9)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'errors'.padStart(7)} ${'refusals'.padStart(9)}`;
  const s = r.seconds;
  const lines = [
    `cbr-sim server load: ${r.clients} clients, ${s} s + ${s} s, one /live tab`,
    head,
    `${row(`0-${s} s`, r.phases[0]!)}   GET /api/state median ${r.phases[0]!.state_median_bytes} B`,
    `${row(`${s}-${2 * s} s`, r.phases[1]!)}   GET /api/state median ${r.phases[1]!.state_median_bytes} B`,
    row('all', { requests: r.phases[0]!.requests + r.phases[1]!.requests, requests_per_s: r.requests_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, errors: r.errors, refusals: r.refusals }),
    '',
    `  by kind (share of requests; then the median answer size, and the median time alone: one request at a time after the load)`,
    ...KINDS.map((k) => `${row(`${k} ${r.kinds[k].share_pct}%`, r.kinds[k])} ${String(r.kinds[k].median_bytes).padStart(9)} B ${ms(r.kinds[k].service_ms).padStart(9)}`),
    '',
    `  RSS         ${Object.entries(r.rss_mb).map(([t, v]) => `${v.toFixed(0)} MB at ${t} s`).join(', ')} (peak ${r.rss_peak_mb.toFixed(0)} MB)`,
    `  /live tab   ${r.live.messages} messages, ${r.live.mb} MB, told it was behind ${r.live.behind} times`,
    `  play x1e6   ${r.play.servers_under_policy} servers under a daily policy; ${r.play.advances} advances in ${r.play.seconds} s (${r.play.simulated_days_per_s} simulated days/s, advance p50 ${ms(r.play.advance_p50_ms)}); ` +
      `${r.play.gets} GETs: p50 ${ms(r.play.get_p50_ms)}, p99 ${ms(r.play.get_p99_ms)} (state ${ms(r.play.get_state_p99_ms)}, journal ${ms(r.play.get_journal_p99_ms)})`,
    `  baseline    ${r.baseline_requests_per_s.toFixed(1)} req/s, p50 ${ms(r.baseline_p50_ms)}, p99 ${ms(r.baseline_p99_ms)}, ${r.baseline_errors} errors (bare express, fixed bodies)`,
    `  ratio       ${r.ratio.toFixed(3)} (inspector req/s / baseline req/s)`,
    `  targets     ${Object.entries(r.targets).map(([t, ok]) => `${t} ${ok ? 'met' : 'MISSED'}`).join(', ')}`,
  ];
  if (Object.keys(r.refusal_codes).length) lines.push(`  refusals    ${Object.entries(r.refusal_codes).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  if (Object.keys(r.error_kinds).length) lines.push(`  errors      ${Object.entries(r.error_kinds).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Parses `--server-load [--seconds N] [--json]`; null for --help; throws a message for a bad line. */
export function parseServerLoadArgs(argv: readonly string[]): { seconds: number; json: boolean } | null {
  const o = { seconds: DEFAULT_SECONDS, json: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (name === '-h' || name === '--help') return null;
    if (name !== '--server-load' && name !== '--seconds' && name !== '--json') {
      throw new Error(`${arg.startsWith('-') ? `unknown option ${name}` : `unexpected argument ${JSON.stringify(arg)}`}; with --server-load the options are --seconds N and --json (see --server-load --help)`);
    }
    if (seen.has(name)) throw new Error(`${name} is given more than once; give it once`);
    seen.add(name);
    if (name !== '--seconds') {
      if (inline !== undefined) throw new Error(`${name} takes no value; got ${JSON.stringify(arg)}`);
      if (name === '--json') o.json = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`--seconds needs a value; for example: --seconds ${DEFAULT_SECONDS}`);
      i++;
    }
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--seconds must be a positive whole number; got ${JSON.stringify(value)}. For example: --seconds ${DEFAULT_SECONDS}`);
    o.seconds = n;
  }
  return o;
}

/** `npm run bench -- --server-load …`: resolves to the exit code (2 for a bad command line). */
export async function serverLoadMain(argv: readonly string[], out: (text: string) => void, err: (text: string) => void, showProgress: boolean): Promise<number> {
  let o;
  try {
    o = parseServerLoadArgs(argv);
  } catch (error) {
    err(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (o === null) {
    out(SERVER_LOAD_USAGE);
    return 0;
  }
  try {
    const r = await serverLoadBench(o.seconds, showProgress ? (text) => err(`\r\x1b[K${text}`) : undefined);
    if (showProgress) err('\r\x1b[K');
    out(o.json ? `${JSON.stringify(r)}\n` : summary(r));
    return 0;
  } catch (error) {
    if (showProgress) err('\r\x1b[K');
    err(`bench: the server-load benchmark failed: ${(error as Error).stack ?? error}\n`);
    return 1;
  }
}
