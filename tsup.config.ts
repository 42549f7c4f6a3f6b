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

// The package is "type": "module": ESM files are .js, CommonJS ones .cjs, types .d.ts / .d.cts.
// Dependencies stay external (tsup's default for dependencies and peerDependencies), so users'
// bundlers dedupe msw and the rest with their own copies; zod is the exception (below).
const library: Options = {
  entry: namedByOutput(Object.values(PACKAGE_ENTRIES).map(({ source }) => source)),
  target: 'node20',
  platform: 'node',
  dts: true,
  // CommonJS too: shared chunks keep one copy of each module's state per format.
  splitting: true,
  // zod bundled and tree-shaken: Node, which never tree-shakes, would otherwise load all of zod's
  // core and its 50 locales on every import (about 35 ms; issue 19), for a few schemas.
  noExternal: ['zod'],
  outDir: 'dist',
}

export default defineConfig(() => {
  // tsup builds the configs below at once, so neither may clean dist/: it is emptied here, first.
  rmSync('dist', { recursive: true, force: true })
  return [
    { ...library, format: 'esm', ...mapsWithoutSources },
    // tsup's CommonJS chunks get maps that name the build's own absolute path: none for CommonJS.
    // @noble/hashes and uuid ship ESM only (uuid's Node build too), which jest's CommonJS runtime
    // cannot require: bundled in.
    // `shims` gives import.meta.url a CommonJS value (the dashboard finds the package's root).
    {
      ...library,
      format: 'cjs',
      sourcemap: false,
      shims: true,
      noExternal: ['zod', '@noble/hashes', 'uuid'],
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
      outDir: 'dist',
      ...mapsWithoutSources,
    },
  ]
})
