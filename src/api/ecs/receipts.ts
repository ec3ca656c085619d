/**
 * Jobs of the synchronous operations [decision]: ECS answers delete, start, stop, attach and
 * detach with a `job_id`; the library's verbs for them are synchronous (the server is Stopped,
 * the disk attached, when the call returns), so the job a client polls has nothing left to do.
 * The wire mints a receipt, kept per project session (in memory, bounded), that showJob answers
 * as SUCCESS at once, with one sub-job per server. No library job is made: it would be a job
 * record that never ran, and every later job id of a scenario would move.
 */
import { randomBytes } from 'node:crypto';
import type { Session } from '../../server/session.js';

export interface Receipt {
  id: string;
  /** `deleteServers`, `batchStartServers`, `batchStopServers`, `attachVolume`, `detachVolume` [inference]. */
  jobType: string;
  /** Each server's sub-job type (`deleteSingleServer`…) [inference]. */
  subJobType: string;
  serverIds: string[];
  /** The virtual time of the call (epoch ms). */
  at: number;
  volumeId?: string;
}

const MAX_RECEIPTS = 1_000;
const bySession = new WeakMap<Session, Map<string, Receipt>>();

/** A job id in the real form (32 hex), distinct from the library's `job-…` ids. */
export function mintReceipt(session: Session, r: Omit<Receipt, 'id'>): Receipt {
  let map = bySession.get(session);
  if (!map) bySession.set(session, (map = new Map()));
  const receipt: Receipt = { ...r, id: randomBytes(16).toString('hex') };
  map.set(receipt.id, receipt);
  while (map.size > MAX_RECEIPTS) map.delete(map.keys().next().value!);
  return receipt;
}

export function receiptOf(session: Session, id: string): Receipt | undefined {
  return bySession.get(session)?.get(id);
}
