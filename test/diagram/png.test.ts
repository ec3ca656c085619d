/**
 * PNG figures: a real PNG of the size asked for, with the text drawn (from the DejaVu files the
 * renderer loads itself, not from whatever fonts the machine has), the same bytes every time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupMachine, serverMachine } from '../../machines/index.js';
import { toConsoleDiagram, toStatechartGraph, toSvg } from '../../src/diagram/index.js';
import { fontFiles, toPng, toRaster, type Raster } from '../../src/diagram/png.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which must come first. */
function header(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** How many pixels inside `area` are clearly darker than the white background. */
function inkIn(raster: Raster, area: { x: number; y: number; width: number; height: number }): number {
  let count = 0;
  for (let y = Math.max(0, area.y); y < Math.min(raster.height, area.y + area.height); y++) {
    for (let x = Math.max(0, area.x); x < Math.min(raster.width, area.x + area.width); x++) {
      const i = (y * raster.width + x) * 4;
      const luminance = 0.299 * raster.pixels[i]! + 0.587 * raster.pixels[i + 1]! + 0.114 * raster.pixels[i + 2]!;
      if (luminance < 160) count++;
    }
  }
  return count;
}

const textOnly = (content: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60"><rect width="240" height="60" fill="#fff"/>` +
  `<text x="10" y="40" font-family="'DejaVu Sans', sans-serif" font-size="24" fill="#263238">${content}</text></svg>`;

describe('toPng', () => {
  it('makes a PNG: the signature, then an IHDR chunk with the SVG size', () => {
    const png = toPng(textOnly('Creating'));
    expect(header(png)).toEqual({ width: 240, height: 60 });
  });

  it('scales to the width asked for, the height in proportion', () => {
    expect(header(toPng(textOnly('Creating'), { width: 480 }))).toEqual({ width: 480, height: 120 });
    expect(() => toPng(textOnly('x'), { width: 0 })).toThrow(/width/);
  });

  it('draws text: a word leaves ink where it is set, an empty text none', () => {
    const word = toRaster(textOnly('Image can be created'));
    const blank = toRaster(textOnly(''));
    const line = { x: 8, y: 14, width: 230, height: 34 };
    expect(inkIn(word, line)).toBeGreaterThan(300);
    expect(inkIn(blank, line)).toBe(0);
  });

  it('draws a statechart with its state names legible: ink inside the BUILD box where its title is', () => {
    const svg = toSvg(toStatechartGraph(serverMachine));
    const raster = toRaster(svg);
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    expect(raster.width).toBe(width);
    const title = /<text class="state-title" x="([\d.]+)" y="([\d.]+)"[^>]*>BUILD<\/text>/.exec(svg);
    expect(title).not.toBeNull();
    const [x, y] = [Number(title![1]), Number(title![2])];
    expect(inkIn(raster, { x: Math.round(x - 25), y: Math.round(y - 12), width: 50, height: 14 })).toBeGreaterThan(60);
  });

  it('draws a console diagram with the text of every state and label where the layout put it', () => {
    const d = toConsoleDiagram('backup', backupMachine);
    const raster = toRaster(d.svg);
    expect([raster.width, raster.height]).toEqual([d.width, d.height]);
    for (const box of d.boxes.filter((b) => b.kind === 'state' || b.kind === 'label')) {
      const area = { x: Math.round(box.x + 3), y: Math.round(box.y + 3), width: Math.round(box.width - 6), height: Math.round(box.height - 6) };
      expect(inkIn(raster, area), `${box.kind} ${box.text.join(' ')}`).toBeGreaterThan(20 * box.text.length);
    }
  });

  it('is the same PNG every time', () => {
    const svg = toSvg(toStatechartGraph(serverMachine));
    expect(toPng(svg).equals(toPng(svg))).toBe(true);
  });
});

describe('the fonts it loads', () => {
  it('are the DejaVu files, found on this machine', () => {
    const files = fontFiles();
    expect(files.map((f) => f.split('/').pop())).toEqual(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf']);
  });

  it('are asked for by name, with the package to install, when a directory lacks them', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cbr-sim-no-fonts-'));
    expect(() => fontFiles(empty)).toThrow(/fonts-dejavu-core/);
    expect(() => toPng(textOnly('x'), { fontDir: empty })).toThrow(/DejaVuSans\.ttf/);
  });
});
