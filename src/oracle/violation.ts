import type { RuleId } from './rules.js'

/**
 * One departure of the client from the BITS Upload Protocol, found in the journal.
 * @see [MC-BUP] §3.1.5
 * @example
 *   import { checkClientRules, type Violation } from 'msw-bits'
 *
 *   const violations: Violation[] = checkClientRules(bits)
 *   // [{ rule: 'resend-close-after-5xx', message: 'Close-Session #7 was answered 503 …', seqs: [7] }]
 *   for (const { rule, message } of violations) console.error(rule, message)
 */
export interface Violation {
  /** Which rule was broken (stable, kebab-case). */
  rule: RuleId
  /** What happened and what the client should have done, naming entries by `#seq`. */
  message: string
  /** The journal `seq`s involved, ascending: the answer the client reacted to, then its requests. */
  seqs: number[]
}

/**
 * Where clients legitimately differ. Every default follows the Windows BITS client as
 * [MC-BUP] and the Win32 BITS pages describe it.
 * @see [MC-BUP] §3.1.2 (client timers), §3.1.5
 * @example
 *   import { checkClientRules, type ClientRuleOptions } from 'msw-bits'
 *
 *   const windowsLike: ClientRuleOptions = { minRetryDelayMs: 5_000, skip: ['use-host-id'] }
 *   expect(checkClientRules(bits, windowsLike)).toEqual([])
 */
export interface ClientRuleOptions {
  /** Rules not to check. Default none. */
  skip?: readonly RuleId[]
  /**
   * The most times one packet may be resent after transient failures (5xx, no answer). A client
   * that stopped resending Close-Session after this many resends has not given up too early.
   * Default `Infinity`: Windows does not count retries, it retries until the job's no-progress
   * timeout (14 days by default). @see W32: IBackgroundCopyJob::SetNoProgressTimeout
   */
  maxRetries?: number
  /**
   * The least time, in ms, between a transient failure's answer and the resend. Default `0`
   * (not checked): Windows waits the job's minimum retry delay (600 s by default, 5 s at least),
   * a per-job setting far longer than a test wants; pass `5_000` to hold a client to Windows' floor.
   * @see W32: IBackgroundCopyJob::SetMinimumRetryDelay
   */
  minRetryDelayMs?: number
  /**
   * What counts as a retry storm (`no-retry-storm`): more than `resends` resends of one packet
   * within `windowMs` ms. Default `{ resends: 10, windowMs: 5_000 }`: Windows resends a packet at
   * most once per minimum retry delay (5 s at least), and ten allows a test client's
   * millisecond back-off; `false` turns the rule off.
   * @see W32: IBackgroundCopyJob::SetMinimumRetryDelay
   */
  retryStorm?: { resends: number; windowMs: number } | false
  /**
   * The `BITS-Host-Id` the server sent on Create-Session Acks. Default: `bits.options.hostId`
   * when the input is a server; none otherwise (the journal does not record it), and then
   * `use-host-id` is not checked. @see [MC-BUP] §1.3.4.2, §2.2.3.2
   */
  hostId?: string
  /**
   * `BITS-Host-Id-Fallback-Timeout`, in seconds: how long the client keeps failing to reach
   * `hostId` before it may fall back to the origin host. Default: `bits.options.hostIdFallbackTimeout`
   * when the input is a server; otherwise absent, which [MC-BUP] reads as never (infinite).
   * @see [MC-BUP] §3.1.2.3
   */
  hostIdFallbackTimeout?: number
  /**
   * Whether the client is configured to send its credentials to a `BITS-Host-Id` host of another
   * origin (`no-credentials-to-other-host` then holds nothing against it). Default `false`.
   * @see [MC-BUP] §2.2.3.2; RFC 9110 §11.6.2
   */
  credentialsToHostId?: boolean
}

/** Options with every default filled in. @see {@link ClientRuleOptions} */
export interface ResolvedRuleOptions {
  skip: ReadonlySet<RuleId>
  maxRetries: number
  minRetryDelayMs: number
  /** `null` when off. */
  retryStorm: { resends: number; windowMs: number } | null
  hostId: string | undefined
  /** In ms; `Infinity` when never. */
  hostIdFallbackMs: number
  credentialsToHostId: boolean
}
