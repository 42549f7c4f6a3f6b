// The loopback server's dashboard at GET /__bits/, opened in Debian's Chromium while a Node client
// uploads: what the page shows must be what the control API says. The seeded run's picture is the
// README's (UPDATE_SCREENSHOTS=1 rewrites it after a deliberate change).
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { formatSummary } from '../../src/node/cli/summary.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { uploadBits } from '../support/bits-client.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'
import { axeViolations } from './axe.js'
import { type Chromium, launchChromium } from './chromium.js'
import { expectMatchesPicture } from './picture.js'

const PICTURE = new URL('../../docs/dashboard.png', import.meta.url)
const SIZE = 200_000
const CSP = "default-src 'self'; frame-ancestors 'none'"
const FRAGMENT = 64 * 1024

let browser: Chromium
let srv: RunningBitsServer
let page: Page

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

beforeEach(async () => {
  srv = await startBitsServer({ port: 0, seed: 7 })
  page = await browser.context.newPage()
  await page.goto(`${srv.controlUrl}/`)
  await page.waitForSelector('body[data-ready=true]')
})
afterEach(async () => {
  await page.close()
  await srv.close()
})

/** A `fetch` that holds the client before it sends the Fragment starting at `offset`. */
function gatedFetch(offset: number) {
  let release = () => {}
  let reached = () => {}
  const opened = new Promise<void>((resolve) => {
    release = resolve
  })
  const held = new Promise<void>((resolve) => {
    reached = resolve
  })
  const gated: typeof fetch = async (input, init) => {
    const range = new Headers(init?.headers).get('Content-Range')
    if (range?.startsWith(`bytes ${offset}-`)) {
      reached()
      await opened
    }
    return fetch(input, init)
  }
  return { fetch: gated, held, release }
}

/** Waits until the page has drawn at least `count` journal entries. */
async function drawn(count: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.body.dataset.requests) >= n, count)
}

async function usePlan(file: string): Promise<void> {
  await page.click(`button[data-use="${file}"]`)
  await page.waitForSelector(`#plan-message[data-kind=ok]`)
}

const control = async <T>(route: string): Promise<T> =>
  (await fetch(`${srv.controlUrl}${route}`)).json() as Promise<T>

