import type { PacketType } from '../../protocol/index.js'
import type { Packet } from '../envelope.js'
import type { ServerContext } from '../server-context.js'
import { cancelSession } from './cancel-session.js'
import { closeSession } from './close-session.js'
import { createSession } from './create-session.js'
import { fragment } from './fragment.js'
import { ping } from './ping.js'

/** Processes one decoded packet; `origin` is where the request came in (for `BITS-Reply-URL`). */
export type PacketModule = (
  packet: Packet,
  server: ServerContext,
  origin: string,
) => Response | Promise<Response>

/** One module per packet type. @see [MC-BUP] §3.2.5.2 */
export const PACKET_MODULES: Record<PacketType, PacketModule> = {
  'Create-Session': createSession,
  Fragment: fragment,
  'Close-Session': closeSession,
  'Cancel-Session': cancelSession,
  Ping: ping,
}
