// Options are checked when given: a bad one throws BitsUsageError naming the field.
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, BitsUsageError, createBitsServer } from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost } from '../support/packets.js'

const { start } = useBitsServer()

describe('hostId is a server name or IP address with an optional port (W32 BITSHostId)', () => {
  it.each([
    'http://node2.test',
    'node2.test/path',
    'node2.test/',
    'user@node2.test',
    'node2.test:99999',
    'node 2',
    '',
  ])('refuses %j, naming the field', (hostId) => {
    const create = () => createBitsServer({ baseUrl: 'https://bits.example.test/u', hostId })
    expect(create).toThrow(BitsUsageError)
    expect(create).toThrow(/"hostId": expected a server name or IP address/)
  })

  it.each(['node2.test', 'NODE2.example.test:8443', '10.0.0.2', '10.0.0.2:8080', '[::1]:8080'])(
    'takes %j, sends it in BITS-Host-Id, and answers there',
    async (hostId) => {
      start({ hostId })
      const create = await bitsPost({
        type: 'Create-Session',
        headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID },
      })
      expect(create.headers.get('BITS-Host-Id')).toBe(hostId)
      const ping = await bitsPost({ type: 'Ping', path: `https://${hostId}/uploads/file.bin` })
      expect(ping.status).toBe(200)
    },
  )
})
