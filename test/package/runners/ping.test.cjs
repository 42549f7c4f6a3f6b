// jest's default CommonJS mode, as a user without a build step writes it: msw-bits by `require`,
// and one BITS packet (a Ping) through MSW's setupServer to its handlers and back.
const { expect, test } = require('@jest/globals')
const { setupServer } = require('msw/node')
const { BITS_POST, createBitsServer } = require('msw-bits')

test("require('msw-bits'): a Ping through setupServer is answered 200", async () => {
  const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
  const server = setupServer(...bits.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  try {
    const response = await fetch('https://bits.example.test/uploads/crash.dmp', {
      method: BITS_POST,
      headers: { 'BITS-Packet-Type': 'Ping' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('BITS-Packet-Type')).toBe('Ack')
    expect(bits).toHaveReceivedPacket('Ping', { times: 1, status: 200 })
  } finally {
    server.close()
  }
})
