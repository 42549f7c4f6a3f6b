import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { type FaultsApi, formatPending } from '../faults/index.js'
import type { Journal, JournalQuery } from '../journal/index.js'
import { checkClientRules } from '../oracle/check-client-rules.js'
import { CLIENT_RULES, type RuleId } from '../oracle/rules.js'
import type { ClientRuleOptions, Violation } from '../oracle/violation.js'
import { type PacketType, parsePacketType } from '../protocol/index.js'
import type { Upload } from '../server/stores/index.js'
import type { UploadsView } from '../server/uploads.js'

/**
 * What the matchers take as `expect(bits)`: a BITS server from `createBitsServer()`, or anything
 * with its `journal` and `uploads` (and `options`, for `BITS-Host-Id`).
 * @see [MC-BUP] §3.2 (the server whose record the matchers read)
 * @example
 *   import type { BitsLike } from 'msw-bits'
 *   import { startBitsServer } from 'msw-bits/node'
 *
 *   const srv = await startBitsServer()
 *   const bits: BitsLike = srv.bits // the loopback server's engine works as well
 *   expect(bits).toFollowBitsClientRules()
 */
export interface BitsLike {
  readonly journal: Journal
  readonly uploads: UploadsView
  /** The fault plan, for `toHaveUsedAllFaults`. */
  readonly faults?: Pick<FaultsApi, 'pending'>
  readonly options?: { readonly hostId?: string; readonly hostIdFallbackTimeout?: number }
}

/**
 * Criteria of {@link BitsMatchers.toHaveReceivedPacket}; every given field must match.
 * @see [MC-BUP] §2.2 (the packets)
 * @example
 *   import type { PacketExpectation } from 'msw-bits'
 *
 *   const burst: PacketExpectation = { times: 3, status: 503, fault: '503 burst' }
 *   expect(bits).toHaveReceivedPacket('Fragment', burst)
 */
export interface PacketExpectation {
  /** Exactly this many packets; absent: at least one. */
  times?: number
  /** Only packets of this session (any case). */
  sessionId?: string
  /** Only packets answered with this status (or one of these); `null`: no answer (hang, network error, client gone). */
  status?: number | number[] | null
  /** `true`: some fault acted; `false`: none; a string: the fault rule of that name acted. */
  fault?: boolean | string
}

/**
 * Criteria of {@link BitsMatchers.toHaveCompletedUpload}; every given field must match.
 * @see [MC-BUP] §3.2.5.2.7 (Close-Session commits the upload)
 * @example
 *   import type { UploadExpectation } from 'msw-bits'
 *
 *   const dump = new Uint8Array(100_000).fill(7)
 *   const expected: UploadExpectation = { size: 100_000, content: dump }
 *   expect(bits).toHaveCompletedUpload('crash.dmp', expected)
 */
export interface UploadExpectation {
  /** Size in bytes. */
  size?: number
  /** SHA-256 of the bytes, hex (any case). */
  sha256?: string
  /** The bytes the client meant to upload (a string is taken as UTF-8): size and SHA-256 must match. */
  content?: Uint8Array | ArrayBuffer | string
  /** The `Content-Name` the client sent on Create-Session. */
  contentName?: string | null
}

/**
 * The msw-bits matchers, typed for vitest's and jest's `expect`. `R` is what a matcher returns
 * (`void` on an assertion). `msw-bits/vitest` and `msw-bits/jest` add them to `expect`'s types;
 * a framework of your own extends its assertion type with them.
 * @see [MC-BUP] §3.1.5
 * @example
 *   import type { BitsMatchers } from 'msw-bits'
 *
 *   declare module 'vitest' {
 *     interface Matchers<T = any> extends BitsMatchers<T> {}
 *   }
 */
