import type { Socket } from 'node:net'

/**
 * Closes the connection with a TCP RST, so the client sees ECONNRESET. On https the RST goes to
 * the TCP socket under the TLS one: resetting the TLS socket itself only sends close_notify and
 * FIN, which a client reads as an empty reply. Node keeps that TCP socket as `_parent`
 * (undocumented, unchanged since Node 0.11; test/node/transport-clients.test.ts pins it).
 */
export function resetConnection(socket: Socket): void {
  const tcp = (socket as Socket & { _parent?: Socket | null })._parent ?? socket
  tcp.resetAndDestroy()
  if (tcp !== socket) socket.destroy()
}