describe('the dashboard at GET /__bits/', () => {
  it('shows a live upload from a Node client: its progress bar, its bars and the faults that fired', async () => {
    await usePlan('fragment-503-burst.json')
    const data = generateBytes(SIZE, 1)
    const gate = gatedFetch(2 * FRAGMENT)
    const upload = uploadBits({
      url: `${srv.url}/live.bin`,
      data,
      fragmentSize: FRAGMENT,
      retryDelayMs: 1,
      fetch: gate.fetch,
    })
    await gate.held
    // Create-Session, the first fragment, three 503s, the second fragment again.
    await drawn(6)
    const live = await page.evaluate(() => {
      const row = document.querySelector<HTMLElement>('#sessions .session-row')!
      const bar = row.querySelector('progress')!
      const view = document.querySelector('bits-timeline')!.shadowRoot!
      return {
        session: row.dataset.session,
        value: bar.value,
        max: bar.max,
        bars: view.querySelectorAll('.bar').length,
        faultedBars: view.querySelectorAll('.bar.faulted').length,
        fired: [...document.querySelectorAll('#faults-fired .fault-row')].map((li) =>
          li.textContent?.trim(),
        ),
      }
    })
    const [session] = await control<{ id: string }[]>('/sessions')
    const { entries } = await control<{ entries: { seq: number; fault: unknown }[] }>('/journal')
    const faulted = entries.filter((entry) => entry.fault !== null).map((entry) => entry.seq)
    expect(faulted).toHaveLength(3)
    expect(live).toEqual({
      session: session!.id,
      value: 2 * FRAGMENT,
      max: SIZE,
      bars: 5,
      faultedBars: 3,
      fired: faulted.map((seq) => `⚡ #${seq} Fragment — 503 burst: respond 503`),
    })

    gate.release()
    await upload
    await page.waitForSelector('#uploads-count:has-text("1 upload(s) completed")')
    await page.waitForSelector('#sessions .empty')
    expect(await page.textContent('#violations')).toBe('every client rule followed')
    const [stored] = await control<{ sha256: string }[]>('/uploads')
    expect(stored!.sha256).toBe(sha256Hex(data))
  })

  it('picking a plan changes what the next upload gets', async () => {
    await usePlan('fragment-413.json')
    expect(await page.textContent('#plan-name')).toBe('413 then smaller fragments')
    expect((await control<{ name: string }>('/faults')).name).toBe('413 then smaller fragments')
    await uploadBits({
      url: `${srv.url}/next.bin`,
      data: generateBytes(SIZE, 2),
      fragmentSize: FRAGMENT,
    })
    await drawn(3)
    await page.waitForSelector('#faults-fired .fault-row')
    expect(await page.textContent('#faults-fired')).toContain('too large: respond 413')
    const { entries } = await control<{ entries: { status: number | null }[] }>('/journal')
    expect(entries.map((entry) => entry.status)).toContain(413)

    await usePlan('server-restart.json')
    await uploadBits({
      url: `${srv.url}/after.bin`,
      data: generateBytes(SIZE, 3),
      fragmentSize: FRAGMENT,
    })
    await page.waitForSelector('#faults-fired .fault-row:has-text("restart")')
  })

  it('shows each rule as the CLI summary does: acted 13 of 100, never fired, retired', async () => {
    const plan = {
      name: 'states',
      rules: [
        { name: 'one 503', packet: 'Fragment', after: 2, times: 1, respond: { status: 503 } },
        { name: 'slow', packet: 'Fragment', times: 100, delayMs: 1 },
        { name: 'never', packet: 'Cancel-Session', respond: { status: 500 } },
        { name: 'late create', packet: 'Create-Session', times: 'always', delayMs: 1 },
      ],
    }
    await fetch(`${srv.controlUrl}/faults`, { method: 'PUT', body: JSON.stringify(plan) })
    // A plan put in force by a script (or --plan): the editor opens on it, not on no rules.
    await page.reload()
    await page.waitForSelector('body[data-ready=true]')
    expect(JSON.parse(await page.inputValue('#plan-editor'))).toEqual(plan)
    // 13 fragments of 4 KiB, the 3rd answered 503 once and resent: 'slow' acts on the other 13.
    await uploadBits({
      url: `${srv.url}/states.bin`,
      data: generateBytes(13 * 4096, 8),
      fragmentSize: 4096,
      retryDelayMs: 1,
    })
    await drawn(16)
    await page.waitForSelector('.rule-row[data-state=acting]:has-text("slow")')
    const rows = (await page.locator('#rules .rule-row').allTextContents()).map((row) =>
      row.replace(/\s+/g, ' ').trim(),
    )
    expect(rows).toEqual([
      'one 503 · retired · acted 1 of 1',
      'slow · acting · acted 13 of 100',
      'never · never fired · acted 0 of 1',
      'late create · acting · always',
    ])
    // The same words as the CLI's summary at shutdown, from the same counts.
    const summary = formatSummary({
      uploads: [],
      pending: srv.bits.faults.pending(),
      violations: [],
    })
    expect(summary).toContain('slow: acted 13 of 100 (saw 14)')
    expect(summary).toContain('never: acted 0 of 1 (saw 0)')
  })

  it('Apply asks before replacing the plan in force with a plan of no rules', async () => {
    await usePlan('fragment-503-burst.json')
    const asked: string[] = []
    const answers = [false, true]
    page.on('dialog', (dialog) => {
      asked.push(dialog.message())
      void (answers.shift() ? dialog.accept() : dialog.dismiss())
    })
    await page.fill('#plan-editor', '{ "rules": [] }')
    await page.click('#apply-plan')
    await page.waitForSelector('#plan-message:has-text("Nothing applied")')
    expect((await control<{ rules: unknown[] }>('/faults')).rules).toHaveLength(1)
    await page.click('#apply-plan')
    await page.waitForSelector('#rules .empty')
    expect((await control<{ rules: unknown[] }>('/faults')).rules).toEqual([])
    expect(asked).toEqual([
      'Replace "fragment 503 burst" (1 rule(s)) with a plan of no rules? Every packet will then be answered as IIS would.',
      'Replace "fragment 503 burst" (1 rule(s)) with a plan of no rules? Every packet will then be answered as IIS would.',
    ])
    // With no rule in force there is nothing to lose: no question.
    await page.click('#apply-plan')
    await page.waitForSelector('#plan-message[data-kind=ok]:has-text("0 rule(s)")')
    expect(asked).toHaveLength(2)
  })

  it('the plan editor refuses a bad plan naming the field, and keeps the plan in force', async () => {
    await usePlan('fragment-503-burst.json')
    await page.fill('#plan-editor', '{ "rules": [ { "packet": "Fragment", ')
    expect(await page.textContent('#plan-message')).toMatch(/^Not JSON/)
    await page.fill(
      '#plan-editor',
      JSON.stringify({ rules: [{ packet: 'Fragment', times: -2, respond: { status: 503 } }] }),
    )
    await page.click('#apply-plan')
    await page.waitForSelector('#plan-message[data-kind=error]:has-text("rules[0].times")')
    expect(await page.getAttribute('#plan-editor', 'aria-invalid')).toBe('true')
    expect((await control<{ name: string }>('/faults')).name).toBe('fragment 503 burst')

    await page.fill(
      '#plan-editor',
      JSON.stringify({ name: 'typed', rules: [{ packet: 'Ping', respond: { status: 500 } }] }),
    )
    await page.click('#apply-plan')
    await page.waitForSelector('#plan-name:has-text("typed")')
    expect((await control<{ rules: unknown[] }>('/faults')).rules).toHaveLength(1)
    await page.click('#clear-plan')
    await page.waitForSelector('#rules .empty')
  })

  it("draws everything under Content-Security-Policy default-src 'self'", async () => {
    await uploadBits({
      url: `${srv.url}/csp.bin`,
      data: generateBytes(SIZE, 7),
      fragmentSize: FRAGMENT,
    })
    const strict = await browser.context.newPage()
    await strict.addInitScript(() => {
      const refused: string[] = []
      Object.assign(window, { refused })
      document.addEventListener('securitypolicyviolation', (event) =>
        refused.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
      )
    })
    // The policy is the server's own: the page is drawn under the header it really sends.
    const response = await strict.goto(`${srv.controlUrl}/`)
    expect(response?.headers()['content-security-policy']).toBe(CSP)
    await strict.waitForSelector('body[data-ready=true]')
    await strict.waitForFunction(() => Number(document.body.dataset.requests) >= 6)
    const drawn = await strict.evaluate(() => {
      const view = document.querySelector('bits-timeline')!.shadowRoot!
      const column = view.querySelector<HTMLElement>('.column.bytes')!
      return {
        refused: (window as unknown as { refused: string[] }).refused,
        panel: getComputedStyle(document.querySelector('section.panel')!).borderRadius,
        // The timeline's adopted stylesheet applies, and each column's share set through CSSOM.
        column: [getComputedStyle(column).flexDirection, column.style.getPropertyValue('--share')],
      }
    })
    await strict.close()
    expect(drawn).toEqual({ refused: [], panel: '6px', column: ['column', '1.0000'] })
    // The icon is served with the page: no request for /favicon.ico reaches the journal.
    const { entries } = await control<{ entries: { url: string }[] }>('/journal')
    expect(entries.filter((entry) => !entry.url.includes('/csp.bin'))).toEqual([])
  })

  it('has no axe-core violation: empty, upload in flight, done with faults, editor error', async () => {
    const found: Record<string, string[]> = {}
    found.empty = await axeViolations(page)

    await usePlan('fragment-503-burst.json')
    const gate = gatedFetch(2 * FRAGMENT)
    const upload = uploadBits({
      url: `${srv.url}/axe.bin`,
      data: generateBytes(SIZE, 9),
      fragmentSize: FRAGMENT,
      retryDelayMs: 1,
      fetch: gate.fetch,
    })
    await gate.held
    await drawn(6)
    found.inFlight = await axeViolations(page)

    gate.release()
    await upload
    await page.waitForSelector('#uploads-count:has-text("1 upload(s) completed")')
    found.doneWithFaults = await axeViolations(page)

    await page.fill('#plan-editor', '{ "rules": [ ')
    await page.waitForSelector('#plan-message[data-kind=error]')
    found.editorError = await axeViolations(page)
    expect(found).toEqual({ empty: [], inFlight: [], doneWithFaults: [], editorError: [] })
  })

  it('a violation link moves the focus to the request it names, details shown', async () => {
    // A client that sends Close-Session before its last byte: the oracle names both requests.
    const packet = (type: string, headers: Record<string, string> = {}, body?: BodyInit) =>
      fetch(`${srv.url}/early.bin`, {
        method: 'BITS_POST',
        headers: { 'BITS-Packet-Type': type, ...headers },
        body,
      })
    const created = await packet('Create-Session', {
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
    })
    const session = { 'BITS-Session-Id': created.headers.get('BITS-Session-Id')! }
    await packet('Fragment', { ...session, 'Content-Range': 'bytes 0-9/20' }, new Uint8Array(10))
    await packet('Close-Session', session)
    await drawn(3)
    const link = page.locator('bits-timeline .violations a').first()
    await link.waitFor()
    const target = (await link.getAttribute('href'))!.slice(1)
    await link.click()
    const focused = await page.locator('bits-timeline').evaluate((view) => {
      const active = view.shadowRoot!.activeElement as HTMLElement | null
      const tip = active?.nextElementSibling
      return { id: active?.id, tip: tip ? getComputedStyle(tip).display : null }
    })
    expect(focused).toEqual({ id: target, tip: 'block' })
  })

  it('reset empties what the page shows', async () => {
    await uploadBits({ url: `${srv.url}/gone.bin`, data: generateBytes(10_000, 4) })
    await drawn(3)
    await page.click('#reset')
    await page.waitForFunction(() => document.body.dataset.requests === '0')
    expect(await control<unknown[]>('/uploads')).toEqual([])
    expect(await page.textContent('#uploads-count')).toBe('0 upload(s) completed')
  })

  it('draws a seeded run as the committed picture shows', async () => {
    await usePlan('fragment-503-burst.json')
    await uploadBits({
      url: `${srv.url}/crash.dmp`,
      data: generateBytes(SIZE, 5),
      fragmentSize: FRAGMENT,
      retryDelayMs: 1,
    })
    const gate = gatedFetch(FRAGMENT)
    const upload = uploadBits({
      url: `${srv.url}/logs.zip`,
      data: generateBytes(SIZE, 6),
      fragmentSize: FRAGMENT,
      fetch: gate.fetch,
    })
    await gate.held
    await drawn(11)
    await page.waitForSelector('#sessions .session-row')
    await page.evaluate(
      () => document.activeElement instanceof HTMLElement && document.activeElement.blur(),
    )
    const shot = await page.screenshot({
      fullPage: true,
      animations: 'disabled',
      mask: [page.locator('[data-varies]')],
      maskColor: '#d8dce2',
    })
    gate.release()
    await upload
    await expectMatchesPicture(shot, PICTURE)
  })
})
