// The Vite example app in Chromium: real files through the service worker, every shipped fault
// plan as the client saw it, fetch and XHR, same- and cross-origin, the journal and the oracle.
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BitsServer, JournalEntry } from '../../src/index.js'
import { payload, sha256Hex } from '../support/payloads.js'
import { type Chromium, EXAMPLE, launchChromium, type StaticSite, serve } from './chromium.js'

const SCREENSHOT = fileURLToPath(new URL('../../fixtures/payloads/screenshot.png', import.meta.url))
const CRASH_LOG = fileURLToPath(
  new URL('../../fixtures/payloads/crash-report.log', import.meta.url),
)

interface Outcome {
  status: string
  clientSha256: string
  serverSha256: string | null
  sessions: number
  seen: (number | 'network-error')[]
  violations: string[]
  error: string | null
}

/** What the example app puts on `window` for these tests (read inside the page). */
type ExampleWindow = { bitsExample: { bits: BitsServer; remoteBits: BitsServer } }

let browser: Chromium
let site: StaticSite
let page: Page

beforeAll(async () => {
  site = await serve(new URL('dist/', EXAMPLE))
  browser = await launchChromium()
  page = await browser.context.newPage()
  page.on('pageerror', (error) => console.error('page error:', error))
  await page.goto(`${site.origin}/`)
  await page.waitForFunction(() => 'bitsExample' in window)
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

/** Chooses the settings (which resets the server), uploads `file`, returns what the page showed. */
async function upload(
  file: string,
  settings: { plan?: string; transport?: string; origin?: string },
) {
  await page.selectOption('[data-testid=plan]', settings.plan ?? 'none')
  await page.selectOption('[data-testid=transport]', settings.transport ?? 'fetch')
  await page.selectOption('[data-testid=origin]', settings.origin ?? 'same')
  await page.setInputFiles('[data-testid=file]', file)
  await page.click('[data-testid=upload]')
  await page.waitForSelector('.uploader:is([data-status=done], [data-status=failed])')
  const outcome = JSON.parse((await page.textContent('[data-testid=result]')) ?? '{}') as Outcome
  const entries = await page.evaluate((origin) => {
    const example = (window as unknown as ExampleWindow).bitsExample
    return JSON.parse(
      JSON.stringify(example[origin === 'cross' ? 'remoteBits' : 'bits'].journal.entries),
    )
  }, settings.origin ?? 'same')
  const journal = entries as JournalEntry[]
  // What the client saw is what the journal says was answered, request for request.
  expect(outcome.seen).toEqual(journal.map((entry) => entry.status ?? 'network-error'))
  return { outcome, entries: journal }
}

const summary = (entries: JournalEntry[]) =>
  entries.map(
    (entry) =>
      `${entry.packet} ${entry.status ?? 'none'}${entry.fault ? ` ⚡${entry.fault.rule}` : ''}`,
  )

describe('a real file through the service worker', () => {
  const sha = sha256Hex(payload('screenshot.png'))

  for (const transport of ['fetch', 'xhr']) {
    for (const origin of ['same', 'cross']) {
      it(`uploads screenshot.png with ${transport}, ${origin}-origin, byte-exact`, async () => {
        const { outcome, entries } = await upload(SCREENSHOT, { transport, origin })
        expect(outcome).toMatchObject({
          status: 'done',
          clientSha256: sha,
          serverSha256: sha,
          sessions: 1,
          violations: [],
        })
        // 143,185 bytes in 32 KiB fragments: 5 Fragments, each acknowledged.
        expect(summary(entries)).toEqual([
          'Create-Session 200',
          ...Array(5).fill('Fragment 200'),
          'Close-Session 200',
        ])
        const host = origin === 'cross' ? 'https://bits.example.test' : site.origin
        expect(entries.every((entry) => entry.url === `${host}/uploads/screenshot.png`)).toBe(true)
        expect(entries.at(-2)?.receivedRange).toBe(143_185)
      })
    }
  }

  it('reads every BITS-* Ack header cross-origin through XHR (no CORS exposure needed)', async () => {
    const headers = await page.evaluate(async () => {
      const xhr = new XMLHttpRequest()
      xhr.open('BITS_POST', 'https://bits.example.test/uploads/h.bin')
      xhr.setRequestHeader('BITS-Packet-Type', 'Create-Session')
      xhr.setRequestHeader('BITS-Supported-Protocols', '{7df0354d-249b-430f-820d-3d2a9bef4931}')
      await new Promise((resolve) => {
        xhr.onloadend = resolve
        xhr.send()
      })
      return { status: xhr.status, all: xhr.getAllResponseHeaders() }
    })
    expect(headers.status).toBe(200)
    expect(headers.all).toMatch(/bits-session-id: \{[0-9A-F-]{36}\}/i)
    expect(headers.all).toMatch(/bits-protocol: \{7df0354d-249b-430f-820d-3d2a9bef4931\}/i)
  })

  it('fires no XHR upload progress, load or loadend through the service worker (a Limitation)', async () => {
    /** The upload's events of one XHR POST of 1 MB, and the request's own outcome. */
    const countEvents = (url: string) =>
      new Promise<{ upload: string[]; status: number; controlled: boolean }>((resolve) => {
        const upload = new Set<string>()
        const xhr = new XMLHttpRequest()
        xhr.open('POST', new URL(url, location.origin).href)
        for (const type of ['loadstart', 'progress', 'load', 'loadend'])
          xhr.upload.addEventListener(type, () => upload.add(type))
        xhr.onloadend = () =>
          resolve({
            upload: [...upload],
            status: xhr.status,
            controlled: !!navigator.serviceWorker.controller,
          })
        xhr.send(new Uint8Array(1_000_000))
      })
    // Answered by msw-bits (405: not BITS); the body went to the worker, never to the network.
    expect(await page.evaluate(countEvents, '/uploads/progress.bin')).toEqual({
      upload: ['loadstart'],
      status: 405,
      controlled: true,
    })
    // Passed through by MSW's worker to the network (no handler matches): the same. So it is
    // Chromium's service worker, not msw-bits and not MSW's handlers.
    expect(await page.evaluate(countEvents, '/not-mocked.bin')).toEqual({
      upload: ['loadstart'],
      status: 404,
      controlled: true,
    })

    // The control: another origin (another port) has no worker, and the same upload reports all.
    const other = await serve(new URL('dist/', EXAMPLE))
    const plain = await browser.context.newPage()
    try {
      await plain.goto(`${other.origin}/timeline.html`)
      expect(await plain.evaluate(countEvents, '/not-mocked.bin')).toEqual({
        upload: ['loadstart', 'progress', 'load', 'loadend'],
        status: 404,
        controlled: false,
      })
    } finally {
      await plain.close()
      await other.close()
    }
  })
})

describe("the Limitation's workaround", () => {
  it('fetch with a ReadableStream body: the worker pulls it chunk by chunk, a progress to show', async () => {
    const sent = await page.evaluate(async () => {
      const { bits } = (window as unknown as ExampleWindow).bitsExample
      bits.reset()
      const url = `${location.origin}/uploads/stream.bin`
      const created = await fetch(url, {
        method: 'BITS_POST',
        headers: {
          'BITS-Packet-Type': 'Create-Session',
          'BITS-Supported-Protocols': '{7df0354d-249b-430f-820d-3d2a9bef4931}',
        },
      })
      const chunk = 100_000
      let pulled = 0
      // What an uploader counts for its progress bar: the bytes handed over so far.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled === 10) return controller.close()
          pulled++
          controller.enqueue(new Uint8Array(chunk).fill(pulled))
        },
      })
      const ack = await fetch(url, {
        method: 'BITS_POST',
        headers: {
          'BITS-Packet-Type': 'Fragment',
          'BITS-Session-Id': created.headers.get('BITS-Session-Id')!,
          'Content-Range': `bytes 0-${10 * chunk - 1}/${10 * chunk}`,
        },
        body,
        duplex: 'half',
      } as RequestInit)
      return {
        status: ack.status,
        received: ack.headers.get('BITS-Received-Content-Range'),
        pulled,
      }
    })
    expect(sent).toEqual({ status: 200, received: '1000000', pulled: 10 })
  })
})

