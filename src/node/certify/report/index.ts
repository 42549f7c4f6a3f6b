// The three files of a certification run: index.html for a person, report.json for scripts,
// junit.xml for CI dashboards. All drawn from one CertifyReport.
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { CertifyReport } from '../report-types.js'
import { reportJunit } from './junit.js'
import { reportHtml } from './page-html.js'

export { reportJunit } from './junit.js'
export { reportHtml } from './page-html.js'

/**
 * Where `msw-bits certify` writes its report unless `--report DIR` says otherwise.
 * @example
 *   import { certifyClient, DEFAULT_REPORT_DIR, writeReport } from 'msw-bits/node'
 *
 *   await writeReport(await certifyClient(myUploader), DEFAULT_REPORT_DIR) // ./bits-report
 */
export const DEFAULT_REPORT_DIR = './bits-report'

/**
 * The files {@link writeReport} wrote, as absolute paths.
 * @example
 *   import { certifyClient, type WrittenReport, writeReport } from 'msw-bits/node'
 *
 *   const written: WrittenReport = await writeReport(await certifyClient(myUploader))
 *   console.log(`report: ${written.html}; CI: ${written.junit}`)
 */
export interface WrittenReport {
  /** The report card: a self-contained page, no network needed. */
  html: string
  /** The report as JSON (`CertifyReport`: DESIGN.md's report.json shape). */
  json: string
  /** JUnit XML: one testcase per scenario. */
  junit: string
}

/**
 * Writes a certification run to `dir` (created if missing; the three files replaced):
 * `index.html` (a matrix of scenarios by verdict, counts by group, each row opening its timeline,
 * plan, spec sentence and the client's output), `report.json` and `junit.xml`.
 *
 * @param dir - default `./bits-report`, relative to the working directory.
 * @returns the absolute paths written.
 * @throws the file system's error (e.g. `EACCES`) when `dir` cannot be created or written.
 * @example
 *   import { certifyClient, writeReport } from 'msw-bits/node'
 *
 *   const report = await certifyClient(myUploader)
 *   const { html } = await writeReport(report, 'reports/bits')
 *   console.log(`open ${html}`)
 * @see DESIGN.md "Certify", [MC-BUP] §3.1.5 (what the scenarios check)
 */
export async function writeReport(
  report: CertifyReport,
  dir: string = DEFAULT_REPORT_DIR,
): Promise<WrittenReport> {
  const root = resolve(dir)
  await mkdir(root, { recursive: true })
  const written: WrittenReport = {
    html: join(root, 'index.html'),
    json: join(root, 'report.json'),
    junit: join(root, 'junit.xml'),
  }
  await Promise.all([
    writeFile(written.html, reportHtml(report)),
    writeFile(written.json, `${JSON.stringify(report, null, 2)}\n`),
    writeFile(written.junit, await reportJunit(report)),
  ])
  return written
}
