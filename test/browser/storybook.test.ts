// Every story of the Storybook example, built with `storybook build` and opened in Chromium: the
// story's play function uploads a sample through msw-storybook-addon's worker under its plan, the
// handlers given as `parameters.msw.handlers` and served by the addon's `mswLoader`.
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Chromium, EXAMPLE, launchChromium, type StaticSite, serve } from './chromium.js'

const BUILT = new URL('storybook-static/', EXAMPLE)

/** What each story's plan does to the sample upload, as its timeline shows it. */
const EXPECTED: Record<string, { faulted: string[]; sessions: number }> = {
  'uploader--no-faults': { faulted: [], sessions: 1 },
  'uploader--fragment-503-burst': {
    faulted: ['server-error', 'server-error', 'server-error'],
    sessions: 1,
  },
  'uploader--session-not-found-on-close': { faulted: ['server-error'], sessions: 2 },
  'uploader--application-error-context-7': { faulted: ['application', 'application'], sessions: 1 },
  'uploader--lost-ack': { faulted: ['network-error'], sessions: 1 },
  'uploader--server-restart': { faulted: ['server-error'], sessions: 2 },
  'uploader--over-xhr': { faulted: ['server-error', 'server-error', 'server-error'], sessions: 1 },
}

let browser: Chromium
let site: StaticSite
let page: Page

beforeAll(async () => {
  site = await serve(BUILT)
  browser = await launchChromium()
  page = await browser.context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

describe('the Storybook example', async () => {
  const index = JSON.parse(await readFile(new URL('index.json', BUILT), 'utf8')) as {
    entries: Record<string, { type: string }>
  }
  const stories = Object.keys(index.entries).filter((id) => index.entries[id]?.type === 'story')

  it('builds one story per plan', () => {
    expect(stories.sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  for (const id of stories) {
    it(`${id}: the play function's upload completes and the timeline shows the plan`, async () => {
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(String(error)))
      // One worker for every story: no "[MSW] Found a redundant worker.start()" warning.
      page.on('console', (message) => {
        if (message.text().includes('[MSW]')) errors.push(message.text())
      })
      await page.goto(`${site.origin}/iframe.html?id=${id}&viewMode=story`)
      await page.waitForSelector('.uploader[data-status=done]', { timeout: 30_000 })
      const view = await page.waitForFunction(() => {
        const root = document.querySelector('bits-timeline')?.shadowRoot
        const verdict = root?.querySelector('.verdict')?.textContent
        if (!root || !verdict || root.querySelector('.bar.kind-pending, .pill.kind-pending'))
          return null
        return {
          verdict,
          faulted: [...root.querySelectorAll('.faulted')].map((mark) =>
            [...mark.classList].find((name) => name.startsWith('kind-'))!.slice(5),
          ),
          sessions: root.querySelectorAll('.session:not(.loose)').length,
        }
      })
      const expected = EXPECTED[id]!
      expect(await view.jsonValue()).toEqual({ verdict: 'client rules: all followed', ...expected })
      const result = JSON.parse((await page.textContent('[data-testid=result]')) ?? '{}')
      expect(result.serverSha256).toBe(result.clientSha256)
      expect(errors).toEqual([])
      page.removeAllListeners('pageerror')
      page.removeAllListeners('console')
    })
  }
})
