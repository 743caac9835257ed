import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Each file gets its own MariaDB database and Redis prefix, so files run in parallel safely.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The browser tests (test/e2e) serve the built renderer: built here once, if stale.
    globalSetup: ['test/e2e/global-setup.ts'],
    env: { TZ: 'Asia/Shanghai' },
  },
})
