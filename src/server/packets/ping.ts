import { type Ack, ack } from '../../protocol/index.js'

const PING_ACK = Object.freeze(ack({ status: 200 }))

/**
 * Ping: "the server MUST NOT perform any processing … and MUST respond with 200", session or not.
 * @see [MC-BUP] §2.2.4, §2.2.5, §3.2.5.2.5
 */
export function ping(): Ack {
  return PING_ACK
}
