// The security flags of `msw-bits serve` reach startBitsServer's options (README "Security").
import { describe, expect, it } from 'vitest'
import { parseServeArgs } from '../../src/node/cli/options.js'
import { serve } from '../../src/node/cli/serve.js'

describe('msw-bits serve: who may talk to it', () => {
  it('--allowed-host (repeatable, "all"), --cors (repeatable), --allow-remote-control', () => {
    const { server } = parseServeArgs([
      '--allowed-host',
      'bits.test',
      '--allowed-host',
      '.corp.test',
      '--cors',
      'http://localhost:5173',
      '--allow-remote-control',
    ])
    expect(server).toMatchObject({
      allowedHosts: ['bits.test', '.corp.test'],
      cors: { origins: ['http://localhost:5173'] },
      allowRemoteControl: true,
    })
    expect(parseServeArgs(['--allowed-host', 'all']).server.allowedHosts).toBe(true)
  })

  it('a non-loopback --host without --auth is a usage error naming the remedy', async () => {
    const err: string[] = []
    const code = await serve(['--port', '0', '--host', '0.0.0.0'], {
      stdout: { write: () => true },
      stderr: { write: (text: string) => err.push(text) > 0 },
      stopSignal: new Promise(() => {}),
    })
    expect(code).toBe(2)
    expect(err.join('')).toMatch(/"host": "0\.0\.0\.0" is not loopback.*"allowRemoteControl"/)
  })
})
