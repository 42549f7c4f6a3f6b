import { HttpResponse, http } from 'msw'
import type { SetupServer } from 'msw/node'
import type { BitsServer } from '../../src/index.js'
import { untilAborted } from '../../src/shared/clock.js'

/**
 * A one-off disturbance put in front of the BITS handlers with `server.use`, so the reference
 * client's recovery can be tested without the fault engine. It acts on the first `times` requests
 * it matches, then lets everything through.
 */
export interface Interference {
  /** `BITS-Packet-Type` to match (any case); `'GET'` matches reply downloads. Absent: any. */
  packet?: string
  /** A further condition on the request. */
  when?: (request: Request) => boolean
  /** How many matching requests to disturb. Default 1. */
  times?: number
  /** `'before'`: the server never sees the request; `'after'`: it processes it, the Ack is lost. */
  timing?: 'before' | 'after'
  /** What the client gets instead: an Ack-like response, a network error, or no answer ever. */
  answer: (() => Response) | 'network-error' | 'hang'
}

/** Installs `rule`; returns a live count of the requests it disturbed. */
export function interfere(
  server: SetupServer,
  bits: BitsServer,
  rule: Interference,
): { readonly count: number } {
  const state = { count: 0 }
  const times = rule.times ?? 1
  const matches = (request: Request) => {
    const type = request.method === 'GET' ? 'GET' : request.headers.get('BITS-Packet-Type')
    const packetMatches =
      rule.packet === undefined || type?.toLowerCase() === rule.packet.toLowerCase()
    return packetMatches && (rule.when?.(request) ?? true)
  }
  server.use(
    http.all('*', async ({ request }) => {
      if (state.count >= times || !matches(request)) return undefined
      state.count++
      if (rule.timing === 'after') await bits.handle(request.clone())
      // A hang ends when the client goes away, as a closed connection ends it on a real server;
      // under load the client's timeout can fire before this resolver runs.
      if (rule.answer === 'hang') {
        await untilAborted(request.signal)
        return HttpResponse.error()
      }
      return rule.answer === 'network-error' ? HttpResponse.error() : rule.answer()
    }),
  )
  return state
}

/** An error Ack as a BITS server sends it. */
export function errorAck(status: number, errorCode?: number, context = 0x5): Response {
  const headers: Record<string, string> = { 'BITS-Packet-Type': 'Ack', 'Content-Length': '0' }
  if (errorCode !== undefined) {
    headers['BITS-Error-Code'] = `0x${errorCode.toString(16).toUpperCase()}`
    headers['BITS-Error-Context'] = `0x${context.toString(16).toUpperCase()}`
  }
  return new Response(null, { status, headers })
}

/** Whether a Fragment request carries the upload's last byte. */
export function isLastFragment(request: Request): boolean {
  const match = /(\d+)\/(\d+)$/.exec(request.headers.get('Content-Range') ?? '')
  return match !== null && Number(match[1]) === Number(match[2]) - 1
}
