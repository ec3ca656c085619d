#!/usr/bin/env node
/** The `cbr-sim` command. Exit codes: 0 success, 1 a scenario expectation or a check failed, 2 bad input. */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { runDemo, plainPrinter, type Printer } from './demo.js';
import { findScenario, UsageError } from './scenarios.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { jsonTranscript, printHeader, printOutcome, printSummary } from './transcript.js';
import { ScenarioRun } from '../scenario/runner.js';
import { ScenarioError } from '../scenario/validate.js';
import { scenarioSchema } from '../scenario/schema.js';
import { check } from '../check/index.js';
import { serve, DEFAULT_PORT } from '../server/serve.js';
import { serveHosts } from './serve-hosts.js';
import { DataFileError } from '../server/data-file.js';
import { AUTH_OFF, type Authenticator } from '../api/router.js';
import { KeyAuthenticator } from '../api/auth.js';
import { KeysFileError, loadKeysFile } from '../api/keys.js';
import { CLOCK_MODES, type ClockMode } from '../api/projects.js';
import { MAX_SPEED, MIN_SPEED } from '../sim/play-run.js';
import { MACHINES } from '../sim/world.js';
import { toMermaid, toStatechartGraph, toSvg } from '../diagram/index.js';
import { oneWalkthrough, walkthroughDocs, type DocFormat } from '../docs/walkthrough.js';
import { DOC_FORMATS } from '../docs/format.js';
import type { Scenario } from '../scenario/types.js';
import { RULES, compareRuleIds } from '../rules/catalogue.js';
import { printRule, printRules, requireRule } from './rules.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Colour and progress only on a terminal. */
  tty: boolean;
  /** Resolves when the user asks for the next step (for --step); resolves at once when piped. */
  nextStep: () => Promise<void>;
}

const COMMANDS: Record<string, { usage: string; about: string }> = {
  run: {
    usage: 'cbr-sim run <id | path.yaml | path.json> [--json] [--step]',
    about: 'run a scenario and print its transcript (--json: machine-readable; --step: wait for Enter between steps)',
  },
  list: { usage: 'cbr-sim list [--json]', about: 'list the scenario library, grouped by rule' },
  rules: {
    usage: 'cbr-sim rules [<rule ID>] [--json]',
    about: 'the rule catalogue: each rule\'s ID, title, statement and error codes (unmodelled ones marked); with an ID (B1), that rule with where the charts encode it and its tests; --json: machine-readable',
  },
  check: {
    usage: 'cbr-sim check [--json]',
    about: 'explore every reachable state of the real charts (xstate/graph), assert the ∀ rules I5, I7, I8, I9, P2, P3, V1, V4, report coverage',
  },
  docs: {
    usage: 'cbr-sim docs --out <dir> [--format md | rst] [--scenario <id | path>]',
    about: 'write the walkthrough pages (one per scenario, or the one of --scenario) as procedures in console words, with their figures (SVG and PNG), the rules page and an index',
  },
  diagram: {
    usage: `cbr-sim diagram <${Object.keys(MACHINES).join(' | ')}> [--format svg | mermaid | json]`,
    about: 'print a statechart, drawn from the machine definition (default svg)',
  },
  schema: { usage: 'cbr-sim schema', about: 'print the JSON Schema of scenario data files' },
  serve: {
    usage: 'cbr-sim serve [--port N] [--host H] [--allowed-host NAME[,NAME…]]… [--scenario <id | path>] [--data <file>] [--auth off | verify --keys <file>] [--clock on-poll | manual | wall [--speed N]]',
    about: 'start the visual inspector on 127.0.0.1:4820 (PORT or --port; --port 0 picks a free one) with a scenario loaded (default the seed-000 walkthrough); it answers only requests addressed to its own names (127.0.0.1, localhost, [::1], --host, --allowed-host) and changes only from its own pages; --data <file> keeps the world across restarts (written every 2 s after a change and on stop). The service API (/cbr /ims /ecs /evs, for the official SDKs): --auth off (default) accepts any AK/SK or token, --auth verify only the AK/SK pairs and tokens of --keys <file> (JSON or YAML: keys: [{ak, sk, projects}], tokens: [{token, projects}]); --clock says how each project\'s clock moves: on-poll (default: a read of something in progress runs the clock to its next timer), manual (only advance or play moves it), wall (it runs by itself, --speed N simulated seconds per real second, default 1)',
  },
  demo: { usage: 'cbr-sim demo', about: 'walk the seed-000 procedure through the library API and print a transcript' },
};