export interface BitsMatchers<R = unknown> {
  /**
   * Passes when {@link checkClientRules} finds no violation in what the server saw.
   * @example expect(bits).toFollowBitsClientRules({ maxRetries: 8 })
   */
  toFollowBitsClientRules(options?: ClientRuleOptions): R
  /**
   * Passes when the client broke `rule` (for tests of a deliberately broken client, or of the
   * oracle itself).
   * @example expect(bits).toHaveBrokenBitsClientRule('resend-close-after-5xx')
   */
  toHaveBrokenBitsClientRule(rule: RuleId, options?: ClientRuleOptions): R
  /**
   * Passes when the server received `packet` (at least once, or exactly `times`), filtered by
   * session, answered status and fault.
   * @example expect(bits).toHaveReceivedPacket('Close-Session', { times: 3, status: [503, 200] })
   */
  toHaveReceivedPacket(packet: PacketType, expected?: PacketExpectation): R
  /**
   * Passes when an upload was committed at `name` (the path under `baseUrl`) by Close-Session,
   * with the given size, SHA-256, content and Content-Name.
   * @example expect(bits).toHaveCompletedUpload('crash.dmp', { content: bytes })
   */
  toHaveCompletedUpload(name: string, expected?: UploadExpectation): R
  /**
   * Passes when every fault rule acted as often as scripted; fails with a table of the rules that
   * never did (as `bits.faults.assertNoPending()` throws it), so a test fails when a burst never
   * happened.
   * @example expect(bits).toHaveUsedAllFaults()
   */
  toHaveUsedAllFaults(): R
}

/** What vitest and jest both pass as `this` to a matcher; only `isNot` is read. */
interface MatcherContext {
  readonly isNot?: boolean
}

interface MatcherResult {
  pass: boolean
  message: () => string
}

type MatcherFunction<A extends unknown[]> = (
  this: MatcherContext,
  received: unknown,
  ...args: A
) => MatcherResult

/**
 * The matcher implementations, one object for `expect.extend`.
 * @see [MC-BUP] §3.1.5
 * @example
 *   import { type BitsMatcherImplementations, bitsMatchers } from 'msw-bits'
 *   import { expect } from 'vitest'
 *
 *   const matchers: BitsMatcherImplementations = bitsMatchers
 *   expect.extend(matchers)
 */
export type BitsMatcherImplementations = {
  [K in keyof BitsMatchers]: MatcherFunction<Parameters<BitsMatchers[K]>>
}

/**
 * The matchers, for `expect.extend(bitsMatchers)` in vitest or jest. The setup modules
 * `msw-bits/vitest` and `msw-bits/jest` do that for you and add the types.
 * @example
 *   import { expect } from 'vitest'
 *   import { bitsMatchers } from 'msw-bits'
 *   expect.extend(bitsMatchers)
 * @see [MC-BUP] §3.1.5; https://vitest.dev/guide/extending-matchers,
 *   https://jestjs.io/docs/expect#expectextendmatchers
 */
