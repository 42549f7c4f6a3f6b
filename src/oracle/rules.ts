import { closeAfterLastByte } from './close-after-last-byte.js'
import { closeCompletedSession } from './close-completed-session.js'
import { constantContentRangeTotal } from './constant-content-range-total.js'
import { downloadReplyBeforeClose } from './download-reply-before-close.js'
import { fragmentAtReceivedRange } from './fragment-at-received-range.js'
import { maxRetries } from './max-retries.js'
import { minRetryDelay } from './min-retry-delay.js'
import { noCredentialsToOtherHost } from './no-credentials-to-other-host.js'
import { noPacketsAfterClose } from './no-packets-after-close.js'
import { noResendAfterFatal } from './no-resend-after-fatal.js'
import { noRetryStorm } from './no-retry-storm.js'
import { oneRequestPerSession } from './one-request-per-session.js'
import { resendCloseAfter5xx } from './resend-close-after-5xx.js'
import { restartAfterSessionNotFound } from './restart-after-session-not-found.js'
import { sendCredentialsAfterChallenge } from './send-credentials-after-challenge.js'
import { smallerFragmentAfter413 } from './smaller-fragment-after-413.js'
import { useHostId } from './use-host-id.js'

/**
 * Every client rule, in the order violations of the same request are listed.
 * @see [MC-BUP] §3.1.5
 * @example
 *   import { CLIENT_RULES } from 'msw-bits'
 *
 *   for (const rule of CLIENT_RULES) console.log(`${rule.id}: ${rule.summary} (${rule.source})`)
 */
export const CLIENT_RULES = /* @__PURE__ */ Object.freeze([
  noResendAfterFatal,
  resendCloseAfter5xx,
  restartAfterSessionNotFound,
  fragmentAtReceivedRange,
  smallerFragmentAfter413,
  constantContentRangeTotal,
  closeAfterLastByte,
  closeCompletedSession,
  downloadReplyBeforeClose,
  useHostId,
  sendCredentialsAfterChallenge,
  noCredentialsToOtherHost,
  oneRequestPerSession,
  noPacketsAfterClose,
  maxRetries,
  minRetryDelay,
  noRetryStorm,
] as const)

/**
 * The stable ids of the client rules {@link checkClientRules} checks, each naming what a
 * conforming client does; `skip` takes them. Each is written once, in its rule's module.
 * @see [MC-BUP] §3.1.5 (client message processing)
 * @example
 *   import { checkClientRules, type RuleId } from 'msw-bits'
 *
 *   // This client never downloads the reply; hold it to the other rules.
 *   const skip: RuleId[] = ['download-reply-before-close']
 *   expect(checkClientRules(bits, { skip })).toEqual([])
 */
export type RuleId = (typeof CLIENT_RULES)[number]['id']
