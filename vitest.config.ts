import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Structured logs (src/log.ts) only for errors while testing; tests that check logs capture their own.
    // (DOTENV_CONFIG_QUIET: `natural` loads dotenv on import, which prints a banner per process)
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'error', DOTENV_CONFIG_QUIET: 'true' },
  },
})