// fetch on the page's origin, and XHR to another origin: a lost Ack is then XHR's onerror.
describe.each([
  { transport: 'fetch', origin: 'same' },
  { transport: 'xhr', origin: 'cross' },
])('each shipped fault plan, as the client saw it ($transport, $origin-origin)', (settings) => {
  const sha = sha256Hex(payload('crash-report.log'))

  async function run(plan: string) {
    const result = await upload(CRASH_LOG, { plan, ...settings })
    expect(result.outcome).toMatchObject({
      status: 'done',
      clientSha256: sha,
      serverSha256: sha,
      violations: [],
    })
    return result
  }

  it('fragment-503-burst: the 2nd fragment is resent through three 503s', async () => {
    const { entries } = await run('fragment-503-burst')
    expect(summary(entries).slice(0, 6)).toEqual([
      'Create-Session 200',
      'Fragment 200',
      'Fragment 503 ⚡503 burst',
      'Fragment 503 ⚡503 burst',
      'Fragment 503 ⚡503 burst',
      'Fragment 200',
    ])
    expect(new Set(entries.slice(2, 6).map((entry) => entry.range?.first))).toEqual(
      new Set([32_768]),
    )
  })

  it('close-session-not-found: BG_E_SESSION_NOT_FOUND on Close-Session, then a new session from byte 0', async () => {
    const { outcome, entries } = await run('close-session-not-found')
    expect(outcome.sessions).toBe(2)
    const lost = entries.find((entry) => entry.fault !== null)!
    expect(lost).toMatchObject({ packet: 'Close-Session', status: 500, errorCode: 0x8020001f })
    expect(entries[lost.seq]).toMatchObject({ packet: 'Create-Session', status: 200 })
    expect(entries[lost.seq + 1]?.range?.first).toBe(0)
  })

  it('application-errors-context-7: 503 then 409 with context 0x7 on the last fragment, both resent', async () => {
    const { entries } = await run('application-errors-context-7')
    const faulted = entries.filter((entry) => entry.fault !== null)
    expect(faulted.map((entry) => [entry.status, entry.errorContext, entry.fault?.rule])).toEqual([
      [503, 7, 'app 503'],
      [409, 7, 'app 409'],
    ])
    expect(new Set(faulted.map((entry) => entry.range?.last))).toEqual(new Set([84_512]))
  })

  it('lost-ack-last-fragment: the client sees a network error and resends the last fragment', async () => {
    const { outcome, entries } = await run('lost-ack-last-fragment')
    expect(outcome.seen).toEqual([200, 200, 200, 'network-error', 200, 200])
    const lost = entries.find((entry) => entry.fault !== null)!
    expect(lost).toMatchObject({
      packet: 'Fragment',
      status: null,
      fault: { rule: 'lost ack', timing: 'after', serverStatus: 200 },
    })
    expect(entries[lost.seq]).toMatchObject({ packet: 'Fragment', range: lost.range, status: 200 })
  })

  it('server-restart: the 2nd fragment finds no session; the client starts over', async () => {
    const { outcome, entries } = await run('server-restart')
    expect(outcome.sessions).toBe(2)
    expect(entries[2]).toMatchObject({
      packet: 'Fragment',
      status: 500,
      errorCode: 0x8020001f,
      fault: { rule: 'restart' },
    })
    expect(entries[3]).toMatchObject({ packet: 'Create-Session', status: 200 })
  })
})

