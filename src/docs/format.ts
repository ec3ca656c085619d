/** The formats of the docs output: GitHub-flavoured Markdown, or reStructuredText for Sphinx. */
export type DocFormat = 'md' | 'rst';

export const DOC_FORMATS: readonly DocFormat[] = ['md', 'rst'];
