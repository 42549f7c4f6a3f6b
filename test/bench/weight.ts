// What msw-bits adds to a browser bundle over MSW: two minified ESM bundles built by esbuild for
// the browser (MSW's setupWorker alone; the same plus createBitsServer and its handlers), and each
// package's share of the difference from esbuild's metafile (from the same bundle made from src/,
// since dist/ carries the small dependencies inside it). Run after `npm run build` (it bundles
// dist/, as a user's bundler would). `BENCH_WEIGHT_MAX_KB` (default 100, DESIGN's target)
// is the most msw-bits may add: above it the script exits 1 (CI runs it with a ratchet, .ci/run).
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'

const ROOT = new URL('../../', import.meta.url).pathname
const TARGET_KB = Number(process.env.BENCH_WEIGHT_MAX_KB ?? 100)

const MSW_ONLY = `import { setupWorker } from 'msw/browser'
import { http, HttpResponse } from 'msw'
setupWorker(http.all('*', () => HttpResponse.text('')))`

const importing = (from: string) => `import { setupWorker } from 'msw/browser'
import { http, HttpResponse } from 'msw'
import { createBitsServer } from '${from}'
const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
setupWorker(...bits.handlers, http.all('*', () => HttpResponse.text('')))`

interface Bundle {
  bytes: number
  gzip: number
  byPackage: Map<string, number>
}

async function bundle(contents: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'error',
  })
  const code = result.outputFiles[0]!.contents
  return {
    bytes: code.byteLength,
    gzip: gzipSync(code).byteLength,
    byPackage: shares(result.metafile),
  }
}

/** Bytes in the output per package (`msw-bits` for this package's dist/). */
function shares(metafile: Metafile): Map<string, number> {
  const byPackage = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(path)
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput)
    }
  }
  return byPackage
}

function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
  return match?.[1] ?? 'msw-bits'
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1)

const base = await bundle(MSW_ONLY)
// The judged bundle is made from dist/, as a user's bundler gets it. dist/ carries the core's small
// dependencies inside it (tsup noExternal), so the shares come from the same bundle made from src/.
const withBits = await bundle(importing('msw-bits'))
const fromSource = await bundle(importing('./src/index.ts'))
const added = withBits.bytes - base.bytes
console.log('| bundle (minified, browser) | bytes | gzip |')
console.log('| --- | ---: | ---: |')
console.log(`| MSW alone (setupWorker) | ${kb(base.bytes)} kB | ${kb(base.gzip)} kB |`)
console.log(`| MSW + msw-bits | ${kb(withBits.bytes)} kB | ${kb(withBits.gzip)} kB |`)
console.log(
  `| **added by msw-bits** | **${kb(added)} kB** | **${kb(withBits.gzip - base.gzip)} kB** |`,
)
console.log('\n| package (bundled from src/) | adds (minified) |\n| --- | ---: |')
const rows = [...fromSource.byPackage]
  .map(([name, bytes]) => [name, bytes - (base.byPackage.get(name) ?? 0)] as const)
  .filter(([, bytes]) => bytes >= 50)
  .sort((a, b) => b[1] - a[1])
for (const [name, bytes] of rows) console.log(`| ${name} | ${kb(bytes)} kB |`)
console.log(`\ntarget: at most ${TARGET_KB} kB minified added over MSW`)
if (added > TARGET_KB * 1000) {
  console.error(`weight: msw-bits adds ${kb(added)} kB, over the ${TARGET_KB} kB target`)
  process.exitCode = 1
}