describe('the live timeline', () => {
  it('draws bars while the upload runs, then the verdict', async () => {
    await upload(SCREENSHOT, {}) // a clean page state
    await page.evaluate(() => {
      const { bits } = (window as unknown as ExampleWindow).bitsExample
      bits.reset()
      bits.faults.use({
        rules: [{ name: 'slow', packet: 'Fragment', times: 'always', delayMs: 150 }],
      })
    })
    await page.click('[data-testid=sample]')
    const seen = new Set<number>()
    // Bounded: 200 KB in 32 KiB fragments is 7 bars; stop when the upload is done.
    for (let i = 0; i < 200; i++) {
      const state = await page.evaluate(() => ({
        bars:
          document.querySelector('bits-timeline')?.shadowRoot?.querySelectorAll('.bar').length ?? 0,
        status: document.querySelector<HTMLElement>('.uploader')?.dataset.status,
      }))
      if (state.status === 'done') break
      seen.add(state.bars)
      await page.waitForTimeout(25)
    }
    expect(seen.size).toBeGreaterThanOrEqual(3)
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            document.querySelector('bits-timeline')?.shadowRoot?.querySelector('.verdict')
              ?.textContent,
        ),
      )
      .toBe('client rules: all followed')
    const bars = await page.evaluate(
      () =>
        document.querySelector('bits-timeline')!.shadowRoot!.querySelectorAll('.bar.kind-ok')
          .length,
    )
    expect(bars).toBe(7)
  })

  it("links the oracle's violations to the requests they name", async () => {
    await page.selectOption('[data-testid=plan]', 'none')
    await page.selectOption('[data-testid=origin]', 'same')
    // A broken client: gives up on Close-Session after one 503 (it must resend on 5xx).
    await page.evaluate(async () => {
      const { bits } = (window as unknown as ExampleWindow).bitsExample
      bits.reset()
      bits.faults.use({
        rules: [{ name: 'busy', packet: 'Close-Session', respond: { status: 503 } }],
      })
      const url = `${location.origin}/uploads/broken.bin`
      const post = (headers: Record<string, string>, body?: Uint8Array) =>
        fetch(url, { method: 'BITS_POST', headers, body: body as BodyInit | undefined })
      const created = await post({
        'BITS-Packet-Type': 'Create-Session',
        'BITS-Supported-Protocols': '{7df0354d-249b-430f-820d-3d2a9bef4931}',
      })
      const session = created.headers.get('BITS-Session-Id')!
      await post(
        {
          'BITS-Packet-Type': 'Fragment',
          'BITS-Session-Id': session,
          'Content-Range': 'bytes 0-9/10',
        },
        new Uint8Array(10),
      )
      await post({ 'BITS-Packet-Type': 'Close-Session', 'BITS-Session-Id': session })
    })
    const timeline = page.locator('bits-timeline')
    await expect
      .poll(() =>
        timeline.evaluate((view) => view.shadowRoot?.querySelector('.verdict')?.textContent),
      )
      .toBe('client rules: 1 broken')
    const violation = await timeline.evaluate((view) => {
      const item = view.shadowRoot!.querySelector('.violations li')!
      return {
        rule: item.querySelector('strong')?.textContent,
        links: [...item.querySelectorAll('a')].map((a) => a.textContent),
      }
    })
    expect(violation).toEqual({ rule: 'resend-close-after-5xx', links: ['#3'] })
    await timeline.locator('.violations a').click()
    const target = await timeline.evaluate(
      (view) => view.shadowRoot!.querySelector('.highlight')?.className,
    )
    expect(target).toBe('mark pill kind-server-error faulted violating highlight')
  })
})
