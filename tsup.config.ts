import { rmSync } from 'node:fs'
import { defineConfig } from 'tsup'
import { CLI_SOURCE, outputName, PACKAGE_ENTRIES } from './package-entries.js'

const entry = Object.fromEntries(
  Object.values(PACKAGE_ENTRIES).map(({ source }) => [outputName(source), source]),
)

// The package is "type": "module": ESM files are .js, CommonJS ones .cjs, types .d.ts / .d.cts.
// Dependencies stay external (tsup's default for dependencies and peerDependencies), so users'
// bundlers dedupe msw, zod and faker with their own copies.
const library = {
  entry,
  target: 'node20',
  platform: 'node',
  dts: true,
  // CommonJS too: shared chunks keep one copy of each module's state per format.
  splitting: true,
  outDir: 'dist',
} as const

export default defineConfig(() => {
  // tsup builds the configs below at once, so neither may clean dist/: it is emptied here, first.
  rmSync('dist', { recursive: true, force: true })
  return [
    // ESM maps name ../src/**, which the package ships ("files"), rather than holding copies.
    {
      ...library,
      format: 'esm',
      sourcemap: true,
      esbuildOptions: (options) => {
        options.sourcesContent = false
      },
    },
    // tsup's CommonJS chunks get maps that name the build's own absolute path: none for CommonJS.
    // @noble/hashes ships ESM only, which jest's CommonJS runtime cannot require: bundled in.
    { ...library, format: 'cjs', sourcemap: false, noExternal: ['@noble/hashes'] },
    {
      entry: { [outputName(CLI_SOURCE)]: CLI_SOURCE },
      format: 'esm',
      target: 'node20',
      platform: 'node',
      sourcemap: true,
      outDir: 'dist',
    },
  ]
})
