import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The world is synchronous and deterministic; tests share nothing, so run files in parallel.
    pool: 'threads',
  },
});
