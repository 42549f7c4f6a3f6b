import type { Packet } from '../envelope.js'
import { reply, type ServerContext } from '../server-context.js'

/**
 * Ping: "the server MUST NOT perform any processing … and MUST respond with 200", session or not.
 * @see [MC-BUP] §2.2.4, §2.2.5, §3.2.5.2.5
 */
export function ping(_packet: Packet, server: ServerContext): Response {
  return reply(server, { status: 200 })
}
