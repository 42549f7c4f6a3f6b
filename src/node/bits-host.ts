import {
  ack,
  BITS_POST,
  Header,
  isBodiless,
  parsePacketType,
  WireErrors,
} from '../protocol/index.js'
import type { BitsEngine } from '../server/engine.js'
import type { Outcome } from '../server/outcome.js'
import type { IncomingRequest } from './http/connection.js'
import type { SocketAnswer } from './http/socket-answer.js'

/** Status for a packet without `Content-Length`: 400 as Windows answers, or 411. */
export type MissingLengthStatus = 400 | 411

/** When a missing `Content-Length` is refused. */
export interface MissingLengthPolicy {
  status: MissingLengthStatus
  /**
   * `false` (default): only a Fragment, whose body is the point; the bodiless packets are taken
   * with the empty body RFC 9112 §6.3 gives them, since `fetch` and undici never send
   * `Content-Length: 0` on a method other than POST or PUT. `true`: every packet, as Windows.
   */
  strict: boolean
}

/**
 * The one place where the engine's outcome becomes what the socket does: a response, or a
 * transport effect on the connection itself, which in-process hosts can only show as a failed
 * fetch.
 */
export function createBitsAnswer(
  bits: BitsEngine,
  missingLength: MissingLengthPolicy,
): (incoming: IncomingRequest) => Promise<SocketAnswer> {
  return async ({ request, framing }) => {
    // Only a host that sees the wire can tell a missing Content-Length from one Fetch hid.
    // @see [MC-BUP] §3.2.5.2.3 (validation order: missing Content-Length → 411/400)
    const refusal =
      framing === 'none' && isBitsPost(request) && refusesMissingLength(request, missingLength)
        ? ack({ status: missingLength.status, error: WireErrors.InvalidArgument })
        : undefined
    return toSocketAnswer(bits, await bits.exchange(request, refusal))
  }
}

/**
 * What the socket does for an outcome. Transport effects act on the connection, as Toxiproxy's
 * toxics do: `reset` sends RST, `truncate` half the answer then FIN, `garbage` bytes that are not
 * HTTP, `network-error` FIN with no answer, `slow-close` the answer then a FIN `durationMs` late;
 * a hang leaves the connection open and silent.
 */
export function toSocketAnswer(bits: BitsEngine, outcome: Outcome): SocketAnswer {
  switch (outcome.kind) {
    case 'ack':
    case 'response':
      return { kind: 'respond', response: bits.render(outcome) }
    case 'unanswered':
      return { kind: 'hang' }
    case 'transport':
      switch (outcome.effect) {
        case 'reset':
          return { kind: 'reset' }
        case 'garbage':
          return { kind: 'garbage' }
        case 'network-error':
          return { kind: 'close' }
        case 'truncate':
          // With timing "before" nothing was processed, so there is no answer to cut short.
          return outcome.answer === null
            ? { kind: 'close' }
            : { kind: 'truncate', response: bits.render(outcome.answer) }
        case 'slow-close':
          return {
            kind: 'slow-close',
            response: bits.render(outcome.answer),
            durationMs: outcome.durationMs,
          }
      }
  }
}

function isBitsPost(request: Request): boolean {
  const method =
    request.method === 'POST' ? request.headers.get(Header.MethodOverride) : request.method
  return method === BITS_POST
}

function refusesMissingLength(request: Request, policy: MissingLengthPolicy): boolean {
  if (policy.strict) return true
  const type = parsePacketType(request.headers.get(Header.PacketType))
  return type !== null && !isBodiless(type)
}
