// The live timeline shows what the client gave up on and what got no answer (issue 19 item 5).
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runCli } from './support.js'

const LISTENING = /^msw-bits listening on (http:\/\/127\.0\.0\.1:(\d+)\/uploads)$/m

function planFile(plan: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'msw-bits-live-')), 'plan.json')
  writeFileSync(file, JSON.stringify(plan))
  return file
}

/** `curl -m 1` sending a Ping: gives up after a second, exit 28. */
async function pingGivingUp(url: string): Promise<number> {
  const args = ['-s', '-m', '1', '-X', 'BITS_POST', '-H', 'BITS-Packet-Type: Ping', url]
  return promisify(execFile)('curl', args).then(
    () => 0,
    (error: { code: number }) => error.code,
  )
}

describe('msw-bits serve: the live timeline', () => {
  it('prints a hang when it starts, again when curl -m 1 gives up, and a request given up during a delay', async () => {
    const plan = planFile({
      rules: [
        { name: 'silent', packet: 'Ping', effect: 'hang' },
        { name: 'slow', packet: 'Ping', delayMs: 60_000 },
      ],
    })
    const cli = runCli(['serve', '--port', '0', '--plan', plan])
    const [, url] = await cli.waitFor(LISTENING)
    const curl = pingGivingUp(`${url}/a`)
    await cli.waitFor(/#1 .*Ping .*→ no answer \(hang\) .*⚡ silent: hang$/m)
    expect(await curl).toBe(28)
    await cli.waitFor(/#1 .*Ping .*→ no answer \(hang; client gave up\)/)
    expect(await pingGivingUp(`${url}/a`)).toBe(28)
    await cli.waitFor(/#2 .*Ping .*→ no answer \(client went away\)/)
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
    expect(cli.stdout().match(/^#1 /gm)).toHaveLength(2)
    expect(cli.stdout().match(/^#2 /gm)).toHaveLength(1)
  })

  it('--json prints the same stages as NDJSON entries', async () => {
    const plan = planFile({ rules: [{ packet: 'Ping', effect: 'hang' }] })
    const cli = runCli(['serve', '--port', '0', '--plan', plan, '--json'])
    const [line] = await cli.waitFor(/^\{"listening".*\}$/m)
    const { listening } = JSON.parse(line) as { listening: string }
    expect(await pingGivingUp(`${listening}/a`)).toBe(28)
    await cli.waitFor(/"abortedAt":\d+/)
    cli.child.kill('SIGINT')
    await cli.exited
    const entries = cli
      .stdout()
      .split('\n')
      .filter((text) => text.startsWith('{"seq"'))
      .map((text) => JSON.parse(text) as { seq: number; unanswered: string; abortedAt: number })
    expect(entries.map(({ seq, unanswered }) => [seq, unanswered])).toEqual([
      [1, 'hang'],
      [1, 'hang'],
    ])
    expect(entries[0]!.abortedAt).toBeNull()
    expect(entries[1]!.abortedAt).toEqual(expect.any(Number))
  })

  it('on stop, prints the requests still without an answer', async () => {
    const cli = runCli(['serve', '--port', '0'])
    const [, , port] = await cli.waitFor(LISTENING)
    // A Fragment head whose body never comes: the server waits for it.
    const socket = connect(Number(port), '127.0.0.1')
    socket.on('error', () => {})
    socket.write(
      'BITS_POST /uploads/a HTTP/1.1\r\nHost: 127.0.0.1\r\nBITS-Packet-Type: Ping\r\nContent-Length: 10\r\n\r\n',
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
    socket.destroy()
    expect(cli.stdout()).toMatch(/-- left unanswered --\n#1 .*Ping .*→ no answer yet\n/)
  })
})
