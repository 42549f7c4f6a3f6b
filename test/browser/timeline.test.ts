// The timeline of known, seeded journals drawn by Chromium: the README's run (every kind of answer)
// and runs of 20 and 1,000 fragments of 4 KiB with the same four faults. Each is compared with its
// committed picture (UPDATE_SCREENSHOTS=1 rewrites them after a deliberate change), read by
// axe-core, and walked with the keyboard.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations } from './axe.js'
import { type Chromium, EXAMPLE, launchChromium, type StaticSite, serve } from './chromium.js'
import { expectMatchesPicture } from './picture.js'

let browser: Chromium
let site: StaticSite

beforeAll(async () => {
  site = await serve(new URL('dist/', EXAMPLE))
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

async function open(path: string): Promise<Page> {
  const page = await browser.context.newPage()
  await page.goto(`${site.origin}${path}`)
  await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 })
  return page
}

/** Every request a fault acted on: its label, and whether all of it is drawn. */
function faultedMarks(page: Page) {
  return page.locator('#timeline').evaluate((view) =>
    [...view.shadowRoot!.querySelectorAll<HTMLElement>('.mark.faulted')].map((mark) => ({
      label: mark.textContent,
      whole: mark.scrollWidth <= mark.clientWidth && mark.getBoundingClientRect().width > 0,
    })),
  )
}

describe('the timeline of a seeded journal', () => {
  it('draws every kind of answer as the committed picture shows, axe-clean', async () => {
    const page = await open('/timeline.html')
    const structure = await page.locator('#timeline').evaluate((view) => {
      const root = view.shadowRoot!
      return {
        seed: root.querySelector('.bits-timeline')?.getAttribute('data-seed'),
        sessions: [...root.querySelectorAll('.session')].map((session) => session.className),
        kinds: [
          ...new Set(
            [...root.querySelectorAll('.session .mark')].flatMap((mark) =>
              [...mark.classList].filter((name) => name.startsWith('kind-')),
            ),
          ),
        ].sort(),
      }
    })
    expect(structure).toEqual({
      seed: '7',
      sessions: ['session state-lost', 'session state-closed'],
      kinds: [
        'kind-application',
        'kind-client-error',
        'kind-hang',
        'kind-network-error',
        'kind-ok',
        'kind-resync',
        'kind-server-error',
      ],
    })
    const marks = await faultedMarks(page)
    expect(marks.filter((mark) => !mark.whole)).toEqual([])
    expect(marks.map((mark) => mark.label)).toContain('#14 200 ⚡short write')
    expect(await axeViolations(page)).toEqual([])
    await expectMatchesPicture(
      await page.locator('#timeline').screenshot({ animations: 'disabled' }),
      new URL('../../docs/timeline.png', import.meta.url),
    )
    await page.close()
  })

  for (const fragments of [20, 1000]) {
    it(`${fragments} fragments of 4 KiB: every fault and its retries drawn whole, no hovering`, async () => {
      const page = await open(`/timeline-scale.html?fragments=${fragments}`)
      const marks = await faultedMarks(page)
      expect(marks.map((mark) => mark.label?.replace(/#\d+ /, ''))).toEqual([
        '503 ⚡503 burst',
        '503 ⚡503 burst',
        '503 ⚡503 burst',
        'net ⚡lost ack',
        '200 ⚡short write',
        '503 ⚡app busy',
      ])
      expect(marks.every((mark) => mark.whole)).toBe(true)
      // The retry that followed each fault sits right under it, in the same column.
      const retries = await page
        .locator('#timeline')
        .evaluate((view) =>
          [...view.shadowRoot!.querySelectorAll('.column')]
            .filter((column) => column.querySelector('.faulted'))
            .map((column) => column.querySelector('.cell:last-child .mark')?.className),
        )
      expect(retries).toEqual(Array(4).fill('mark bar kind-ok'))
      expect(await axeViolations(page)).toEqual([])
      await expectMatchesPicture(
        await page.locator('#timeline').screenshot({ animations: 'disabled' }),
        new URL(`../../docs/timeline-${fragments}-fragments.png`, import.meta.url),
      )
      await page.close()
    })
  }

  it('reaches every request by keyboard and shows its details on focus', async () => {
    const page = await open('/timeline-scale.html?fragments=1000')
    const buttons = await page
      .locator('#timeline')
      .evaluate((view) => view.shadowRoot!.querySelectorAll('button.mark').length)
    const seen: (string | null)[] = []
    for (let press = 0; press < buttons; press++) {
      await page.keyboard.press('Tab')
      seen.push(
        await page.locator('#timeline').evaluate((view) => {
          const focused = view.shadowRoot!.activeElement
          const tip = focused?.nextElementSibling
          return focused && tip && getComputedStyle(tip).display === 'block'
            ? `${focused.textContent} | ${tip.textContent}`
            : null
        }),
      )
    }
    expect(seen).not.toContain(null)
    expect(seen).toHaveLength(buttons)
    expect(seen).toContain(
      '#3 503 ⚡503 burst | #3 Fragment bytes 4096-8191/4096000 → 503\n⚡ fault 503 burst: respond 503',
    )
    expect(seen.find((text) => text?.startsWith('#7–#504'))).toBe(
      '#7–#504 200 ×498 | #7–#504: 498 fragments, bytes 8192-2047999/4096000, each answered 200 at the first try',
    )
    await page.close()
  })
})
