/** Printing a scenario run: a readable transcript for people, JSON for programs. */
import type { StepOutcome, RunResult } from '../scenario/runner.js';
import type { Scenario } from '../scenario/types.js';
import { describeUnnamed } from '../scenario/unnamed.js';
import type { Printer } from './demo.js';

const KIND_MARK: Record<StepOutcome['kind'], string> = {
  setup: '⚙', say: '»', do: '▶', refuse: '⊘', advance: '⏱', expect: '✓', expectCount: '✓', expectTask: '✓', expectJob: '✓',
};

export function printHeader(p: Printer, scenario: Scenario): void {
  p.line(p.bold(`${scenario.title}  (${scenario.id})`));
  p.line(p.dim(`rules ${scenario.rules.join(', ')}`));
  p.line(scenario.narrative);
  p.line('');
}

export function printOutcome(p: Printer, o: StepOutcome): void {
  const time = p.dim(o.at.slice(0, 16).replace('T', ' '));
  const mark = o.ok ? KIND_MARK[o.kind] : p.red('✗');
  const text = o.kind === 'say' ? p.dim(o.description) : o.kind === 'setup' ? o.description : p.bold(o.description);
  p.line(`${String(o.index).padStart(3)} ${time} ${mark} ${text}`);
  if (o.refusal && o.ok) p.line(`      ${p.green(`refused ${o.refusal.code}`)}: ${o.refusal.message}`);
  for (const c of o.changes) {
    const from = c.from ? `${c.from.label} (${c.from.status})` : 'new';
    p.line(`      ${c.name} ${p.dim(c.id)}: ${from} → ${p.green(`${c.to.label} (${c.to.status})`)}`);
  }
  // Resources nobody named (a policy's backups, a server's disks): counted, not listed.
  const others = describeUnnamed(o.unnamed);
  if (others) p.line(`      ${p.dim('unnamed:')} ${others}`);
  if (o.failure) {
    p.line(`      ${p.red(`FAILED: ${o.failure.message}`)}`);
    p.line(`      expected ${JSON.stringify(o.failure.expected)}, actual ${JSON.stringify(o.failure.actual)}`);
    const recent = o.records.filter((r) => r.type !== 'event').slice(-8);
    if (recent.length) {
      p.line(p.dim('      journal records that led here:'));
      for (const r of recent) p.line(p.dim(`        #${r.seq} ${JSON.stringify(r)}`));
    }
  }
}

export function printSummary(p: Printer, result: RunResult): void {
  const steps = result.outcomes.length - 1;
  p.line('');
  p.line(result.ok ? p.green(`✓ ${result.scenario.id}: all ${steps} steps hold`) : p.red(`✗ ${result.scenario.id}: failed at step ${result.outcomes.at(-1)!.index}`));
}

/** The machine-readable transcript: every step's outcome, states and error codes. */
export function jsonTranscript(result: RunResult): unknown {
  return {
    scenario: { id: result.scenario.id, title: result.scenario.title, rules: result.scenario.rules },
    ok: result.ok,
    steps: result.outcomes.map((o) => ({
      index: o.index, kind: o.kind, description: o.description, at: o.at, ok: o.ok,
      ...(o.result !== undefined ? { result: o.result } : {}),
      ...(o.refusal ? { refusal: o.refusal } : {}),
      ...(o.failure ? { failure: { ...o.failure, journal: o.records.filter((r) => r.type !== 'event').slice(-20) } } : {}),
      changes: o.changes,
      unnamed: o.unnamed,
      resources: o.resources,
    })),
  };
}
