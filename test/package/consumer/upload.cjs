// A consumer's first upload: MSW's setupServer with msw-bits' handlers and a BITS client written
// with fetch (Create-Session, two Fragments, Close-Session). esm.mjs and cjs.cjs pass in the
// modules, loaded with `import` or `require`. It throws on any departure.
const assert = require('node:assert/strict')

const url = 'https://bits.example.test/uploads/crash.dmp'

/** @param {{ msw: typeof import('msw/node'), bits: typeof import('msw-bits') }} modules */
async function upload({ msw, bits: msw_bits }) {
  const bits = msw_bits.createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
  const server = msw.setupServer(...bits.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  try {
    const post = (headers, body) => fetch(url, { method: msw_bits.BITS_POST, headers, body })
    const data = new TextEncoder().encode('a crash dump, uploaded in two fragments')
    const created = await post({
      'BITS-Packet-Type': 'Create-Session',
      'BITS-Supported-Protocols': msw_bits.BITS_PROTOCOL_GUID,
    })
    assert.equal(created.status, 200)
    const session = created.headers.get('BITS-Session-Id')
    for (const [start, end] of [
      [0, 19],
      [20, data.length - 1],
    ]) {
      const range = `bytes ${start}-${end}/${data.length}`
      const headers = { 'BITS-Packet-Type': 'Fragment', 'BITS-Session-Id': session }
      const fragment = await post(
        { ...headers, 'Content-Range': range },
        data.slice(start, end + 1),
      )
      assert.equal(fragment.status, 200)
    }
    const closed = await post({ 'BITS-Packet-Type': 'Close-Session', 'BITS-Session-Id': session })
    assert.equal(closed.status, 200)
    assert.deepEqual(bits.uploads.get('crash.dmp')?.bytes, data)
    return data.length
  } finally {
    server.close()
  }
}

module.exports = { upload }
