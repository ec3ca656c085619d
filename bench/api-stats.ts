/** The arithmetic of `npm run bench -- --api` (api.ts): percentiles, medians, one round's figures. */
import { KINDS, READS, type Kind } from './api-mix.js';

export interface Sample {
  kind: Kind;
  ms: number;
  status: number;
  bytes: number;
  /** `401 APIGW.0301`, `network: ECONNRESET`…: why an answer is not 2xx (undefined when it is). */
  label?: string;
}

/** The nearest-rank percentile of `sorted` (ascending): the smallest value with at least q of the values at or below it. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The median of `values` in any order (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number | null {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

export const round = (n: number | null, digits = 1): number | null => (n === null ? null : Number(n.toFixed(digits)));

export interface Latency {
  requests: number;
  p50_ms: number | null;
  p99_ms: number | null;
}

export function latency(samples: readonly Sample[]): Latency {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { requests: samples.length, p50_ms: round(percentile(ms, 0.5), 2), p99_ms: round(percentile(ms, 0.99), 2) };
}

export interface RoundStats extends Latency {
  target: 'cbr-sim' | 'baseline';
  seconds: number;
  requests_per_s: number;
  reads_p99_ms: number | null;
  kinds: Record<Kind, Latency & { median_bytes: number | null }>;
  /** Answers that are not 2xx, by status and code (`400 BackupService.0001`, `network: …`). */
  errors: Record<string, number>;
  rss_mb: { start: number; end: number; peak: number };
  /**
   * The server process's CPU time (user + system) per request answered, in ms: what a request
   * costs the server, which a loaded machine's scheduling does not change as it changes req/s.
   */
  cpu_ms_per_request: number | null;
  /** The server process's CPU time over the round's wall time: 1 is one core kept busy. */
  cpu_cores: number | null;
}

/** One round's figures from its samples (those answered within its `seconds`). */
export function roundStats(target: RoundStats['target'], samples: readonly Sample[], seconds: number, rss: RoundStats['rss_mb'], cpuMs = NaN): RoundStats {
  const errors: Record<string, number> = {};
  for (const s of samples) if (s.label !== undefined) errors[s.label] = (errors[s.label] ?? 0) + 1;
  const kinds = Object.fromEntries(KINDS.map((k) => {
    const of = samples.filter((s) => s.kind === k);
    const sizes = of.filter((s) => s.label === undefined).map((s) => s.bytes).sort((a, b) => a - b);
    return [k, { ...latency(of), median_bytes: percentile(sizes, 0.5) }];
  })) as RoundStats['kinds'];
  return {
    target,
    seconds,
    ...latency(samples),
    requests_per_s: round(samples.length / seconds)!,
    reads_p99_ms: latency(samples.filter((s) => READS.includes(s.kind))).p99_ms,
    kinds,
    errors,
    rss_mb: rss,
    cpu_ms_per_request: Number.isFinite(cpuMs) && samples.length ? round(cpuMs / samples.length, 3) : null,
    cpu_cores: Number.isFinite(cpuMs) ? round(cpuMs / (seconds * 1000), 2) : null,
  };
}

/** The label of an answer that is not 2xx: its status and the service's code when the body names one. */
export function errorLabel(status: number, text: string, failure?: string): string | undefined {
  if (failure !== undefined) return `network: ${failure}`;
  if (status >= 200 && status < 300) return undefined;
  const code = /"(?:error_code|code)"\s*:\s*"([^"]{1,80})"/.exec(text)?.[1];
  return code ? `${status} ${code}` : String(status);
}
