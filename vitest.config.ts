import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Speed on a two-core machine (README, "Timings"): one worker per core (vitest's default is one
// fewer, a single worker on two cores), and each worker runs its files one after another in one
// process (isolate: false) instead of starting a process and loading the pipeline's modules again
// for every file. The tests share no state between files: those that set an environment variable,
// the umask, a spy or the crash action put it back in a finally or an afterEach.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    isolate: false,
    maxWorkers: availableParallelism(),
  },
});
