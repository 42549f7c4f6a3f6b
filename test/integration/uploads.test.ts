import { describe, expect, it } from 'vitest'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { firstDifference, generateBytes, payload, sha256Hex } from '../support/payloads.js'

const { start } = useBitsServer()

/** Real files, each through the reference client; [MC-BUP] §3.2.5.2.6 appends, §3.2.5.2.7 commits. */
const cases = [
  { what: 'a 1-byte file, one 1-byte fragment', file: 'one-byte.bin', fragmentSize: 65_536 },
  { what: 'a PNG in exactly one fragment', file: 'screenshot.png', fragmentSize: 143_185 },
  {
    what: 'a PNG in 21 fragments (143,185 = 20 × 7000 + 3185)',
    file: 'screenshot.png',
    fragmentSize: 7000,
  },
  {
    what: 'a text log in 17 fragments (84,513 = 16 × 5120 + 2593)',
    file: 'crash-report.log',
    fragmentSize: 5120,
  },
] as const

describe.each(['memory', 'digest'] as const)(
  'the %s store: real payloads arrive intact',
  (store) => {
    it.each(cases)('$what', async ({ file, fragmentSize }) => {
      const bits = start({ store })
      const data = payload(file)
      const remote = `payloads/${file}`
      const { sessionId } = await uploadBits({
        url: `${BASE_URL}/${remote}`,
        data,
        fragmentSize,
        contentName: file,
      })
      const upload = bits.uploads.get(remote)!
      expect(upload).toMatchObject({
        name: remote,
        sessionId,
        contentName: file,
        size: data.byteLength,
      })
      expect(upload.sha256).toBe(sha256Hex(data))
      if (store === 'memory') expect(firstDifference(upload.bytes, data)).toBeNull()
      else expect(upload.bytes).toBeUndefined()
      const fragments = bits.journal.filter({ packet: 'Fragment' })
      expect(fragments).toHaveLength(Math.ceil(data.byteLength / fragmentSize))
      expect(fragments.every((entry) => entry.status === 200)).toBe(true)
    })
  },
)

describe('large uploads', () => {
  it('64 MiB in the digest store, 4 MiB fragments, checked by SHA-256 (node:crypto)', async () => {
    const bits = start({ store: 'digest' })
    const data = generateBytes(64 * 1024 * 1024, 0xb175)
    const expected = sha256Hex(data)
    await uploadBits({ url: `${BASE_URL}/big.bin`, data, fragmentSize: 4 * 1024 * 1024 })
    const upload = bits.uploads.get('big.bin')!
    expect(upload.size).toBe(64 * 1024 * 1024)
    expect(upload.sha256).toBe(expected)
    expect(upload.bytes).toBeUndefined()
    expect(bits.journal.count({ packet: 'Fragment' })).toBe(16)
  })
})
