/**
 * A page as blocks, written by the same story for both formats: headings, paragraphs, notes,
 * bullet lists, captioned tables and figures, as the source documentation pages have them.
 */
import type { Inline } from './inline.js';

export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string; label?: string }
  | { kind: 'paragraph'; content: Inline[] }
  /** `.. note::` (RST) / a quoted **Note** (Markdown): one paragraph per entry. */
  | { kind: 'note'; paragraphs: Inline[][] }
  | { kind: 'bullets'; items: Inline[][] }
  | TableBlock
  | FigureBlock;

export interface TableBlock {
  kind: 'table';
  /** `**Table 1** Steps 1–4`: the number and the title after it. */
  number: number;
  title: string;
  /** A label unique in the documentation set, for links to the table. */
  label: string;
  header: string[];
  /** Relative column widths, one per column. */
  widths: number[];
  /** Each cell is one paragraph. */
  rows: Inline[][][];
}

export interface FigureBlock {
  kind: 'figure';
  number: number;
  label: string;
  /** The file name without its extension: RST lets the builder pick `.svg` or `.png`. */
  file: string;
  alt: string;
  caption: Inline[];
  /** Drawn wider than a page: shown at the page's width. */
  wide: boolean;
}

export interface Page {
  /** The file name without extension (`seed-000-backup-to-image`). */
  name: string;
  /** The label of the page (RST `.. _name:`), also its Markdown anchor. */
  label: string;
  blocks: Block[];
}
