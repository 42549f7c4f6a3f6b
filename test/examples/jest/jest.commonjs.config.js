// Jest 30 config for the same example suite in jest's default CommonJS mode (no
// --experimental-vm-modules): SWC compiles the TypeScript to CommonJS, and `require` loads
// msw-bits' .cjs build. MSW 3 ships ESM only: with MSW 3, use jest.config.js (ESM) instead.
//   npx jest -c test/examples/jest/jest.commonjs.config.js
import esm from './jest.config.js'

const swc = (syntax) => [
  '@swc/jest',
  {
    jsc: { parser: { syntax, importAttributes: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
]

/** @type {import('jest').Config} */
export default {
  ...esm,
  extensionsToTreatAsEsm: [],
  transform: {
    '^.+\\.ts$': swc('typescript'),
    // MSW 2.12+ imports packages that ship ESM only (rettime, until-async,
    // @open-draft/deferred-promise, …); jest's CommonJS runtime cannot require them before Node
    // 24.9, so SWC compiles every JavaScript module to CommonJS (once: jest caches transforms).
    '^.+\\.m?js$': swc('ecmascript'),
  },
  transformIgnorePatterns: [],
}
