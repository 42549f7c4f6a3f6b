// A page on another site, in Debian's Chromium, against the loopback server (issue 17): it cannot
// reset the server, read uploads or reach it under a rebinding name; with `cors` it can upload.
// Chromium resolves evil.test and rebind.test to 127.0.0.1, so "another site" is a real one.
import { createServer, type Server } from 'node:http'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { uploadBits } from '../support/bits-client.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'
import { type Chromium, launchChromium } from './chromium.js'

const RULES = '--host-resolver-rules=MAP evil.test 127.0.0.1, MAP rebind.test 127.0.0.1'

let browser: Chromium
let site: Server
let siteOrigin: string
let srv: RunningBitsServer | undefined
let page: Page | undefined

beforeAll(async () => {
  browser = await launchChromium([RULES])
  // The other site: an empty page whose scripts the tests run.
  site = createServer((_request, response) => {
    response.setHeader('Content-Type', 'text/html')
    response.end('<!doctype html><title>another site</title>')
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  const address = site.address()
  siteOrigin = `http://evil.test:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(async () => {
  await browser?.close()
  site.closeAllConnections()
  await new Promise((resolve) => site.close(resolve))
})
afterEach(async () => {
  await page?.close()
  await srv?.close()
})

async function openSite(): Promise<Page> {
  page = await browser.context.newPage()
  await page.goto(`${siteOrigin}/`)
  return page
}

describe('a page on another site', () => {
  it('cannot reset the server, add a rule or read /__bits/uploads', async () => {
    srv = await startBitsServer({ port: 0 })
    await uploadBits({ url: `${srv.url}/kept.bin`, data: generateBytes(1000) })
    const attacker = await openSite()
    const outcome = await attacker.evaluate(async (control) => {
      await fetch(`${control}/reset`, { method: 'POST', mode: 'no-cors' })
      await fetch(`${control}/faults/rules`, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ packet: 'Ping', respond: { status: 500 } }),
      })
      try {
        return await (await fetch(`${control}/uploads`)).text()
      } catch (error) {
        return `refused: ${(error as Error).name}`
      }
    }, srv.controlUrl)
    expect(outcome).toBe('refused: TypeError')
    expect(srv.bits.uploads.list().map((upload) => upload.name)).toEqual(['kept.bin'])
    expect(srv.bits.faults.plan.rules).toEqual([])
    const refused = srv.bits.journal.entries.length
    expect(refused).toBe(3) // the upload's three packets; the page's requests never reached the engine
  })

  it('cannot read the server under a rebinding name', async () => {
    srv = await startBitsServer({ port: 0 })
    await uploadBits({ url: `${srv.url}/secret.bin`, data: generateBytes(1000) })
    page = await browser.context.newPage()
    const response = await page.goto(`http://rebind.test:${srv.port}/__bits/uploads/secret.bin`)
    expect(response?.status()).toBe(403)
    expect(await page.textContent('body')).toContain('allowedHosts')
  })

  it('can upload when the server names its origin in cors, and cannot without', async () => {
    const data = generateBytes(100_000, 5)
    for (const cors of [undefined, { origins: [siteOrigin] }]) {
      srv = await startBitsServer({ port: 0, ...(cors ? { cors } : {}) })
      const app = await openSite()
      const result = await app.evaluate(uploadFromPage, {
        url: `${srv.url}/from-page.bin`,
        bytes: [...data],
        guid: BITS_PROTOCOL_GUID,
      })
      if (cors) {
        expect(result).toBe('200')
        expect(srv.bits.uploads.get('from-page.bin')?.sha256).toBe(sha256Hex(data))
      } else {
        expect(result).toBe('refused: TypeError')
        expect(srv.bits.uploads.list()).toEqual([])
      }
      await app.close()
      await srv.close()
      page = undefined
      srv = undefined
    }
  })
})

/** In the page: Create-Session, two Fragments, Close-Session by `fetch`; the Close's status. */
async function uploadFromPage(input: { url: string; bytes: number[]; guid: string }) {
  const body = new Uint8Array(input.bytes)
  const post = (type: string, headers: Record<string, string>, chunk?: Uint8Array<ArrayBuffer>) =>
    fetch(input.url, {
      method: 'BITS_POST',
      headers: { 'BITS-Packet-Type': type, ...headers },
      body: chunk,
    })
  try {
    const created = await post('Create-Session', { 'BITS-Supported-Protocols': input.guid })
    const session = created.headers.get('BITS-Session-Id') ?? 'not exposed'
    const half = body.byteLength >> 1
    for (const [from, to] of [
      [0, half],
      [half, body.byteLength],
    ] as const) {
      const range = `bytes ${from}-${to - 1}/${body.byteLength}`
      await post(
        'Fragment',
        { 'BITS-Session-Id': session, 'Content-Range': range },
        body.slice(from, to),
      )
    }
    return String((await post('Close-Session', { 'BITS-Session-Id': session })).status)
  } catch (error) {
    return `refused: ${(error as Error).name}`
  }
}