export const bitsMatchers: BitsMatcherImplementations = {
  toFollowBitsClientRules(received, options) {
    const bits = asBits(received, 'toFollowBitsClientRules')
    const violations = checkClientRules(bits, options)
    return {
      pass: violations.length === 0,
      message: () =>
        violations.length === 0
          ? report(
              bits,
              'expected the client to break a BITS client rule, but it followed them all',
            )
          : report(
              bits,
              `expected the client to follow the BITS client rules, but it broke ${violations.length}:\n${listViolations(violations)}`,
            ),
    }
  },

  toHaveBrokenBitsClientRule(received, rule, options) {
    const bits = asBits(received, 'toHaveBrokenBitsClientRule')
    if (!CLIENT_RULES.some((known) => known.id === rule)) {
      throw new TypeError(
        `Failed to match toHaveBrokenBitsClientRule: no rule "${rule}". Rules: ${CLIENT_RULES.map((known) => known.id).join(', ')}.`,
      )
    }
    const violations = checkClientRules(bits, options)
    const broken = violations.filter((violation) => violation.rule === rule)
    const found = violations.length === 0 ? 'none' : `\n${listViolations(violations)}`
    return {
      pass: broken.length > 0,
      message: () =>
        broken.length > 0
          ? report(
              bits,
              `expected the client not to break "${rule}", but:\n${listViolations(broken)}`,
            )
          : report(bits, `expected the client to break "${rule}"; violations found: ${found}`),
    }
  },

  toHaveReceivedPacket(received, packet, expected = {}) {
    const bits = asBits(received, 'toHaveReceivedPacket')
    const type = parsePacketType(packet)
    if (type === null) {
      throw new TypeError(
        `Failed to match toHaveReceivedPacket: "${packet}" is no BITS packet type. Use Create-Session, Fragment, Close-Session, Cancel-Session or Ping.`,
      )
    }
    const { times, sessionId, status, fault } = expected
    const query: JournalQuery = { kind: 'packet', packet: type }
    if (sessionId !== undefined) query.sessionId = sessionId
    if (status !== undefined) query.status = status
    if (fault !== undefined) query.fault = fault
    const count = bits.journal.count(query)
    const pass = times === undefined ? count > 0 : count === times
    const filters = [
      sessionId === undefined ? '' : ` on session ${sessionId}`,
      status === undefined
        ? ''
        : ` answered ${[status]
            .flat()
            .map((one) => one ?? 'no answer')
            .join(' or ')}`,
      fault === undefined ? '' : ` with fault ${JSON.stringify(fault)}`,
    ].join('')
    const wanted = times === undefined ? 'at least one' : `${times}`
    return {
      pass,
      message: () =>
        report(
          bits,
          `expected the server ${pass ? 'not ' : ''}to have received ${wanted} ${type} packet(s)${filters}; it received ${count}`,
        ),
    }
  },

  toHaveCompletedUpload(received, name, expected = {}) {
    const bits = asBits(received, 'toHaveCompletedUpload')
    const upload = bits.uploads.get(name)
    const problems = upload ? compareUpload(upload, expected) : ['no upload was committed there']
    const committed = bits.uploads
      .list()
      .map((each) => `  ${each.name}: ${each.size} bytes, sha256 ${each.sha256}`)
      .join('\n')
    return {
      pass: problems.length === 0,
      message: () =>
        problems.length === 0
          ? report(bits, `expected no completed upload at "${name}" matching, but there is one`)
          : report(
              bits,
              `expected a completed upload at "${name}", but ${problems.join('; ')}.\nCommitted uploads:\n${committed || '  (none)'}`,
            ),
    }
  },

  toHaveUsedAllFaults(received) {
    const bits = asBits(received, 'toHaveUsedAllFaults')
    if (typeof bits.faults?.pending !== 'function') {
      throw new TypeError(
        'Failed to match toHaveUsedAllFaults: expected a BITS server (createBitsServer()) with its faults, got one without.',
      )
    }
    const pending = bits.faults.pending()
    return {
      pass: pending.length === 0,
      message: () =>
        pending.length === 0
          ? report(bits, 'expected some fault rule never to have acted, but every one did')
          : report(
              bits,
              `expected every fault rule to have acted as scripted, but\n${formatPending(pending)}`,
            ),
    }
  },
}

function compareUpload(upload: Upload, expected: UploadExpectation): string[] {
  const problems: string[] = []
  const { size, content, contentName } = expected
  let digest = expected.sha256?.toLowerCase()
  let length = size
  if (content !== undefined) {
    const bytes =
      typeof content === 'string'
        ? new TextEncoder().encode(content)
        : content instanceof Uint8Array
          ? content
          : new Uint8Array(content)
    length ??= bytes.byteLength
    if (length !== bytes.byteLength)
      problems.push(`"size" ${length} contradicts the ${bytes.byteLength} bytes of "content"`)
    const contentDigest = bytesToHex(sha256(bytes))
    if (digest !== undefined && digest !== contentDigest)
      problems.push('"sha256" contradicts the SHA-256 of "content"')
    digest = contentDigest
  }
  if (length !== undefined && upload.size !== length)
    problems.push(`it has ${upload.size} bytes, not ${length}`)
  if (digest !== undefined && upload.sha256 !== digest)
    problems.push(`its SHA-256 is ${upload.sha256}, not ${digest}`)
  if (contentName !== undefined && upload.contentName !== contentName)
    problems.push(
      `its Content-Name is ${JSON.stringify(upload.contentName)}, not ${JSON.stringify(contentName)}`,
    )
  return problems
}

function asBits(received: unknown, matcher: string): BitsLike {
  const candidate = received as Partial<BitsLike> | null
  if (
    typeof candidate?.journal?.format !== 'function' ||
    typeof candidate.uploads?.get !== 'function'
  ) {
    throw new TypeError(
      `Failed to match ${matcher}: expected a BITS server (createBitsServer()) or an object with its journal and uploads, got ${describe(received)}.`,
    )
  }
  return candidate as BitsLike
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object'
    ? `an object with keys ${Object.keys(value).join(', ')}`
    : typeof value
}

function listViolations(violations: readonly Violation[]): string {
  return violations
    .map(
      (violation) => `  ✗ ${violation.rule} [#${violation.seqs.join(', #')}]: ${violation.message}`,
    )
    .join('\n')
}

function report(bits: BitsLike, headline: string): string {
  return `${headline}\n\n${bits.journal.format()}`
}
