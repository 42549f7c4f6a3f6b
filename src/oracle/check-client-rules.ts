import type { Journal, JournalEntry } from '../journal/index.js'
import { BitsUsageError } from '../shared/usage-error.js'
import { Analysis } from './analysis.js'
import { CLIENT_RULES, type RuleId } from './rules.js'
import type { ClientRuleOptions, ResolvedRuleOptions, Violation } from './violation.js'

const RULE_IDS: ReadonlySet<string> = /* @__PURE__ */ new Set(
  /* @__PURE__ */ CLIENT_RULES.map((rule) => rule.id),
)

/**
 * What {@link checkClientRules} reads: a journal, its entries, or the server itself (anything with
 * a `journal`), whose `options` then supply `hostId` and `hostIdFallbackTimeout`.
 * @see [MC-BUP] §2.2.3.2 (BITS-Host-Id on the Create-Session Ack)
 * @example
 *   import { checkClientRules, type JournalSource } from 'msw-bits'
 *
 *   const sources: JournalSource[] = [bits, bits.journal, bits.journal.entries]
 *   for (const source of sources) expect(checkClientRules(source)).toEqual([])
 */
export type JournalSource =
  | Journal
  | readonly JournalEntry[]
  | {
      readonly journal: Journal | readonly JournalEntry[]
      readonly options?: { readonly hostId?: string; readonly hostIdFallbackTimeout?: number }
    }

/**
 * The client-behaviour oracle: reads what a BITS server saw and reports every departure of the
 * client from the BITS Upload Protocol's client rules (bits-protocol §4), naming the rule and the
 * journal entries. An empty array means the client behaved.
 *
 * @param source `bits.journal`, its entries, or `bits` (then `bits.options.hostId` is checked too)
 * @param options where clients legitimately differ; defaults follow the Windows client
 * @returns violations ordered by the first entry involved
 * @throws {BitsUsageError} `INVALID_OPTIONS` for a source that holds no journal (`null`, a
 *   string, …), an unknown rule id in `skip`, or a bad number.
 * @example
 *   import { checkClientRules } from 'msw-bits'
 *
 *   await myUploader.upload('https://bits.example.test/uploads/crash.dmp', bytes)
 *   expect(checkClientRules(bits)).toEqual([])
 *   // or, with the matchers: expect(bits).toFollowBitsClientRules()
 * @see [MC-BUP] §3.1.5 (client message processing); W32: "Ack for Close-Session",
 *   "Handling Server Application Errors"
 */
export function checkClientRules(
  source: JournalSource,
  options: ClientRuleOptions = {},
): Violation[] {
  const { entries, server } = readSource(source)
  const analysis = new Analysis(entries, resolveRuleOptions(options, server))
  return CLIENT_RULES.filter((rule) => !analysis.options.skip.has(rule.id))
    .flatMap((rule) => rule.check(analysis))
    .sort((a, b) => (a.seqs[0] ?? 0) - (b.seqs[0] ?? 0))
}

function readSource(source: JournalSource): {
  entries: readonly JournalEntry[]
  server: { hostId?: string; hostIdFallbackTimeout?: number } | undefined
} {
  if (typeof source !== 'object' || source === null)
    return { entries: entriesOf(source), server: undefined }
  if (Array.isArray(source))
    return { entries: source as readonly JournalEntry[], server: undefined }
  if ('journal' in source) {
    const { journal } = source
    return { entries: entriesOf(journal), server: source.options }
  }
  return { entries: entriesOf(source as Journal), server: undefined }
}

function entriesOf(journal: unknown): readonly JournalEntry[] {
  if (Array.isArray(journal)) return journal as readonly JournalEntry[]
  const entries = (journal as Journal | null | undefined)?.entries
  if (!Array.isArray(entries)) {
    throw new BitsUsageError(
      'INVALID_OPTIONS',
      'Failed to check the client rules: expected a journal, its entries or a BITS server. Pass `bits`, `bits.journal` or `bits.journal.entries`.',
    )
  }
  return entries
}

function resolveRuleOptions(
  options: ClientRuleOptions,
  server: { hostId?: string; hostIdFallbackTimeout?: number } | undefined,
): ResolvedRuleOptions {
  const fail = (problem: string): never => {
    throw new BitsUsageError(
      'INVALID_OPTIONS',
      `Failed to check the client rules: ${problem}. See ClientRuleOptions in the msw-bits README.`,
    )
  }
  const skip = options.skip ?? []
  for (const id of skip) {
    if (!RULE_IDS.has(id)) fail(`"skip" names no rule "${id}" (rules: ${[...RULE_IDS].join(', ')})`)
  }
  const { maxRetries = Number.POSITIVE_INFINITY, minRetryDelayMs = 0 } = options
  if (!(maxRetries >= 0)) fail(`"maxRetries" must be 0 or more, got ${maxRetries}`)
  if (!(minRetryDelayMs >= 0)) fail(`"minRetryDelayMs" must be 0 or more, got ${minRetryDelayMs}`)
  const retryStorm = resolveRetryStorm(options.retryStorm, fail)
  const { credentialsToHostId = false } = options
  if (typeof credentialsToHostId !== 'boolean')
    fail(`"credentialsToHostId" must be true or false, got ${JSON.stringify(credentialsToHostId)}`)
  const fallback = options.hostIdFallbackTimeout ?? server?.hostIdFallbackTimeout
  if (fallback !== undefined && !(fallback >= 0))
    fail(`"hostIdFallbackTimeout" must be 0 or more seconds, got ${fallback}`)
  return {
    skip: new Set<RuleId>(skip),
    maxRetries,
    minRetryDelayMs,
    retryStorm,
    hostId: options.hostId ?? server?.hostId,
    hostIdFallbackMs: fallback === undefined ? Number.POSITIVE_INFINITY : fallback * 1000,
    credentialsToHostId,
  }
}

/**
 * Windows' floor between two tries of a packet (5 s), and the resends allowed in it: the default
 * of {@link ClientRuleOptions.retryStorm} (`resends` a count, `windowMs` in ms).
 * @see W32: IBackgroundCopyJob::SetMinimumRetryDelay
 * @example
 *   import { checkClientRules, DEFAULT_RETRY_STORM } from 'msw-bits'
 *
 *   // Twice as tolerant as the default: 20 resends in 5 s.
 *   const retryStorm = { ...DEFAULT_RETRY_STORM, resends: DEFAULT_RETRY_STORM.resends * 2 }
 *   expect(checkClientRules(bits, { retryStorm })).toEqual([])
 */
export const DEFAULT_RETRY_STORM = Object.freeze({ resends: 10, windowMs: 5_000 })

function resolveRetryStorm(
  value: ClientRuleOptions['retryStorm'],
  fail: (problem: string) => never,
): ResolvedRuleOptions['retryStorm'] {
  if (value === false) return null
  if (value === undefined) return DEFAULT_RETRY_STORM
  const { resends, windowMs } = value ?? {}
  if (!(Number.isInteger(resends) && (resends as number) >= 0) || !((windowMs as number) > 0))
    fail(
      `"retryStorm" must be false or { resends: a whole number, windowMs: more than 0 }, got ${JSON.stringify(value)}`,
    )
  return { resends, windowMs }
}
