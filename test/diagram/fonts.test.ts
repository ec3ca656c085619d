/**
 * Text measurement: the width the layouts reserve for a line of text is the width resvg draws it
 * with in DejaVu Sans, a hair more, never less.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { measureText, wrapText } from '../../src/diagram/fonts.js';
import { fontFiles } from '../../src/diagram/png.js';

/** The ink width resvg draws `text` with, in DejaVu Sans at `size` px. */
function renderedWidth(text: string, size: number, bold: boolean): number {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="100"><text x="10" y="60" font-family="DejaVu Sans" font-size="${size}" font-weight="${bold ? 'bold' : 'normal'}" xml:space="preserve">${escaped}</text></svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'DejaVu Sans' } }).getBBox()?.width ?? 0;
}

const SAMPLES = [
  'Creating',
  'Image can be created',
  'after about 4 min, if it holds the system disk',
  'WWW MMM mmm',
  'Delete — wait until it is Available or Error',
  '“Image can be created” · rules B2 I1',
  'ill-fitting lilies, 1.1.1',
];

describe('measureText', () => {
  for (const bold of [false, true]) {
    for (const size of [12, 15]) {
      it(`gives each sample at least the width resvg draws it with (${bold ? 'bold' : 'regular'}, ${size} px), within 8 %`, () => {
        for (const text of SAMPLES) {
          const drawn = renderedWidth(text, size, bold);
          const measured = measureText(text, size, bold);
          expect(measured, text).toBeGreaterThanOrEqual(drawn);
          expect(measured, text).toBeLessThan(drawn * 1.08 + size);
        }
      });
    }
  }

  it('takes an unknown character as a full em, so it is never too narrow', () => {
    expect(measureText('漢', 10)).toBeGreaterThanOrEqual(10);
  });
});

describe('wrapText', () => {
  it('breaks at spaces into lines no wider than asked, keeping every word', () => {
    const text = 'after about 16 min, if the job fails';
    const lines = wrapText(text, 14, 150);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(measureText(line, 14)).toBeLessThanOrEqual(150);
    expect(lines.join(' ')).toBe(text);
  });

  it('gives a word wider than the limit a line of its own', () => {
    expect(wrapText('a Deleting b', 14, 20)).toEqual(['a', 'Deleting', 'b']);
  });
});
