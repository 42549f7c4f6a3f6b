import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { payload, sha256Hex } from '../support/payloads.js'

const run = promisify(execFile)
const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url))
const README = readFileSync(path('README.md'), 'utf8')

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0 })
})
afterAll(() => srv.close())

describe('the README’s loopback examples run as printed', () => {
  it('examples/loopback/curl-fault-injection.sh: an upload by curl through a scripted 503', async () => {
    const { stdout } = await run('bash', [
      path('examples/loopback/curl-fault-injection.sh'),
      path('fixtures/payloads/crash-report.log'),
      `http://127.0.0.1:${srv.port}`,
    ])
    expect(stdout).toMatch(/→ 503 .*⚡ one 503/)
    expect(stdout).toContain('SHA-256 matches')
    expect(srv.bits.uploads.get('crash-report.log')?.sha256).toBe(
      sha256Hex(payload('crash-report.log')),
    )
  })

  it('examples/loopback/fault-injection.mjs: drives an application (Python) through a plan', async () => {
    const { stdout } = await run(process.execPath, [
      path('examples/loopback/fault-injection.mjs'),
      path('fixtures/plans/fragment-503-burst.json'),
      '--',
      'python3',
      path('test/node/support/bits_upload.py'),
      '{url}/shot.png',
      path('fixtures/payloads/screenshot.png'),
      '4096',
    ])
    expect(stdout.match(/⚡ 503 burst/g)).toHaveLength(3)
    expect(stdout).toContain(
      `uploaded shot.png: 143185 bytes, sha256 ${sha256Hex(payload('screenshot.png'))}`,
    )
  })

  it('the README prints both scripts as they are in examples/loopback', () => {
    for (const file of ['curl-fault-injection.sh', 'fault-injection.mjs']) {
      const text = readFileSync(path(`examples/loopback/${file}`), 'utf8')
      expect(README, file).toContain(text.trim())
    }
  })
})
