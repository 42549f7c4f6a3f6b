// Writes package.json's `exports`, `main`, `types` and `sideEffects` from package-entries.ts, so
// that adding a subpath is one line there. `--check` (in `npm run lint`) fails instead of writing.
import { readFileSync, writeFileSync } from 'node:fs'
import { FILE_EXPORTS, outputName, PACKAGE_ENTRIES } from '../package-entries.js'

const PACKAGE_JSON = new URL('../package.json', import.meta.url)

const built = (source: string) => {
  const out = `./dist/${outputName(source)}`
  return {
    import: { types: `${out}.d.ts`, default: `${out}.js` },
    require: { types: `${out}.d.cts`, default: `${out}.cjs` },
  }
}

const exportsField = {
  ...Object.fromEntries(
    Object.entries(PACKAGE_ENTRIES).map(([subpath, entry]) => [
      subpath,
      // `browser` first: conditions are tried in order, and bundlers for the browser set it.
      entry.nodeOnly ? { browser: null, ...built(entry.source) } : built(entry.source),
    ]),
  ),
  ...FILE_EXPORTS,
}

const root = PACKAGE_ENTRIES['.']!
const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'))
const before = JSON.stringify(pkg, null, 2)
pkg.exports = exportsField
// For resolvers that predate `exports` (TypeScript's node10, old bundlers): the CommonJS build.
pkg.main = built(root.source).require.default
pkg.types = built(root.source).require.types
pkg.sideEffects = Object.values(PACKAGE_ENTRIES)
  .filter((entry) => entry.sideEffects)
  .flatMap(({ source }) => [built(source).import.default, built(source).require.default])
const after = JSON.stringify(pkg, null, 2)

if (after !== before) {
  if (process.argv.includes('--check')) {
    console.error('package.json exports differ from package-entries.ts: run `npm run build`.')
    process.exit(1)
  }
  writeFileSync(PACKAGE_JSON, `${after}\n`)
  console.log('package.json: exports written from package-entries.ts')
}
