import { defineConfig } from 'vitest/config'

// test/browser: the examples built, served on 127.0.0.1 and opened in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One Chromium at a time: the machine has 2 cores.
    fileParallelism: false,
  },
})
