import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The world is synchronous and deterministic; tests share nothing, so run files in parallel.
    pool: 'threads',
    // Nothing here is a timed test (speed is the benchmark's business): the default 5 s only
    // turns a busy 2-core machine into failures, so the exhaustive check and the CLI get room.
    testTimeout: 30_000,
    // The CLI and server-process tests run the built package: built once, before every file.
    globalSetup: ['test/global-setup.ts'],
  },
});
