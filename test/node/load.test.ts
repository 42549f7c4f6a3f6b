import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { runLoad } from '../bench/lib/load-driver.js'
import { expectCleanUpload } from './support/node-http-upload.js'

// The functional half of the load benchmark (test/bench/load.ts runs 1,000 connections and
// measures Ping latency and RSS); bounded so CI on 2 cores stays quick.
let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0, store: 'digest' })
})
afterAll(() => srv.close())

describe('many clients at once, with malformed packets and HTTP among them', () => {
  it('200 keep-alive connections: every upload byte-identical, no error', async () => {
    const result = await runLoad(srv, {
      connections: 200,
      payloadBytes: 48 * 1024,
      fragmentBytes: 16 * 1024,
      malformedChance: 0.3,
      hostileChance: 0.1,
      seed: 10,
    })
    expect(result.errors).toEqual([])
    expect(result.corrupted).toEqual([])
    expect(result.malformedPackets).toBeGreaterThan(50)
    expect(result.hostileConnections).toBeGreaterThan(5)
    await expectCleanUpload(srv)
  }, 60_000)
})
