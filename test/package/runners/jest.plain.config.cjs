// jest 30 with no transform at all (not even babel-jest, its default), run on Node 24.9 or later
// with NODE_OPTIONS=--experimental-vm-modules: jest then loads MSW's ESM-only dependencies through
// `require` itself, so plain CommonJS tests need no build step.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {},
  testMatch: ['**/test/ping.test.cjs'],
  setupFilesAfterEnv: ['msw-bits/jest'],
}
