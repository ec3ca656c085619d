/**
 * PNG figures of the SVG diagrams, rendered offline with resvg (`@resvg/resvg-js`).
 *
 * resvg finds no fonts by itself that we can count on, and with system fonts the picture would
 * depend on what a machine happens to have. So system fonts are off and DejaVu Sans is loaded
 * from its files (Debian's `fonts-dejavu-core`; `scripts/ensure-fonts.sh` installs it on CI): the
 * same font the SVGs name and the layout measures, so the same PNG on every machine that has it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FILES, FONT_PACKAGE } from './fonts.js';

export interface PngOptions {
  /** The width of the PNG in pixels (the height follows); the SVG's own width when omitted. */
  width?: number;
  /** Where the DejaVu font files are; the usual system directories when omitted. */
  fontDir?: string;
}

export interface Raster {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  pixels: Buffer;
}

/** Where Linux distributions and Homebrew put DejaVu; `CBR_SIM_FONT_DIR` first when it is set. */
function fontDirs(): string[] {
  const dirs = [
    '/usr/share/fonts/truetype/dejavu', // Debian, Ubuntu
    '/usr/share/fonts/dejavu-sans-fonts', // Fedora
    '/usr/share/fonts/dejavu', // Alpine, openSUSE
    '/usr/share/fonts/TTF', // Arch
    '/opt/homebrew/share/fonts',
    '/usr/local/share/fonts',
  ];
  const fromEnv = process.env.CBR_SIM_FONT_DIR;
  return fromEnv ? [fromEnv, ...dirs] : dirs;
}

/** The paths of the font files, or an error that says how to install them. */
export function fontFiles(fontDir?: string): string[] {
  const dirs = fontDir !== undefined ? [fontDir] : fontDirs();
  for (const dir of dirs) {
    const files = FONT_FILES.map((name) => join(dir, name));
    if (files.every((file) => existsSync(file))) return files;
  }
  throw new Error(
    `The PNG figures need the DejaVu fonts (${FONT_FILES.join(', ')}) and none of ${dirs.join(', ')} has them: ` +
      `install Debian's ${FONT_PACKAGE} (apt-get install ${FONT_PACKAGE}, or bash scripts/ensure-fonts.sh), or set CBR_SIM_FONT_DIR.`,
  );
}

function renderer(svg: string, options: PngOptions): Resvg {
  if (options.width !== undefined && (!Number.isInteger(options.width) || options.width < 1 || options.width > 16384)) {
    throw new RangeError(`width must be a whole number of pixels from 1 to 16384; got ${options.width}`);
  }
  return new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: fontFiles(options.fontDir), defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' },
    fitTo: options.width !== undefined ? { mode: 'width', value: options.width } : { mode: 'original' },
    // The diagrams paint their own white background; anything they leave out stays white too.
    background: '#ffffff',
    logLevel: 'off',
  });
}

/** The PNG of `svg` (a standalone SVG document). */
export function toPng(svg: string, options: PngOptions = {}): Buffer {
  return renderer(svg, options).render().asPng();
}

/** The pixels `toPng` would encode: for checking what a figure shows. */
export function toRaster(svg: string, options: PngOptions = {}): Raster {
  const image = renderer(svg, options).render();
  return { width: image.width, height: image.height, pixels: image.pixels };
}
