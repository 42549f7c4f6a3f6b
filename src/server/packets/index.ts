import type { Ack } from '../../protocol/index.js'
import type { Packet } from '../envelope.js'
import type { ServerContext } from '../server-context.js'
import { cancelSession } from './cancel-session.js'
import { closeSession } from './close-session.js'
import { createSession } from './create-session.js'
import { fragment } from './fragment.js'
import { ping } from './ping.js'

/**
 * Processes one decoded packet in its packet type's module and returns its Ack as data; `origin`
 * is where the request came in (for `BITS-Reply-URL`). No module renders or knows its host.
 * @see [MC-BUP] §3.2.5.2
 */
export function processPacket(
  packet: Packet,
  server: ServerContext,
  origin: string,
): Ack | Promise<Ack> {
  switch (packet.type) {
    case 'Create-Session':
      return createSession(packet, server)
    case 'Fragment':
      return fragment(packet, server, origin)
    case 'Close-Session':
      return closeSession(packet, server)
    case 'Cancel-Session':
      return cancelSession(packet, server)
    case 'Ping':
      return ping()
  }
}
