// axe-core in a page: every rule it runs by default (WCAG 2 A/AA and best practices), at every
// impact, open shadow roots included.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { AxeResults } from 'axe-core'
import type { Page } from 'playwright-core'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
let source: Promise<string> | null = null

/**
 * axe-core's violations on the page as it is now, one line each (rule, impact, where). Injected
 * through the debugger, not a <script>, so a page under CSP `default-src 'self'` is checked too.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  source ??= readFile(AXE, 'utf8')
  await page.evaluate(await source)
  const results = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  )) as AxeResults
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  )
}
