// junit.xml: one <testcase> per scenario, one <testsuite> per group, in the shape CI dashboards
// (Jenkins, GitLab, GitHub test reporters) read. xmlbuilder does the escaping, and replaces the
// characters XML 1.0 forbids (a client's output carries ANSI escapes and NULs) instead of writing
// a file no parser opens.
import type xmlbuilder from 'xmlbuilder'
import type { CertifyReport, ScenarioResult } from '../report-types.js'
import { byGroup, countVerdicts, groupName } from './groups.js'

/** What stands in for a character XML 1.0 cannot hold (U+FFFD, the replacement character). */
const REPLACEMENT = '\ufffd'

/** The `name` of the whole run in the file, and the first part of each `classname`. */
const SUITES_NAME = 'msw-bits certify'

/**
 * Renders a certification run as JUnit XML: a `<testsuite>` per group, a `<testcase>` per
 * scenario (`name` = `3.2 Close-Session 503 ×2`), `<failure message="reason">` for a `fail`,
 * the client's stdout and stderr tails in `<system-out>` and `<system-err>`. A `non-strict`
 * scenario passes, with the SHOULD rule it broke on the first line of its `<system-out>`.
 * @example
 *   import { writeFile } from 'node:fs/promises'
 *   import { certifyClient, reportJunit } from 'msw-bits/node'
 *
 *   const report = await certifyClient(myUploader)
 *
 *   await writeFile('bits-report/junit.xml', await reportJunit(report))
 */
export async function reportJunit(report: CertifyReport): Promise<string> {
  // Loaded here, not when msw-bits/node is imported: only a report pays for it.
  const { default: xmlbuilder } = await import('xmlbuilder')
  const failures = report.counts.fail
  const root = xmlbuilder
    .create('testsuites', { encoding: 'UTF-8', invalidCharReplacement: REPLACEMENT })
    .att({
      name: SUITES_NAME,
      tests: report.scenarios.length,
      failures,
      errors: 0,
      skipped: 0,
      time: secondsOf(report.durationMs),
      timestamp: report.startedAt,
    })
  for (const [group, results] of byGroup(report.scenarios)) {
    const counts = countVerdicts(results)
    const suite = root.ele('testsuite', {
      name: groupName(group),
      tests: results.length,
      failures: counts.fail,
      errors: 0,
      skipped: 0,
      time: secondsOf(results.reduce((sum, result) => sum + result.durationMs, 0)),
      timestamp: report.startedAt,
    })
    for (const result of results) testcase(suite, group, result)
  }
  return `${root.end({ pretty: true })}\n`
}

function testcase(suite: xmlbuilder.XMLElement, group: string, result: ScenarioResult): void {
  const element = suite.ele('testcase', {
    classname: `${SUITES_NAME}.${groupName(group)}`,
    name: `${result.id} ${result.title}`,
    time: secondsOf(result.durationMs),
  })
  if (result.verdict === 'fail') {
    element.ele('failure', { message: result.reason, type: 'fail' }, failureText(result))
  }
  const verdictLine = result.verdict === 'non-strict' ? `non-strict: ${result.reason}\n` : ''
  const stdout = `${verdictLine}${result.stdoutTail}`
  if (stdout !== '') element.ele('system-out', {}, stdout)
  if (result.stderrTail !== '') element.ele('system-err', {}, result.stderrTail)
}

/** The body of a `<failure>`: the spec behind the scenario and what the run found. */
function failureText(result: ScenarioResult): string {
  const lines = [
    result.reason,
    `${result.section}: ${result.spec}`,
    `expected ${result.expect}; exit code ${result.exitCode ?? 'none'}${result.timedOut ? ' (timed out)' : ''}`,
    ...result.violations.map((v) => `${v.level.toUpperCase()} ${v.rule}: ${v.message}`),
    ...result.pendingFaults.map((line) => `never fired: ${line}`),
  ]
  return `${lines.join('\n')}\n\n${result.timeline}`
}

/** JUnit's `time`: seconds, three decimals. */
function secondsOf(ms: number): string {
  return (ms / 1000).toFixed(3)
}
