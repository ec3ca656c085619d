import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The world is synchronous and deterministic; tests share nothing, so run files in parallel.
    pool: 'threads',
    // vitest's default is one worker fewer than the cores: on a 2-core machine, one. The files
    // wait on child processes (the CLI, servers, Chromium, Sphinx) as much as they compute, so two
    // workers keep both cores busy (the suite took 9 min 56 s with one).
    maxWorkers: 2,
    // Nothing here is a timed test (speed is the benchmark's business): the default 5 s only
    // turns a busy 2-core machine into failures, so the exhaustive check and the CLI get room.
    testTimeout: 30_000,
    // The CLI and server-process tests run the built package: built once, before every file.
    globalSetup: ['test/global-setup.ts'],
  },
});
