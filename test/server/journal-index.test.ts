/**
 * The index of each resource's records in a retained journal: always what filtering the journal
 * would give, as records are written, as the ring lets old ones go, and for a journal restored.
 */
import { describe, expect, it } from 'vitest';
import { Journal, type JournalRecord } from '../../src/sim/journal.js';
import { recordsOf } from '../../src/server/journal-index.js';

const IDS = ['bk-a', 'bk-b', 'ecs-c', null] as const;

function write(journal: Journal, n: number, from: number): void {
  for (let i = from; i < from + n; i++) {
    const resourceId = IDS[i % IDS.length]!;
    journal.append({ type: 'note', resourceId, note: 'retention', message: `record ${i}` });
  }
}

const filtered = (journal: Journal, id: string): JournalRecord[] => journal.records().filter((r) => r.resourceId === id);

describe('recordsOf (one resource’s records of a journal)', () => {
  it('answers what filtering the retained journal answers, as records are written and the ring lets old ones go', () => {
    const journal = new Journal({ limit: 50 }, () => 0);
    let written = 0;
    for (const batch of [3, 10, 40, 1, 120, 7, 300]) {
      write(journal, batch, written);
      written += batch;
      for (const id of ['bk-a', 'bk-b', 'ecs-c', 'nobody']) expect(recordsOf(journal, id), `${id} after ${written}`).toEqual(filtered(journal, id));
    }
    expect(recordsOf(journal, 'bk-a').every((r) => r.seq >= journal.oldestSeq!)).toBe(true);
  });

  it('stays right over a long run asked about one resource only (the others’ let-go records are pruned on the way)', () => {
    const journal = new Journal({ limit: 50 }, () => 0);
    for (let written = 0; written < 6_000; written += 10) {
      write(journal, 10, written);
      expect(recordsOf(journal, 'bk-a')).toEqual(filtered(journal, 'bk-a'));
    }
    expect(recordsOf(journal, 'bk-b')).toEqual(filtered(journal, 'bk-b'));
    expect(recordsOf(journal, 'ecs-c')).toEqual(filtered(journal, 'ecs-c'));
  });

  it('keeps each journal’s index apart, and starts again for one restored under it', () => {
    const one = new Journal({ limit: 100 }, () => 0);
    const two = new Journal({ limit: 100 }, () => 0);
    write(one, 30, 0);
    write(two, 8, 0);
    expect(recordsOf(one, 'bk-a')).toHaveLength(8);
    expect(recordsOf(two, 'bk-a')).toHaveLength(2);
    // Restored to an earlier point (its seq goes back): the index is read again from its records.
    const kept = one.records().slice(0, 10);
    one.restore(10, kept);
    expect(recordsOf(one, 'bk-a')).toEqual(kept.filter((r) => r.resourceId === 'bk-a'));
  });
});
