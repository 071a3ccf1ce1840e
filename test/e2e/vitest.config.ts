import { defineConfig } from 'vitest/config'

// Browser tests in real Chromium (Debian /usr/bin/chromium; no browser download):
//   npx vitest run --config test/e2e/vitest.config.ts
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Structured logs (src/log.ts) only for errors while testing; tests that check logs capture their own.
    // (DOTENV_CONFIG_QUIET: `natural` loads dotenv on import, which prints a banner per process)
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'error', DOTENV_CONFIG_QUIET: 'true' },
  },
})
