// End to end: `msw-bits certify` as a child process, from dist/, against real client processes.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { CertifyReport } from 'msw-bits/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const MAIN = 'dist/node/cli/main.js'
const REFERENCE = ['node', 'examples/clients/reference-uploader.mjs', '{url}', '{file}']
const BROKEN = ['node', 'test/certify/support/resends-after-fatal.mjs', '{url}', '{file}']

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certify-cli-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Runs `msw-bits certify ARGS`, resolving with its exit code and output (never rejecting). */
async function certify(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, 'certify', ...args])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string }
    return { code, stdout, stderr }
  }
}

const SUBSET = ['1.1', '1.3', '3.3', '5.1', '7.1', '11.1'].flatMap((id) => ['--scenario', id])

describe('msw-bits certify', () => {
  it('passes the reference uploader, exits 0 and writes report.json', async () => {
    const report = join(dir, 'reference')
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
      join(dir, 'broken'),
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
