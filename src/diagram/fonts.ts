/**
 * The one font the figures are set in: DejaVu Sans (Debian's `fonts-dejavu-core`, on every CI
 * image that has fontconfig). The SVGs name it first, the PNG renderer loads its files and
 * nothing else, and text is measured from its own advance widths (font-metrics.ts), so a label's
 * box is as wide as the label really is and every machine draws the same picture.
 *
 * Browsers without DejaVu fall back to Verdana (about as wide) and then to any sans-serif
 * (narrower): a label may then be a little narrower than its box, never wider.
 */
import { DEJAVU_SANS, DEJAVU_SANS_BOLD } from './font-metrics.js';

export const SANS_FAMILY = "'DejaVu Sans', Verdana, sans-serif";
export const MONO_FAMILY = "'DejaVu Sans Mono', Menlo, Consolas, monospace";

/** The font files the PNG renderer loads, by file name, and the package that installs them. */
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf'] as const;
export const FONT_PACKAGE = 'fonts-dejavu-core';

/** A character the tables do not know is taken as a full em: too wide rather than too narrow. */
const UNKNOWN_EM = 1;
/** Kerning and hinting can add a hair; a label box gets 2 % more than the sum of advances. */
const SLACK = 1.02;

/** The width in pixels of `text` set in DejaVu Sans at `size` px (bold when `bold`). */
export function measureText(text: string, size: number, bold = false): number {
  const table = bold ? DEJAVU_SANS_BOLD : DEJAVU_SANS;
  let em = 0;
  for (const char of text) em += table[char] ?? UNKNOWN_EM;
  return em * size * SLACK;
}

/** Units a number is never split from, and the word before a number it stays with. */
const UNIT = /^(s|ms|min|h|days?|GB|%)[,.;:]?$/;
const NUMBER = /^\d+([.,]\d+)?$/;

/**
 * `text` broken at spaces into lines no wider than `maxWidth` (a word wider than that gets a line
 * of its own). "after about 50 min" stays on one line: a number keeps its unit and the "about"
 * before it, which keeps its "after".
 */
export function wrapText(text: string, size: number, maxWidth: number, bold = false): string[] {
  const words: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const last = words[words.length - 1];
    const lastWord = last?.split(' ').pop() ?? '';
    const glued = (NUMBER.test(lastWord) && UNIT.test(word)) || (lastWord === 'about' && NUMBER.test(word)) || (lastWord === 'after' && word === 'about');
    if (last !== undefined && glued) {
      words[words.length - 1] = `${last} ${word}`;
    } else {
      words.push(word);
    }
  }
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measureText(candidate, size, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