const HELP = `cbr-sim: executable statecharts of CBR backups and IMS images on a simulated cloud

Usage: cbr-sim <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.about}`).join('\n')}

Options:
  -h, --help     show help (also after a command: cbr-sim run --help)
  -v, --version  print the version

Exit codes: 0 success, 1 a scenario expectation failed, 2 bad input.
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Splits options from positionals; unknown options are usage errors. `valued` options take a value. */
function parse(command: string, args: string[], flags: string[], valued: string[] = []): { positionals: string[]; flags: Set<string>; values: Map<string, string> } {
  const positionals: string[] = [];
  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value (usage: ${COMMANDS[command]!.usage})`);
      values.set(name, value);
      continue;
    }
    if (arg.startsWith('-')) {
      const all = [...flags, ...valued];
      if (!flags.includes(arg)) {
        throw new UsageError(`unknown option ${arg} for ${command}; ${all.length ? `options: ${all.join(', ')}` : 'it takes none'} (see cbr-sim ${command} --help)`);
      }
      seen.add(arg);
    } else positionals.push(arg);
  }
  return { positionals, flags: seen, values };
}

function oneOfOption<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} must be ${allowed.join(' or ')}; got "${value}"`);
  return value as T;
}

function diagram(args: string[], io: Io): number {
  const { positionals, values } = parse('diagram', args, [], ['--format']);
  const names = Object.keys(MACHINES);
  if (positionals.length !== 1 || !names.includes(positionals[0]!)) {
    throw new UsageError(`diagram takes one machine: ${names.join(', ')}; got ${positionals.length ? `"${positionals.join(' ')}"` : 'none'}`);
  }
  const format = oneOfOption('--format', values.get('--format'), ['svg', 'mermaid', 'json'] as const, 'svg');
  const graph = toStatechartGraph(MACHINES[positionals[0] as keyof typeof MACHINES]);
  io.out(format === 'json' ? `${JSON.stringify(graph, null, 2)}\n` : format === 'mermaid' ? `${toMermaid(graph)}\n` : toSvg(graph));
  return 0;
}

