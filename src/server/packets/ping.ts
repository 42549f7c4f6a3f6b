import type { Packet } from '../envelope.js'
import { type ServerContext, serverAck } from '../server-context.js'

/**
 * Ping: "the server MUST NOT perform any processing … and MUST respond with 200", session or not.
 * @see [MC-BUP] §2.2.4, §2.2.5, §3.2.5.2.5
 */
export function ping(_packet: Packet, server: ServerContext): Response {
  return serverAck(server, { status: 200 })
}
