/**
 * One resource's records in a retained journal, found without reading all of it: the teaching
 * view asks for a resource's path on every step, and a long run's journal holds 50,000 records
 * (reading them all takes milliseconds; the resource's own, microseconds). The index is kept
 * beside each journal and brought up to date, when asked, with the records written since: it
 * holds no record longer than the journal does (what the ring let go is dropped when next asked,
 * and the whole index is rebuilt from the ring once it holds twice as many records as that).
 */
import type { Journal, JournalRecord } from '../sim/journal.js';

interface Index {
  /** The last seq indexed. */
  last: number;
  byResource: Map<string, JournalRecord[]>;
  /** Records indexed, dropped ones included until they are pruned. */
  held: number;
}

const indexes = new WeakMap<Journal, Index>();

/** The records of resource `id` that `journal` retains, oldest first (the index's own array: do not change it). */
export function recordsOf(journal: Journal, id: string): readonly JournalRecord[] {
  let index = indexes.get(journal);
  // A journal whose seq went back was restored under us: its records are not the ones indexed.
  if (!index || journal.seq < index.last) {
    index = { last: 0, byResource: new Map(), held: 0 };
    indexes.set(journal, index);
  }
  const fresh = journal.after(index.last, Number.POSITIVE_INFINITY);
  for (const record of fresh) {
    const rid = record.resourceId;
    if (rid !== null) {
      let list = index.byResource.get(rid);
      if (!list) {
        list = [];
        index.byResource.set(rid, list);
      }
      list.push(record);
      index.held++;
    }
    index.last = record.seq;
  }
  const oldest = journal.oldestSeq ?? index.last + 1;
  if (index.held > 2 * retained(journal) + 1024) {
    // Mostly records the ring has let go: rebuilt from what it holds.
    indexes.delete(journal);
    return recordsOf(journal, id);
  }
  const list = index.byResource.get(id);
  if (!list) return [];
  let drop = 0;
  while (drop < list.length && list[drop]!.seq < oldest) drop++;
  if (drop > 0) {
    list.splice(0, drop);
    index.held -= drop;
    if (list.length === 0) index.byResource.delete(id);
  }
  return list;
}

/** How many records `journal` retains (its seqs are consecutive; near enough for a pruning threshold when restored from a save). */
function retained(journal: Journal): number {
  const oldest = journal.oldestSeq;
  return oldest === null ? 0 : journal.seq - oldest + 1;
}
