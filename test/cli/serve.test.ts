import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { curlSend } from '../node/support/curl-send.js'
import { uploadWith } from '../node/support/upload-with.js'
import { uploadBits } from '../support/bits-client.js'
import { payload, sha256Hex } from '../support/payloads.js'
import { runCli } from './support.js'

const LISTENING = /^msw-bits listening on (http:\/\/127\.0\.0\.1:\d+\/uploads)$/m

describe('msw-bits serve', () => {
  it('starts on the defaults, prints the URL first, the timeline, and a summary on SIGINT', async () => {
    const cli = runCli(['serve', '--port', '0'])
    const [, url] = await cli.waitFor(LISTENING)
    expect(cli.stdout().split('\n')[0]).toMatch(LISTENING)
    const log = payload('crash-report.log')
    await uploadBits({ url: `${url}/crash.log`, data: log, fragmentSize: 1024 })
    await cli.waitFor(/Close-Session .*→ 200/)
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
    const out = cli.stdout()
    expect(out).toMatch(/#1 .*Create-Session .*→ 200/)
    expect(out).toMatch(/Fragment .*bytes 0-1023\/\d+ .*→ 200 received 1024/)
    expect(out).toContain('stopped by SIGINT')
    expect(out).toContain(`crash.log  ${log.byteLength} bytes  sha256 ${sha256Hex(log)}`)
    expect(out).toMatch(/client-rule violations: 0/)
  })

  it('--plan: serves curl through the 503 burst, prints it, and --check passes', async () => {
    const cli = runCli([
      'serve',
      '--port',
      '0',
      '--plan',
      'fixtures/plans/fragment-503-burst.json',
      '--check',
    ])
    const [, url] = await cli.waitFor(LISTENING)
    await uploadWith(curlSend, `${url}/a.bin`, payload('screenshot.png'), 16_384)
    await cli.waitFor(/Close-Session .*→ 200/)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
    expect(cli.stdout().match(/→ 503 .*⚡ 503 burst: respond 503/g)).toHaveLength(3)
    expect(cli.stdout()).toContain('fault rules that never fired fully: 0')
  })

  it('--check exits 1 when a rule never fired; --json prints NDJSON and keeps the summary on stderr', async () => {
    const cli = runCli([
      'serve',
      '--port',
      '0',
      '--plan',
      'fixtures/plans/fragment-413.json',
      '--check',
      '--json',
    ])
    const [line] = await cli.waitFor(/^\{"listening".*\}$/m)
    const { listening } = JSON.parse(line)
    await fetch(`${listening}/x`, { method: 'BITS_POST', headers: { 'BITS-Packet-Type': 'Ping' } })
    await cli.waitFor(/"packet":"Ping"/)
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(1)
    const lines = cli
      .stdout()
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text))
    expect(lines[1]).toMatchObject({ seq: 1, packet: 'Ping', status: 200 })
    expect(lines.at(-1).summary.pending.length).toBeGreaterThan(0)
    expect(cli.stderr()).toMatch(/fault rules that never fired fully: [1-9]/)
  })

  it('--store DIR writes each upload under DIR, and IIS options reach the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msw-bits-cli-'))
    try {
      const cli = runCli([
        'serve',
        '--port',
        '0',
        '--store',
        dir,
        '--max-fragment-size',
        '8192',
        '--base-path',
        'in',
      ])
      const [, url] = await cli.waitFor(/^msw-bits listening on (http:\/\/127\.0\.0\.1:\d+\/in)$/m)
      const log = payload('crash-report.log')
      await uploadBits({ url: `${url}/logs/crash.log`, data: log, fragmentSize: 16_384 })
      await cli.waitFor(/Close-Session .*→ 200/)
      cli.child.kill('SIGINT')
      expect(await cli.exited).toBe(0)
      expect(cli.stdout()).toMatch(/→ 413/)
      expect(sha256Hex(readFileSync(join(dir, 'logs/crash.log')))).toBe(sha256Hex(log))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('closes gracefully with a live idle connection', async () => {
    const cli = runCli(['serve', '--port', '0'])
    const [, url] = await cli.waitFor(LISTENING)
    const socket = connect(Number(new URL(url!).port), '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    const ended = new Promise((resolve) => socket.once('close', resolve))
    socket.on('error', () => {})
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
    await ended
  })

  it('refuses bad arguments and a bad plan with exit 2, naming the flag or field', async () => {
    const badPort = runCli(['serve', '--port', 'abc'])
    expect(await badPort.exited).toBe(2)
    expect(badPort.stderr()).toMatch(/--port: expected an integer/)
    const unknown = runCli(['serve', '--nope'])
    expect(await unknown.exited).toBe(2)
    expect(unknown.stderr()).toMatch(/--nope/)
    const badPlan = runCli(['serve', '--plan', 'package.json'])
    expect(await badPlan.exited).toBe(2)
    expect(badPlan.stderr()).toMatch(/INVALID|plan/i)
  })

  it('--auth: a client without the credentials is challenged, one with them uploads', async () => {
    const cli = runCli(['serve', '--port', '0', '--auth', 'uploader:pa:ss', '--realm', 'dumps'])
    const [, url] = await cli.waitFor(LISTENING)
    const ping = { method: 'BITS_POST', headers: { 'BITS-Packet-Type': 'Ping' } }
    const bare = await fetch(`${url}/a.bin`, ping)
    expect([bare.status, bare.headers.get('WWW-Authenticate')]).toEqual([
      401,
      'Basic realm="dumps"',
    ])
    const data = payload('crash-report.log')
    await uploadBits({
      url: `${url}/a.bin`,
      data,
      credentials: { username: 'uploader', password: 'pa:ss' },
    })
    await cli.waitFor(/Close-Session .*→ 200/)
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
    expect(cli.stdout()).toContain(`a.bin  ${data.byteLength} bytes  sha256 ${sha256Hex(data)}`)
    const bad = runCli(['serve', '--port', '0', '--auth', 'nobody'])
    expect(await bad.exited).toBe(2)
    expect(bad.stderr()).toContain('--auth: expected USER:PASSWORD')
  })

  it('--help lists a flag for every server option', async () => {
    const cli = runCli(['serve', '--help'])
    expect(await cli.exited).toBe(0)
    for (const flag of [
      '--port',
      '--host',
      '--base-path',
      '--plan',
      '--store',
      '--seed',
      '--host-id',
      '--max-upload-size',
      '--max-fragment-size',
      '--session-timeout',
      '--auth',
      '--realm',
      '--json',
      '--check',
    ]) {
      expect(cli.stdout()).toContain(flag)
    }
  })
})
