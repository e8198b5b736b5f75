import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Timing tests sleep on server-side delays, not CPU, but a 2-core machine still wants headroom.
    testTimeout: 30_000,
    hookTimeout: 15_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
