/**
 * The package's public subpaths, each built as ESM (`.js`) and CommonJS (`.cjs`) with types for
 * both. Adding a subpath is one line here: `npm run build` writes package.json's `exports` and
 * `sideEffects` from this table (scripts/sync-exports.ts), and `npm run lint` fails when they differ.
 */
export interface PackageEntry {
  /** The source module, under src/. Its path without `src/` and `.ts` is its path under dist/. */
  readonly source: string
  /** Node only (node:net, node:fs): `"browser": null` tells bundlers not to pack it. */
  readonly nodeOnly?: boolean
  /** Imported for its side effect (registering matchers): bundlers must keep it. */
  readonly sideEffects?: boolean
}

export const PACKAGE_ENTRIES: Readonly<Record<string, PackageEntry>> = {
  '.': { source: 'src/index.ts' },
  './vitest': { source: 'src/matchers/vitest.ts', sideEffects: true },
  './jest': { source: 'src/matchers/jest.ts', sideEffects: true },
  './node': { source: 'src/node/index.ts', nodeOnly: true },
  './timeline': { source: 'src/timeline/index.ts' },
}

/**
 * Files the loopback server serves to browsers as they are (the dashboard page's script, its
 * stylesheet and icon): ESM only, everything they import bundled in, at their source's path under dist/.
 */
export const BROWSER_ASSETS: readonly string[] = [
  'src/node/dashboard/browser/dashboard.ts',
  'src/node/dashboard/browser/style.css',
  'src/node/dashboard/browser/icon.svg',
]

/** The command line (`bin`): ESM only, no types. */
export const CLI_SOURCE = 'src/node/cli/main.ts'

/** `src/matchers/vitest.ts` → `matchers/vitest`: the output name under dist/, extension aside. */
export const outputName = (source: string): string =>
  source.replace(/^src\//, '').replace(/\.(ts|css|svg)$/, '')

/** Files exported as they are (JSON plans and their schema), after the built entries. */
export const FILE_EXPORTS: Readonly<Record<string, string>> = {
  './fixtures/plans/*.json': './fixtures/plans/*.json',
  './fault-plan.schema.json': './fixtures/fault-plan.schema.json',
  './package.json': './package.json',
}
