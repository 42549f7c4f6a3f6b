// `msw-bits certify` against clients that are not Node: the Python http.client uploader of
// examples/clients (one scenario of each group, and the hard ones of 7.x), and the README's curl
// loop, whose failures must be true statements about what that loop does.
import { join } from 'node:path'
import type { CertifyReport, ScenarioResult } from 'msw-bits/node'
import { describe, expect, it } from 'vitest'
import { reportDir, runCertify } from './support/certify-kit.js'

const PYTHON = ['python3', 'examples/clients/reference_uploader.py', '{url}', '{file}']
const CURL = ['bash', 'examples/loopback/curl-fault-injection.sh', '{url}', '{file}']

const dir = reportDir('certify-clients-')

/** Runs `msw-bits certify --json` on these scenarios; resolves with its exit code and report. */
async function certify(ids: string[], flags: string[], client: string[]) {
  const scenarios = ids.flatMap((id) => ['--scenario', id])
  const result = await runCertify([...scenarios, ...flags, '--json', '--', ...client])
  const report = JSON.parse(result.stdout) as CertifyReport
  const byId = new Map(report.scenarios.map((s) => [s.id, s]))
  return { code: result.code, report, scenario: (id: string) => byId.get(id) as ScenarioResult }
}

/** One scenario per group, and every transport fault (a new connection after each). */
const PYTHON_SUBSET = [
  '1.1',
  '1.4',
  '2.2',
  '3.3',
  '3.5',
  '4.1',
  '5.4',
  '5.7',
  '6.3',
  '7.*',
  '8.1',
  '8.2',
  '9.2',
  '10.3',
  '11.2',
  '12.1',
]

describe('msw-bits certify, clients in other languages', () => {
  it('passes the Python http.client uploader (examples/clients/reference_uploader.py)', async () => {
    const { code, report } = await certify(
      PYTHON_SUBSET,
      ['--report', join(dir(), 'python')],
      PYTHON,
    )
    const notPassed = report.scenarios.filter((s) => s.verdict !== 'pass')
    expect(notPassed.map((s) => `${s.id} ${s.reason}`)).toEqual([])
    expect(code).toBe(0)
    expect(report.scenarios).toHaveLength(24)
    expect(report.scenarios.find((s) => s.id === '1.4')).toMatchObject({
      uploaded: true,
      exitCode: 0,
      sha256Stored: report.scenarios.find((s) => s.id === '1.4')?.sha256Expected,
    })
  }, 240_000)

  it("fails the README's curl loop exactly where the loop is naive", async () => {
    const ids = ['2.1', '3.1', '3.3', '4.2', '5.2', '5.3', '7.1', '10.1', '11.1']
    const { code, scenario } = await certify(
      ids,
      ['--timeout', '3', '--report', join(dir(), 'curl')],
      CURL,
    )
    expect(code).toBe(1)
    // It sends each fragment at BITS-Received-Content-Range, on a 416 too.
    expect(scenario('2.1').verdict).toBe('pass')
    // It never resends Create-Session: without a session id it loops on refused fragments.
    expect(scenario('3.1').reason).toMatch(/^timeout: /)
    // It sends Close-Session once and ignores the answer.
    expect(scenario('3.3').reason).toMatch(/^resend-close-after-5xx \(MUST\): Close-Session #\d+/)
    expect(scenario('5.3').reason).toMatch(/^expected give-up: the client exited 0/)
    // It never starts over in a new session.
    expect(scenario('4.2').reason).toMatch(/^restart-after-session-not-found \(MUST\)/)
    // It resends any fragment that did not move the offset, a final 400 too.
    expect(scenario('5.2').reason).toMatch(/^no-resend-after-fatal \(MUST\): Fragment #\d+/)
    // `set -e`: curl's exit 56 (connection reset) ends the script.
    expect(scenario('7.1').reason).toMatch(/^expected recover: the client exited 56/)
    // It reads neither BITS-Reply-URL nor BITS-Host-Id.
    expect(scenario('10.1').reason).toMatch(/^download-reply-before-close \(MUST\)/)
    expect(scenario('11.1').reason).toMatch(/^use-host-id \(MUST\)/)
  }, 120_000)
})
