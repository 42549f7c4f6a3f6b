// describeBitsConformance under vitest: the catalogue as one named test per scenario, run against
// the shipped reference uploader; a broken uploader's test fails with the rule it broke.
import { CATALOGUE, describeBitsConformance, type TestFunction } from 'msw-bits/node'
import { describe, expect, it } from 'vitest'
import { giveUpOnClose5xx, referenceClient } from './support/certify-kit.js'

const referenceUploader = referenceClient()

// Every scenario but the 64 MiB upload (test/certify/clients.test.ts runs that one).
describeBitsConformance('reference uploader', referenceUploader, {
  describe,
  it,
  exclude: ['1.5'],
})

/** A test that must fail: passes when the conformance test's body throws a matching error. */
const expectFailure =
  (message: RegExp): TestFunction =>
  (name, body, timeoutMs) =>
    it(`${name} fails`, () => expect(body()).rejects.toThrow(message), timeoutMs)

// Gives up on Close-Session after a 5xx: a MUST rule broken (bits-protocol.md §4 rule 5).
const givesUpOnClose = referenceClient({ classify: giveUpOnClose5xx })
describeBitsConformance('uploader that gives up on Close-Session', givesUpOnClose, {
  describe,
  it: expectFailure(/^3\.3 Close-Session 503 ×2: fail: resend-close-after-5xx \(MUST\)/),
  scenarios: ['3.3'],
})

describe('describeBitsConformance', () => {
  it('declares one test per scenario, named by id and title, in catalogue order', () => {
    const declared: string[] = []
    describeBitsConformance('any', referenceUploader, {
      describe: (name, body) => {
        declared.push(`describe ${name}`)
        body()
      },
      it: (name, _body, timeoutMs) => declared.push(`${name} (${timeoutMs} ms)`),
    })
    expect(declared[0]).toBe('describe any: BITS upload conformance (msw-bits certify)')
    expect(declared.slice(1)).toEqual(
      CATALOGUE.map(
        (s) => `${s.id} ${s.title} (${(Math.max(30, s.timeoutSeconds ?? 0) + 15) * 1000} ms)`,
      ),
    )
    expect(declared.length - 1).toBeGreaterThanOrEqual(40)
  })

  it('refuses to declare without describe and it, or with a pattern that matches nothing', () => {
    expect(() => describeBitsConformance('any', referenceUploader)).toThrow(
      /^Failed to describe the BITS conformance suite: no `describe` and `it`/,
    )
    expect(() =>
      describeBitsConformance('any', referenceUploader, { describe, it, scenarios: ['99.*'] }),
    ).toThrow(/"99\.\*" matches no scenario/)
  })
})
