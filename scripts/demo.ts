/**
 * `npm run demo`: a real upload through msw-bits. Starts MSW's `setupServer` with an emulated BITS
 * server, uploads a fixture with the reference client in a few fragments, prints the journal and
 * checks the SHA-256 of what the server stored against the file's. Exits 1 on a mismatch.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { setupServer } from 'msw/node'
import { createBitsServer } from '../src/index.js'
import { uploadBits } from '../test/support/bits-client.js'

const FILE = 'screenshot.png'
const data = new Uint8Array(
  await readFile(new URL(`../fixtures/payloads/${FILE}`, import.meta.url)),
)

const bits = createBitsServer({
  baseUrl: 'https://bits.example.test/uploads',
  maxFragmentSize: 48 * 1024,
  store: 'digest',
})
const server = setupServer(...bits.handlers)
server.listen({ onUnhandledRequest: 'error' })

try {
  console.log(
    `Uploading fixtures/payloads/${FILE} (${data.byteLength} bytes) in 64 KiB fragments to a` +
      ' server that takes at most 48 KiB per fragment (413, then smaller fragments)…\n',
  )
  const { sessionId } = await uploadBits({
    url: `https://bits.example.test/uploads/demo/${FILE}`,
    data,
    fragmentSize: 64 * 1024,
    contentName: FILE,
  })
  console.log(bits.journal.format())

  const expected = createHash('sha256').update(data).digest('hex')
  const stored = bits.uploads.get(`demo/${FILE}`)
  const ok = stored?.sha256 === expected && stored.size === data.byteLength
  console.log(`\nsession   ${sessionId}`)
  console.log(`expected  sha256 ${expected}  ${data.byteLength} bytes`)
  console.log(`stored    sha256 ${stored?.sha256 ?? '(nothing)'}  ${stored?.size ?? 0} bytes`)
  console.log(ok ? 'OK' : 'MISMATCH')
  process.exitCode = ok ? 0 : 1
} finally {
  server.close()
}
