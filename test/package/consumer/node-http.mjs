// A node:http client under setupServer: msw-bits refuses its BITS_POST at once, naming the
// loopback server, on MSW 2 and MSW 3 alike (both parse node:http requests with llhttp).
import assert from 'node:assert/strict'
import https from 'node:https'
import { setupServer } from 'msw/node'
import { BITS_POST, createBitsServer } from 'msw-bits'

const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
const server = setupServer(...bits.handlers)
server.listen({ onUnhandledRequest: 'error' })
try {
  assert.throws(
    () => https.request('https://bits.example.test/uploads/a', { method: BITS_POST }),
    (error) => error.code === 'UNSUPPORTED_CLIENT' && /startBitsServer/.test(error.message),
  )
  console.log('node:http: a BITS_POST is refused at once, naming startBitsServer')
} finally {
  server.close()
}
