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
// bundlers dedupe msw, zod and faker with their own copies.
const library: Options = {
  entry: namedByOutput(Object.values(PACKAGE_ENTRIES).map(({ source }) => source)),
  target: 'node20',
  platform: 'node',
  dts: true,
  // CommonJS too: shared chunks keep one copy of each module's state per format.
  splitting: true,
  // Only faker's SimpleFaker is used: bundled and tree-shaken, its locales never load.
  noExternal: ['@faker-js/faker'],
  outDir: 'dist',
}

export default defineConfig(() => {
  // tsup builds the configs below at once, so neither may clean dist/: it is emptied here, first.
  rmSync('dist', { recursive: true, force: true })
  return [
    { ...library, format: 'esm', ...mapsWithoutSources },
    // tsup's CommonJS chunks get maps that name the build's own absolute path: none for CommonJS.
    // @noble/hashes ships ESM only, which jest's CommonJS runtime cannot require: bundled in.
    // `shims` gives import.meta.url a CommonJS value (the dashboard finds the package's root).
    {
      ...library,
      format: 'cjs',
      sourcemap: false,
      shims: true,
      noExternal: ['@faker-js/faker', '@noble/hashes'],
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
