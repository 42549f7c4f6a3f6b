// What the dashboard page needs from the control API, read as a script would: the page itself,
// the fixture plans to pick from, and the built modules it imports (and nothing else from disk).
import { readdir, readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0 })
})
afterAll(() => srv.close())

const control = (route: string) => fetch(`${srv.controlUrl}${route}`)

describe('the dashboard routes under /__bits/', () => {
  it('GET / is the page, which loads its module from the control prefix', async () => {
    const page = await control('/')
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    const html = await page.text()
    const entry = /<script type="module" src="([^"]+)"/.exec(html)?.[1]
    expect(entry).toBe('/__bits/assets/node/dashboard/browser/dashboard.js')
    const module = await fetch(new URL(entry!, srv.controlUrl))
    expect(module.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8')
    // Served with no bundler in between: built with everything it imports, no bare specifier left.
    const code = await module.text()
    expect(code).toContain('customElements')
    expect(code).not.toMatch(/\bfrom\s*['"][^.'"]/)
  })

  it("GET / has no inline style or script, which CSP default-src 'self' refuses", async () => {
    const html = await (await control('/')).text()
    expect(html).not.toMatch(/<style|\sstyle=|<script(?![^>]*\ssrc=)|data:/)
    const linked = [...html.matchAll(/<link rel="(\w+)" href="([^"]+)"/g)]
    const types = await Promise.all(
      linked.map(async ([, rel, href]) => {
        const response = await fetch(new URL(href!, srv.controlUrl))
        return [rel, response.status, response.headers.get('Content-Type')]
      }),
    )
    expect(types).toEqual([
      ['icon', 200, 'image/svg+xml'],
      ['stylesheet', 200, 'text/css; charset=utf-8'],
    ])
  })

  it('GET /plans lists every fixture plan, ready for PUT /faults', async () => {
    const dir = new URL('../../fixtures/plans/', import.meta.url)
    const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort()
    const plans = (await (await control('/plans')).json()) as { file: string; plan: unknown }[]
    expect(plans.map((entry) => entry.file)).toEqual(files)
    const burst = plans.find((entry) => entry.file === 'fragment-503-burst.json')!
    expect(burst.plan).toEqual(JSON.parse(await readFile(new URL(burst.file, dir), 'utf8')))
    const put = await fetch(`${srv.controlUrl}/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(burst.plan),
    })
    expect(put.status).toBe(200)
  })

  it('serves built modules only: no source, no file outside dist/', async () => {
    expect((await control('/assets/timeline/index.js')).status).toBe(200)
    for (const path of [
      '/assets/timeline/index.d.ts',
      '/assets/../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fsrc%2findex.js',
      '/assets/nope.js',
      '/assets/%E0%A4%A.js',
    ]) {
      expect((await control(path)).status, path).toBe(404)
    }
  })
})
