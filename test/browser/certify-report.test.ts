// The certify report page, opened from disk in Chromium as a person opens it: axe-core finds no
// accessibility violation (rows closed, and all opened), failed rows show their reasons, and the
// keyboard opens a row. UPDATE_SCREENSHOTS=1 rewrites docs/certify-report.png, which the README
// shows (not compared: run times and journal times differ from run to run).

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AxeResults } from 'axe-core'
import { type CertifyReport, writeReport } from 'msw-bits/node'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleReport } from '../support/certify-report.js'
import { type Chromium, launchChromium } from './chromium.js'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const PICTURE = new URL('../../docs/certify-report.png', import.meta.url)

let browser: Chromium
let dir: string
let report: CertifyReport
let page: Page

beforeAll(async () => {
  report = await sampleReport()
  dir = await mkdtemp(join(tmpdir(), 'msw-bits-report-'))
  const { html } = await writeReport(report, dir)
  browser = await launchChromium()
  page = await browser.context.newPage()
  // Self-contained: any request but the file itself would be a fault of the page.
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(pathToFileURL(html).href)
  expect(requests).toEqual([pathToFileURL(html).href])
})

afterAll(async () => {
  await browser?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function axeViolations(): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const results = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  )) as AxeResults
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

describe('the certify report in Chromium', () => {
  it('shows each failed scenario with its reason in the first screen', async () => {
    const failed = report.scenarios.filter((s) => s.verdict === 'fail')
    expect(failed.length).toBeGreaterThan(0)
    for (const scenario of failed) {
      const item = page.locator('.attention li', { hasText: scenario.reason })
      await expect(item.isVisible()).resolves.toBe(true)
      const box = await item.boundingBox()
      expect(box!.y + box!.height).toBeLessThan(800)
      const row = page.locator(`#scenario-${scenario.id.replace('.', '-')} > summary`)
      await expect(row.locator('.reason').textContent()).resolves.toBe(scenario.reason)
    }
  })

  it('has no axe-core violation, rows closed', async () => {
    expect(await axeViolations()).toEqual([])
  })

  it('opens a row from the keyboard, and has no axe-core violation with every row open', async () => {
    const failed = report.scenarios.find((s) => s.verdict === 'fail')!
    const row = page.locator(`#scenario-${failed.id.replace('.', '-')}`)
    await row.locator('summary').focus()
    await page.keyboard.press('Enter')
    await expect(row.getAttribute('open')).resolves.toBe('')
    await expect(row.locator('.bits-timeline').isVisible()).resolves.toBe(true)
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true
    })
    expect(await axeViolations()).toEqual([])
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = false
    })
  })

  it('opens the row a tile links to', async () => {
    const failed = report.scenarios.find((s) => s.verdict === 'fail')!
    await page.locator(`a.tile[href="#scenario-${failed.id.replace('.', '-')}"]`).click()
    const row = page.locator(`#scenario-${failed.id.replace('.', '-')}`)
    await expect(row.getAttribute('open')).resolves.toBe('')
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.evaluate(() => window.scrollTo(0, 0))
      await writeFile(PICTURE, await page.screenshot({ fullPage: true }))
    }
  })
})
