import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PUBLIC = new URL('../../public/', import.meta.url).pathname;

describe('the inspector page works offline', () => {
  it('references nothing outside the server in any asset', () => {
    const files = readdirSync(PUBLIC, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(PUBLIC.length));
    expect(files).toContain('index.html');
    expect(files).toContain('js/main.js');
    for (const f of files) {
      const text = readFileSync(PUBLIC + f, 'utf8');
      // The SVG namespace is a name, not a request.
      const urls = (text.match(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"')]*/gi) ?? []).filter((u) => !u.includes('www.w3.org/2000/svg') && !u.includes('www.w3.org/1999/xlink'));
      expect({ file: f, urls }).toEqual({ file: f, urls: [] });
      expect(text).not.toMatch(/<script[^>]*>[^<\s]/);
    }
  });
});
