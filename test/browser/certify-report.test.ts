// The certify report page of a real run (the reference uploader with two defects: it gives up on
// Close-Session after a 5xx and never downloads the reply), opened from disk in Chromium as a
// person opens it: axe-core finds no accessibility violation (rows closed, and all opened), failed
// rows show their reasons, and the keyboard opens a row. UPDATE_SCREENSHOTS=1 rewrites
// docs/certify-report.png, which the README shows (not compared: run times differ between runs).

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type CertifyReport, certifyClient, writeReport } from 'msw-bits/node'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { giveUpOnClose5xx, referenceClient } from '../certify/support/certify-kit.js'
import { axeViolations } from './axe.js'
import { type Chromium, launchChromium } from './chromium.js'

const PICTURE = new URL('../../docs/certify-report.png', import.meta.url)

let browser: Chromium
let dir: string
let report: CertifyReport
let page: Page

/** The reference uploader, broken twice over: rule 5 (resend Close-Session) and rule 7 (reply). */
const brokenUploader = referenceClient({ downloadReply: false, classify: giveUpOnClose5xx })

beforeAll(async () => {
  // Every scenario but the 64 MiB upload.
  report = await certifyClient(brokenUploader, { exclude: ['1.5'], name: 'broken-uploader.mjs' })
  dir = await mkdtemp(join(tmpdir(), 'msw-bits-report-'))
  const { html } = await writeReport(report, dir)
  browser = await launchChromium()
  page = await browser.context.newPage()
  await page.setViewportSize({ width: 1280, height: 960 })
  // Self-contained: any request but the file itself would be a fault of the page.
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(pathToFileURL(html).href)
  expect(requests).toEqual([pathToFileURL(html).href])
}, 180_000)

afterAll(async () => {
  await browser?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('the certify report in Chromium', () => {
  it('shows each failed scenario with its reason in the first screen', async () => {
    const failed = report.scenarios.filter((s) => s.verdict === 'fail')
    expect(failed.length).toBeGreaterThan(0)
    for (const scenario of failed) {
      const anchor = `scenario-${scenario.id.replace('.', '-')}`
      const item = page.locator(`.attention li:has(a[href="#${anchor}"])`)
      await expect(item.textContent()).resolves.toContain(scenario.reason)
      await expect(item.isVisible()).resolves.toBe(true)
      const box = await item.boundingBox()
      expect(box!.y + box!.height).toBeLessThan(960)
      const row = page.locator(`#scenario-${scenario.id.replace('.', '-')} > summary`)
      await expect(row.locator('.reason').textContent()).resolves.toBe(scenario.reason)
    }
  })

  it('has no axe-core violation, rows closed', async () => {
    expect(await axeViolations(page)).toEqual([])
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
    expect(await axeViolations(page)).toEqual([])
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = false
    })
  }, 120_000)

  it('opens the row a tile links to', async () => {
    const failed = report.scenarios.find((s) => s.verdict === 'fail')!
    await page.locator(`a.tile[href="#scenario-${failed.id.replace('.', '-')}"]`).click()
    const row = page.locator(`#scenario-${failed.id.replace('.', '-')}`)
    await expect(row.getAttribute('open')).resolves.toBe('')
    if (process.env.UPDATE_SCREENSHOTS) {
      // The first screen: the counts, the matrix and every failure with its reason.
      await page.evaluate(() => window.scrollTo(0, 0))
      await writeFile(PICTURE, await page.screenshot())
    }
  })
})
