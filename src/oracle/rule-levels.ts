import type { RuleId } from './rules.js'

/**
 * How strictly a client rule is held: `must` (breaking it loses data, loops, or leaks
 * credentials: `msw-bits certify` fails the scenario) or `should` (a conforming client does it,
 * but the upload still comes out right: the scenario is `non-strict`). @see RFC 2119
 * @example
 *   import { checkClientRules, RULE_LEVELS, type RuleLevel } from 'msw-bits'
 *
 *   const level: RuleLevel = 'must'
 *   const fatal = checkClientRules(bits).filter(({ rule }) => RULE_LEVELS[rule] === level)
 */
export type RuleLevel = 'must' | 'should'

/**
 * Every client rule's level, in one table: what `msw-bits certify` and `certifyClient` grade by.
 * MUST: the protocol's state machine ([MC-BUP] §3.1.5) and what loses an upload or a reply.
 * SHOULD: what the spec words as advice (413 → smaller, [MC-BUP] §3.1.5.2.4), what Windows does
 * by job setting rather than by protocol (retry pacing and counts: W32 SetMinimumRetryDelay,
 * SetNoProgressTimeout), and tidiness the server forgives (a packet after a successful close).
 * @example
 *   import { RULE_LEVELS } from 'msw-bits'
 *
 *   RULE_LEVELS['fragment-at-received-range'] // 'must'
 *   RULE_LEVELS['no-retry-storm'] // 'should'
 */
export const RULE_LEVELS: Readonly<Record<RuleId, RuleLevel>> = Object.freeze({
  'no-resend-after-fatal': 'must',
  'resend-close-after-5xx': 'must',
  'restart-after-session-not-found': 'must',
  'fragment-at-received-range': 'must',
  'smaller-fragment-after-413': 'should',
  'constant-content-range-total': 'must',
  'close-after-last-byte': 'must',
  'close-completed-session': 'must',
  'download-reply-before-close': 'must',
  'use-host-id': 'must',
  'send-credentials-after-challenge': 'must',
  'no-credentials-to-other-host': 'must',
  'one-request-per-session': 'must',
  'no-packets-after-close': 'should',
  'max-retries': 'should',
  'min-retry-delay': 'should',
  'no-retry-storm': 'should',
})
