// The two credential rules on hand-built journals: what they hold against a client, and what not.
import { describe, expect, it } from 'vitest'
import { checkClientRules, type JournalEntry, type RuleId } from '../../src/index.js'
import { journalEntry } from '../support/journal-entries.js'

const ORIGIN = 'https://bits.example.test/uploads/a.bin'
const NODE = 'https://node2.example.test/uploads/a.bin'
const ID = '{5A9D1C1E-0000-4000-8000-000000000001}'

/** Entries in order, 10 ms apart, each answered 1 ms after it arrived. */
function journal(...steps: Partial<JournalEntry>[]): JournalEntry[] {
  return steps.map((step, index) =>
    journalEntry({
      seq: index + 1,
      time: index * 10,
      answeredAt: index * 10 + 1,
      url: ORIGIN,
      ...step,
    }),
  )
}
const create = (step: Partial<JournalEntry> = {}) =>
  ({ packet: 'Create-Session', sessionId: ID, ...step }) as const
const ping = (step: Partial<JournalEntry> = {}) => ({ packet: 'Ping', ...step }) as const
const challenged = { status: 401, errorCode: 0x80190191, errorContext: 5 }
const rules = (entries: JournalEntry[], options = {}): RuleId[] =>
  checkClientRules(entries, options).map((violation) => violation.rule)

describe('send-credentials-after-challenge', () => {
  it('holds nothing against a client that answers the challenge, or gives up', () => {
    expect(rules(journal(ping(challenged), ping({ authScheme: 'Basic' })))).toEqual([])
    expect(rules(journal(ping(challenged)))).toEqual([])
  })

  it('flags each bare resend after a 401, naming both requests', () => {
    const violations = checkClientRules(journal(ping(challenged), ping(challenged), ping()))
    expect(violations.map((violation) => [violation.rule, violation.seqs])).toEqual([
      ['send-credentials-after-challenge', [1, 2]],
      ['send-credentials-after-challenge', [2, 3]],
    ])
    expect(violations[0]?.message).toMatch(
      /Ping #1 was answered 401 .* Ping #2 sent it again without credentials/,
    )
  })
})

describe('no-credentials-to-other-host', () => {
  const hostId = 'node2.example.test'
  const moved = (step: Partial<JournalEntry> = {}) => ({ url: NODE, ...step })

  it('flags credentials sent to the host id of another origin, once per Create-Session', () => {
    const entries = journal(
      create({ authScheme: 'Basic' }),
      moved(ping({ authScheme: 'Basic' })),
      moved({ packet: 'Cancel-Session', sessionId: ID, authScheme: 'Basic' }),
    )
    const violations = checkClientRules(entries, { hostId })
    expect(violations.map((violation) => [violation.rule, violation.seqs])).toEqual([
      ['no-credentials-to-other-host', [1, 2, 3]],
    ])
    expect(rules(entries, { hostId, credentialsToHostId: true })).toEqual([])
    // Without the host id the journal cannot tell a host id from any other host.
    expect(rules(entries)).toEqual([])
  })

  it('holds nothing against credentials kept for the origin, or a host id on the same host', () => {
    const bare = journal(
      create({ authScheme: 'Basic' }),
      moved(ping()),
      moved({ packet: 'Cancel-Session', sessionId: ID }),
    )
    expect(rules(bare, { hostId })).toEqual([])
    const same = journal(create({ authScheme: 'Basic' }), ping({ authScheme: 'Basic' }))
    expect(rules(same, { hostId: 'bits.example.test' })).toEqual([])
  })

  it('refuses a credentialsToHostId that is not a boolean, naming it', () => {
    expect(() => checkClientRules([], { credentialsToHostId: 'yes' as never })).toThrow(
      '"credentialsToHostId" must be true or false',
    )
  })
})
