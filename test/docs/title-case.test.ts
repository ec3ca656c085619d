/** Headings in Title Case, as the source documentation writes them. */
import { describe, expect, it } from 'vitest';
import { titleCase } from '../../src/docs/title-case.js';

describe('Title Case', () => {
  it('capitalises words but small ones after the first', () => {
    expect(titleCase('Using a backup to create an image')).toBe('Using a Backup to Create an Image');
    expect(titleCase('What are the differences between images and backups?')).toBe('What Are the Differences Between Images and Backups?');
  });

  it('keeps words that have capitals or digits, capitalises the parts of hyphenated ones, and starts anew after a colon', () => {
    expect(titleCase('a full-ECS image of a server made from eu-de-01')).toBe('A Full-ECS Image of a Server Made from eu-de-01');
    expect(titleCase('keep 3: by Saturday only three remain')).toBe('Keep 3: By Saturday Only Three Remain');
  });

  it('keeps a quoted console phrase as the console writes it', () => {
    expect(titleCase('some time into Creating, a server backup is marked "Image can be created"')).toBe('Some Time into Creating, a Server Backup Is Marked "Image can be created"');
  });
});
