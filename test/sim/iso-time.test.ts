/**
 * `dateIso` and `parseIso` (src/sim/time.ts) are `toISOString` and `Date.parse` made cheap: they
 * must give the very same answers, for every instant and every text, the odd ones included.
 */
import { describe, expect, it } from 'vitest';
import { dateIso, isoTime, parseIso } from '../../src/sim/time.js';

const EDGES = [
  0, -0, 1, -1, 0.5, -0.5, 1.9, -1.9, 86_399_999, 86_400_000, -86_400_000,
  Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(1900, 1, 28), Date.UTC(1900, 2, 1), Date.UTC(2100, 1, 28, 12), Date.UTC(2024, 11, 31, 23, 59, 59, 999),
  Date.UTC(0, 0, 1) - 1, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15,
];

describe('dateIso', () => {
  it('writes what toISOString writes, at the edges of days, leap years and four-digit years', () => {
    for (const ms of EDGES) expect(dateIso(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes what toISOString writes for instants all over the years 0000-9999', () => {
    let seed = 1;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(-62_167_219_200_000 + next() * (253_402_300_800_000 + 62_167_219_200_000));
      expect(dateIso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws where toISOString throws, and isoTime still never does', () => {
    for (const ms of [NaN, Infinity, 8.64e15 + 1]) {
      expect(() => dateIso(ms)).toThrow(RangeError);
      expect(typeof isoTime(ms)).toBe('string');
    }
  });
});

describe('parseIso', () => {
  it('reads back every instant dateIso writes', () => {
    for (const ms of EDGES.filter((t) => Math.abs(t) <= 8.64e15)) {
      const text = dateIso(ms);
      expect(parseIso(text), text).toBe(Date.parse(text));
    }
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2030, 0, 1); ms += 7_777_777_777 / 97) {
      const text = dateIso(ms);
      expect(parseIso(text)).toBe(Date.parse(text));
    }
  });

  it('answers what Date.parse answers for text that is no plain instant', () => {
    for (const text of ['2026-02-30T00:00:00.000Z', '2026-13-01T00:00:00.000Z', '2024-02-29T24:00:00.000Z', '2026-01-05T00:00:00Z', '2026-01-05', 'x026-01-05T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '', 'not a time', '2026-01-05T00:00:60.000Z']) {
      expect(Object.is(parseIso(text), Date.parse(text)), text).toBe(true);
    }
  });
});
