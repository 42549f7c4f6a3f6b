// End to end: `msw-bits certify` as a child process, from dist/, against real client processes.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CertifyReport } from 'msw-bits/node'
import { describe, expect, it } from 'vitest'
import { runCertify as certify, reportDir } from './support/certify-kit.js'

const REFERENCE = ['node', 'examples/clients/reference-uploader.mjs', '{url}', '{file}']
const BROKEN = ['node', 'test/certify/support/resends-after-fatal.mjs', '{url}', '{file}']

const dir = reportDir('certify-cli-')

const SUBSET = ['1.1', '1.3', '3.3', '5.1', '7.1', '11.1'].flatMap((id) => ['--scenario', id])

describe('msw-bits certify', () => {
  it('passes the reference uploader, exits 0 and writes report.json', async () => {
    const report = join(dir(), 'reference')
    const { code, stdout } = await certify([...SUBSET, '--report', report, '--', ...REFERENCE])
    expect(code, stdout).toBe(0)
    expect(stdout).toMatch(/^3\.3 +Close-Session 503 ×2 … pass$/m)
    expect(stdout).toContain('6 of 6 scenarios passed')
    const json = JSON.parse(await readFile(join(report, 'report.json'), 'utf8')) as CertifyReport
    expect(json.client).toBe(REFERENCE.join(' '))
    expect(await readFile(join(report, 'index.html'), 'utf8')).toContain('3.3')
    expect(await readFile(join(report, 'junit.xml'), 'utf8')).toContain('<testcase')
    expect(json.scenarios.map((s) => [s.id, s.verdict])).toEqual(
      ['1.1', '1.3', '3.3', '5.1', '7.1', '11.1'].map((id) => [id, 'pass']),
    )
    expect(json.scenarios[1]).toMatchObject({
      expect: 'recover',
      exitCode: 0,
      uploaded: true,
      sha256Stored: json.scenarios[1]?.sha256Expected,
    })
  }, 60_000)

  it('fails a client that resends after a final answer, naming the rule and entries', async () => {
    const args = [
      '--scenario',
      '5.*',
      '--exclude',
      '5.[4-6]',
      '--json',
      '--report',
      join(dir(), 'broken'),
    ]
    const { code, stdout } = await certify([...args, '--', ...BROKEN])
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as CertifyReport
    expect(report.scenarios.map((s) => s.id)).toEqual(['5.1', '5.2', '5.3', '5.7', '5.8', '5.9'])
    for (const scenario of report.scenarios) {
      expect(scenario.verdict).toBe('fail')
      expect(scenario.reason).toMatch(/^no-resend-after-fatal \(MUST\): .*#\d+.*#\d+/)
    }
  }, 60_000)

  it('answers bad usage with exit 2', async () => {
    expect((await certify(['--scenario', '99.1', '--', 'node'])).code).toBe(2)
    const noCommand = await certify([])
    expect(noCommand.code).toBe(2)
    expect(noCommand.stderr).toContain('no command to certify')
  })
})
