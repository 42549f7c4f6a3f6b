import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src')

/** Every source file reachable from `entry` by relative imports, with its bare imports. */
function graph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    const code = readFileSync(file, 'utf8')
    const specifiers = [
      ...code.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|(?<!typeof )import\('([^']+)'\)/g),
    ].map((match) => (match[1] ?? match[2])!)
    seen.set(
      file,
      specifiers.filter((specifier) => !specifier.startsWith('.')),
    )
    for (const specifier of specifiers.filter((s) => s.startsWith('.'))) {
      visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    }
  }
  visit(resolve(SRC, entry))
  return seen
}

describe('the Node-only subpath stays apart', () => {
  it('the root entry reaches no file under src/node and no node:* module', () => {
    for (const [file, bare] of graph('index.ts')) {
      expect(file, file).not.toContain('/src/node/')
      expect(
        bare.filter((specifier) => specifier.startsWith('node:')),
        file,
      ).toEqual([])
    }
  })

  it('msw-bits/node does not load msw (a CLI user may not have it)', () => {
    for (const [file, bare] of graph('node/index.ts')) expect(bare, file).not.toContain('msw')
  })
})