function docs(args: string[], io: Io, p: Printer): number {
  const { positionals, values } = parse('docs', args, [], ['--out', '--format', '--scenario']);
  if (positionals.length) throw new UsageError(`docs takes no arguments; got ${positionals.join(' ')} (usage: ${COMMANDS.docs!.usage})`);
  const out = values.get('--out');
  if (!out) throw new UsageError(`docs needs --out <dir>, the folder to write the pages to (usage: ${COMMANDS.docs!.usage})`);
  const format = oneOfOption('--format', values.get('--format'), DOC_FORMATS, 'md') as DocFormat;
  const only = values.get('--scenario');
  const scenarios = only === undefined ? SCENARIOS : [docsScenario(only)];
  const dir = resolve(out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { files, failed } = only === undefined ? walkthroughDocs(scenarios, format) : oneWalkthrough(scenarios[0]!, format);
  try {
    for (const f of files) writeFileSync(join(dir, f.name), f.content);
  } catch (error) {
    throw new UsageError(`cannot write to ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const count = (ext: string) => files.filter((f) => f.name.endsWith(ext)).length;
  p.line(`wrote ${count(`.${format}`)} pages, ${count('.svg')} SVG and ${count('.png')} PNG figures to ${dir}`);
  for (const id of failed) io.err(`cbr-sim docs: scenario ${id} failed; its page shows where\n`);
  return failed.length ? 1 : 0;
}

/** A library scenario by id, or a data file by path; an unknown id is named with every valid one. */
function docsScenario(idOrPath: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === idOrPath);
  if (found) return found;
  if (/[/\\]|\.[A-Za-z]+$/.test(idOrPath)) return findScenario(idOrPath);
  throw new UsageError(`--scenario: no scenario has id "${idOrPath}"; the valid ids are ${SCENARIOS.map((s) => s.id).join(', ')}`);
}

async function run(args: string[], io: Io, p: Printer): Promise<number> {
  const { positionals, flags } = parse('run', args, ['--json', '--step']);
  if (positionals.length !== 1) throw new UsageError(`run takes one scenario id or file; got ${positionals.length} (usage: ${COMMANDS.run!.usage})`);
  const scenario = findScenario(positionals[0]!);
  const json = flags.has('--json');
  const showProgress = io.tty && !json;
  const runner = new ScenarioRun(scenario, showProgress ? {
    onProgress: ({ at, fraction }) => io.err(`\r\u001b[K  simulating… ${new Date(at).toISOString().slice(0, 10)} ${(fraction * 100).toFixed(0)}%`),
  } : {});
  if (!json) printHeader(p, scenario);
  const outcomes = [];
  for (let o = runner.step(); o; o = runner.step()) {
    if (showProgress) io.err('\r\u001b[K');
    outcomes.push(o);
    if (!json) printOutcome(p, o);
    if (flags.has('--step') && !runner.done) await io.nextStep();
  }
  const result = { scenario: runner.scenario, ok: runner.ok, outcomes };
  if (json) io.out(`${JSON.stringify(jsonTranscript(result), null, 2)}\n`);
  else printSummary(p, result);
  return result.ok ? 0 : 1;
}

async function runServe(args: string[], io: Io): Promise<number> {
  const valued = ['--port', '--host', '--allowed-host', '--scenario', '--data', '--auth', '--keys', '--clock', '--speed'];
  const { positionals, values } = parse('serve', args, [], valued);
  if (positionals.length) throw new UsageError(`serve takes no arguments; got ${positionals.join(' ')} (usage: ${COMMANDS.serve!.usage})`);
  const portText = values.get('--port') ?? process.env.PORT ?? String(DEFAULT_PORT);
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be a number from 0 to 65535 (0 picks a free port); got "${portText}"`);
  const { host, allowedHosts, warning } = serveHosts(args, values.get('--host'), valued);
  const scenario = findScenario(values.get('--scenario') ?? 'seed-000-backup-to-image');
  if (warning) io.err(warning);
  const data = values.get('--data');
  if (data !== undefined && data.trim() === '') throw new UsageError('--data needs a file name, for example --data class.json');
  const api = serviceOptions(values);
  const options = { scenario, port, host, allowedHosts, auth: api.auth, clock: api.clock, ...(data ? { data: resolve(data) } : {}) };
  let served;
  try {
    try {
      served = await serve(options);
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      // Reported and set aside, never overwritten; the server starts with a new world.
      io.err(`cbr-sim serve: warning: ${error.message}; ${error.keptAs ? `it was kept as ${error.keptAs}` : 'it could not be moved aside'}, and a new world is started\n`);
      served = await serve(options);
    }
  } catch (error) {
    if (error instanceof DataFileError) throw new UsageError(error.message);
    throw new UsageError(`cannot listen on ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const kept = data ? (served.restored ? `; world restored from ${data}, written ${served.restored.savedAt}` : `; world kept in ${data}`) : '; the world is not kept when the server stops (--data keeps it)';
  io.out(`cbr-sim inspector: ${served.url}  (scenario ${scenario.id}${kept}; Ctrl+C stops it)\n`);
  io.out(`service API: ${served.url}cbr ${served.url}ims ${served.url}ecs ${served.url}evs  (${api.describe})\n`);
  await new Promise<void>((done) => {
    let stopping = false;
    const stop = () => {
      // A second signal while stopping ends the process at once; otherwise, whatever happens, it
      // is gone within a second of the first.
      if (stopping) process.exit(0);
      stopping = true;
      setTimeout(() => process.exit(0), 1_000).unref();
      void served.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

/** `--auth`, `--keys`, `--clock`, `--speed`: the service routes' credentials check and clock. */
function serviceOptions(values: Map<string, string>): { auth: Authenticator; clock: { mode: ClockMode; speed: number }; describe: string } {
  const mode = oneOfOption('--auth', values.get('--auth'), ['off', 'verify'] as const, 'off');
  const keysPath = values.get('--keys');
  let auth: Authenticator = AUTH_OFF;
  let who = 'auth off: any AK/SK or token is accepted';
  if (mode === 'verify') {
    if (keysPath === undefined || keysPath.trim() === '') throw new UsageError('--auth verify needs --keys <file>, the AK/SK pairs and tokens to accept (JSON or YAML: keys: [{ ak, sk, projects }], tokens: [{ token, projects }])');
    let file;
    try {
      file = loadKeysFile(keysPath);
    } catch (error) {
      if (error instanceof KeysFileError) throw new UsageError(`--keys ${error.message}`);
      throw error;
    }
    auth = new KeyAuthenticator(file);
    const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
    who = `auth verify: ${count(file.keys.length, 'key')} and ${count(file.tokens.length, 'token')} of ${keysPath}`;
  } else if (keysPath !== undefined) {
    throw new UsageError('--keys is read only with --auth verify (with --auth off every credential is accepted); add --auth verify, or leave --keys out');
  }
  const clockMode = oneOfOption('--clock', values.get('--clock'), CLOCK_MODES, 'on-poll');
  const speedText = values.get('--speed');
  let speed = 1;
  if (speedText !== undefined) {
    if (clockMode !== 'wall') throw new UsageError(`--speed is the speed of --clock wall; the clock is ${clockMode}: add --clock wall, or leave --speed out`);
    speed = /^\d+(\.\d+)?$/.test(speedText) ? Number(speedText) : NaN;
    if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) throw new UsageError(`--speed must be a number of simulated seconds per real second from ${MIN_SPEED} to ${MAX_SPEED}; got "${speedText}"`);
  }
  const clock = clockMode === 'wall' ? `clock wall ×${speed}` : `clock ${clockMode}`;
  return { auth, clock: { mode: clockMode, speed }, describe: `${who}; ${clock}` };
}

function runCheck(args: string[], io: Io, p: Printer): number {
  const { positionals, flags } = parse('check', args, ['--json']);
  if (positionals.length) throw new UsageError(`check takes no arguments; got ${positionals.join(' ')}`);
  const report = check();
  if (flags.has('--json')) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  }
  const e = report.explored;
  p.line(p.bold('cbr-sim check: the ∀ rules over every reachable state of the real charts'));
  p.line(`explored ${e.models} models: ${e.states} states, ${e.transitions} transitions, ${e.paths} shortest paths, in ${(report.timeMs / 1000).toFixed(1)} s`);
  const width = Math.max(...Object.keys(report.coverage).map((name) => name.length));
  for (const [name, c] of Object.entries(report.coverage)) {
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
    p.line(`coverage ${name.padEnd(width)} states ${c.states.covered}/${c.states.total} (${pct(c.states.covered, c.states.total)}), transitions ${c.transitions.covered}/${c.transitions.total} (${pct(c.transitions.covered, c.transitions.total)})`);
    for (const m of [...c.states.missing, ...c.transitions.missing]) p.line(p.red(`  never taken: ${m}`));
  }
  for (const v of report.violations) {
    p.line(p.red(`✗ ${v.rule} violated in "${v.model}": ${v.message}`));
    p.line(`  after: ${v.path.map((x) => JSON.stringify(x)).join(' → ') || '(the start)'}`);
  }
  p.line(report.ok ? p.green('✓ I5, I7, I8, I9, P2, P3, V1 and V4 hold everywhere; coverage is complete') : p.red('✗ check failed'));
  return report.ok ? 0 : 1;
}

function list(args: string[], io: Io, p: Printer): number {
  const { positionals, flags } = parse('list', args, ['--json']);
  if (positionals.length) throw new UsageError(`list takes no arguments; got ${positionals.join(' ')}`);
  const scenarios = SCENARIOS;
  if (flags.has('--json')) {
    io.out(`${JSON.stringify(scenarios.map((s) => ({ id: s.id, title: s.title, rules: s.rules, walkthrough: s.walkthrough === true })), null, 2)}\n`);
    return 0;
  }
  const walkthroughs = scenarios.filter((s) => s.walkthrough);
  if (walkthroughs.length) {
    p.line(p.bold('Walkthroughs'));
    for (const s of walkthroughs) p.line(`  ${s.id.padEnd(44)} ${s.title}`);
    p.line('');
  }
  const rules = [...new Set(scenarios.filter((s) => !s.walkthrough).flatMap((s) => s.rules))].sort(compareRuleIds);
  for (const rule of rules) {
    p.line(p.bold(rule));
    for (const s of scenarios.filter((x) => !x.walkthrough && x.rules.includes(rule))) p.line(`  ${s.id.padEnd(44)} ${s.title}`);
  }
  return 0;
}

function rules(args: string[], io: Io, p: Printer): number {
  const { positionals, flags } = parse('rules', args, ['--json']);
  if (positionals.length > 1) throw new UsageError(`rules takes at most one rule ID; got ${positionals.join(' ')} (usage: ${COMMANDS.rules!.usage})`);
  const json = flags.has('--json');
  if (positionals.length === 1) {
    const rule = requireRule(positionals[0]!);
    if (json) io.out(`${JSON.stringify(rule, null, 2)}\n`);
    else printRule(p, rule);
    return 0;
  }
  if (json) io.out(`${JSON.stringify(RULES, null, 2)}\n`);
  else printRules(p);
  return 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const p = plainPrinter(io.out, io.tty);
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.out(HELP);
      return 0;
    }
    if (command === '-v' || command === '--version') {
      io.out(`${version()}\n`);
      return 0;
    }
    const spec = COMMANDS[command];
    if (!spec) throw new UsageError(`unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')} (see cbr-sim --help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`Usage: ${spec.usage}\n\n${spec.about}\n`);
      return 0;
    }
    switch (command) {
      case 'run':
        return await run(rest, io, p);
      case 'list':
        return list(rest, io, p);
      case 'rules':
        return rules(rest, io, p);
      case 'check':
        return runCheck(rest, io, p);
      case 'docs':
        return docs(rest, io, p);
      case 'serve':
        return await runServe(rest, io);
      case 'diagram':
        return diagram(rest, io);
      case 'schema':
        parse('schema', rest, []);
        io.out(`${JSON.stringify(scenarioSchema(), null, 2)}\n`);
        return 0;
      default:
        parse('demo', rest, []);
        runDemo(p);
        return 0;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError) {
      io.err(`cbr-sim ${command}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function stdinSteps(): () => Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const waiting: (() => void)[] = [];
  let ended = false;
  lines.on('line', () => waiting.shift()?.());
  lines.on('close', () => {
    ended = true;
    for (const resolve of waiting.splice(0)) resolve();
  });
  return () => new Promise<void>((resolve) => {
    if (ended) resolve();
    else {
      process.stderr.write('  (Enter for the next step) ');
      waiting.push(resolve);
    }
  });
}

// A reader that goes away (`cbr-sim list | head`) closes the pipe, and the next write fails with
// EPIPE, emitted on the stream: unhandled, it printed a stack trace and exited 1. The reader took
// what it wanted, so the command ends at once, quietly and with exit code 0, as `git log | head`
// does; on stderr too (`2>&1 | head`). Any other error of the streams is still thrown.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

const io: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  tty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  nextStep: process.argv.includes('--step') ? stdinSteps() : async () => {},
};
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  if (process.argv.includes('--step')) process.stdin.destroy();
});
