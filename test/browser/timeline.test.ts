// The timeline of a known, seeded journal, drawn by Chromium, against the committed picture
// (which the README shows). UPDATE_SCREENSHOTS=1 rewrites the picture after a deliberate change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Chromium, EXAMPLE, launchChromium, type StaticSite, serve } from './chromium.js'
import { expectMatchesPicture } from './picture.js'

const PICTURE = new URL('../../docs/timeline.png', import.meta.url)

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

describe('the timeline of a seeded journal', () => {
  it('draws what the committed picture shows', async () => {
    const page = await browser.context.newPage()
    await page.goto(`${site.origin}/timeline.html`)
    await page.waitForSelector('body[data-ready=true]')
    const element = page.locator('#timeline')
    const structure = await element.evaluate((view) => {
      const root = view.shadowRoot!
      return {
        seed: root.querySelector('.bits-timeline')?.getAttribute('data-seed'),
        sessions: [...root.querySelectorAll('.session')].map((session) => session.className),
        lanes: [...root.querySelectorAll('.session')].map(
          (session) => session.querySelectorAll('.lane').length,
        ),
        faults: [...root.querySelectorAll('.faulted')].length,
      }
    })
    expect(structure).toMatchObject({
      seed: '7',
      sessions: ['session state-lost', 'session state-closed'],
    })
    const shot = await element.screenshot({ animations: 'disabled' })
    await expectMatchesPicture(shot, PICTURE)
    await page.close()
  })
})
