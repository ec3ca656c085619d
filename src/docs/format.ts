/** The formats of the docs output: GitHub-flavoured Markdown, or reStructuredText for Sphinx. */
import type { MarkupFormat } from './markup.js';

export type DocFormat = MarkupFormat;

export const DOC_FORMATS: readonly DocFormat[] = ['md', 'rst'];
