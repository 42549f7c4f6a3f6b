import { rmSync } from 'node:fs'
import { defineConfig, type Options } from 'tsup'
import { BROWSER_ASSETS, CLI_SOURCE, outputName, PACKAGE_ENTRIES } from './package-entries.js'

const namedByOutput = (sources: readonly string[]) =>
  Object.fromEntries(sources.map((source) => [outputName(source), source]))

// ESM maps name ../src/**, which the package ships ("files"), rather than holding copies.
const mapsWithoutSources = {
  sourcemap: true,
  esbuildOptions: (options: { sourcesContent?: boolean }) => {
    options.sourcesContent = false
  },
} as const

/** The dependencies of the core that the build carries inside dist/ (see `noExternal`). */
const BUNDLED = [
  'zod',
  'uuid',
  '@noble/hashes',
  'zeptomatch',
  'grammex',
  'graphmatch',
  'brace-expansion',
  'balanced-match',
  'pure-rand',
  'fastest-levenshtein',
  'range-parser',
]

// The package is "type": "module": ESM files are .js, CommonJS ones .cjs, types .d.ts / .d.cts.
// Peer dependencies (msw) stay external, so users' bundlers dedupe them with their own copies;
// the small dependencies of the core are bundled (below).
const library: Options = {
  entry: namedByOutput(Object.values(PACKAGE_ENTRIES).map(({ source }) => source)),
  target: 'node20',
  platform: 'node',
  dts: true,
  // CommonJS too: shared chunks keep one copy of each module's state per format.
  splitting: true,
  // Bundled and tree-shaken: Node, which never tree-shakes, would otherwise load all of zod's core
  // and its 50 locales on every import (about 35 ms; issue 19), and every file of the others
  // (uuid's index alone pulls 18): each file costs Node a resolve, an open and a compile.
  // @noble/hashes and uuid ship ESM only (uuid's Node build too), which jest's CommonJS runtime
  // cannot require: bundled into the CommonJS build for that reason too.
  noExternal: BUNDLED,
  outDir: 'dist',
}

export default defineConfig(() => {
  // tsup builds the configs below at once, so neither may clean dist/: it is emptied here, first.
  rmSync('dist', { recursive: true, force: true })
  return [
    { ...library, format: 'esm', ...mapsWithoutSources },
    // tsup's CommonJS chunks get maps that name the build's own absolute path: none for CommonJS.
    // `shims` gives import.meta.url a CommonJS value (the dashboard finds the package's root).
    {
      ...library,
      format: 'cjs',
      sourcemap: false,
      shims: true,
    },
    {
      entry: namedByOutput(BROWSER_ASSETS),
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      noExternal: [/./],
      // The page's icon is copied as it is: a request for /favicon.ico would land in the journal.
      loader: { '.svg': 'copy' },
      outDir: 'dist',
      ...mapsWithoutSources,
    },
    {
      entry: namedByOutput([CLI_SOURCE]),
      format: 'esm',
      target: 'node20',
      platform: 'node',
      // The CLI, one file of the whole source, would otherwise load zod/mini's every module.
      noExternal: BUNDLED,
      outDir: 'dist',
      ...mapsWithoutSources,
    },
  ]
})
