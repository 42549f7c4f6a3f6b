// Jest 30 config for the example suite (an ESM project: "type": "module").
// Run from the repository root after `npm run build` (the test imports msw-bits by name → dist/):
//   NODE_OPTIONS=--experimental-vm-modules npx jest -c test/examples/jest/jest.config.js
/** @type {import('jest').Config} */
export default {
  rootDir: '../../..',
  roots: ['<rootDir>/test/examples/jest'],
  // msw/node needs Node's fetch, Request and Response: the node environment, not jsdom.
  testEnvironment: 'node',
  // TypeScript as native ESM, compiled by SWC (types are checked by tsc, not here).
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', importAttributes: true },
          target: 'es2022',
          // Keep `with { type: 'json' }`: SWC drops it otherwise, and jest warns on each JSON import.
          experimental: { keepImportAttributes: true },
        },
        module: { type: 'es6' },
      },
    ],
  },
  // NodeNext-style `./file.js` specifiers point at `./file.ts` sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Registers toFollowBitsClientRules & co. on jest's expect.
  setupFilesAfterEnv: ['msw-bits/jest'],
}
