/**
 * `npm run demo`: what msw-bits is for, in three parts, through MSW's `setupServer`:
 *   1. a shipped fault plan (fixtures/plans/fragment-503-burst.json) acting on an upload by the
 *      reference client (test/support/bits-client.ts): the journal's ⚡ lines, and a SHA-256 check;
 *   2. the oracle catching a deliberately broken client (the same client with `maxRetries: 0`,
 *      which gives up on Close-Session after one 503): the rule ids it broke;
 *   3. the message a failing `expect(bits).toFollowBitsClientRules()` prints (jest's `expect`).
 * Exits 1 when the upload does not arrive whole or the oracle misses the broken client.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { expect } from 'expect'
import { setupServer } from 'msw/node'
import { bitsMatchers, checkClientRules, createBitsServer, validatePlan } from 'msw-bits'
import closeSessionBurst from 'msw-bits/fixtures/plans/close-session-5xx-burst.json' with {
  type: 'json',
}
import fragmentBurst from 'msw-bits/fixtures/plans/fragment-503-burst.json' with { type: 'json' }
import type {} from 'msw-bits/jest'
import { uploadBits } from '../test/support/bits-client.js'

const FILE = 'screenshot.png'
const data = new Uint8Array(
  await readFile(new URL(`../fixtures/payloads/${FILE}`, import.meta.url)),
)
const url = `https://bits.example.test/uploads/demo/${FILE}`

const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads', store: 'digest' })
const server = setupServer(...bits.handlers)
server.listen({ onUnhandledRequest: 'error' })

const heading = (text: string) => console.log(`\n\u001b[1m${text}\u001b[0m\n`)
let failed = false

try {
  heading(`1. fixtures/plans/fragment-503-burst.json acting on an upload of ${FILE}`)
  bits.faults.use(validatePlan(fragmentBurst))
  await uploadBits({ url, data, fragmentSize: 16 * 1024, retryDelayMs: 1 })
  console.log(bits.journal.format())
  const expected = createHash('sha256').update(data).digest('hex')
  const stored = bits.uploads.get(`demo/${FILE}`)
  const whole = stored?.sha256 === expected && stored.size === data.byteLength
  console.log(`\nstored ${stored?.size ?? 0} bytes, sha256 ${stored?.sha256 ?? '(nothing)'}`)
  console.log(whole ? 'the upload arrived whole through the 503 burst' : 'MISMATCH')
  failed ||= !whole

  heading('2. the oracle and a broken client (gives up on Close-Session after one 503)')
  bits.reset()
  bits.faults.use(validatePlan(closeSessionBurst))
  await uploadBits({ url, data, fragmentSize: 16 * 1024, maxRetries: 0 }).catch((error) =>
    console.log(`the client gave up: ${(error as Error).message}\n`),
  )
  const violations = checkClientRules(bits)
  for (const violation of violations) console.log(`✗ ${violation.rule}: ${violation.message}`)
  failed ||= !violations.some((violation) => violation.rule === 'resend-close-after-5xx')

  heading('3. what expect(bits).toFollowBitsClientRules() prints for it')
  expect.extend(bitsMatchers)
  try {
    expect(bits).toFollowBitsClientRules()
    failed = true
  } catch (error) {
    console.log((error as Error).message)
  }
} finally {
  server.close()
}
process.exitCode = failed ? 1 : 0
