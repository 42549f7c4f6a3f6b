import { defineConfig } from 'vitest/config'

// The suites Stryker runs for each mutant: those that exercise src/server, src/protocol,
// src/faults and src/oracle in process. Left out: the browser, jest and bench suites, the CLI
// (it spawns dist/, which Stryker does not mutate) and the loopback suites in test/node (real
// sockets, child clients, TLS: minutes per run under Stryker's one-file-at-a-time runner).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'node_modules/**',
      'test/browser/**',
      'test/examples/jest/**',
      'test/bench/**',
      'test/cli/**',
      'test/node/**',
    ],
    testTimeout: 30_000,
  },
})
