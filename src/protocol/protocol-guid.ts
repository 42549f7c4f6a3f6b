/**
 * The protocol GUID of BITS 1.5 upload, the only one the spec defines.
 * @see [MC-BUP] §1.7.1
 * @example
 *   import { BITS_POST, BITS_PROTOCOL_GUID } from 'msw-bits'
 *
 *   await fetch(url, {
 *     method: BITS_POST,
 *     headers: {
 *       'BITS-Packet-Type': 'Create-Session',
 *       'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
 *     },
 *   })
 */
export const BITS_PROTOCOL_GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}'

/** Windows reads at most this many GUIDs from `BITS-Supported-Protocols`. @see [MC-BUP] §2.2.2 */
const MAX_OFFERED_PROTOCOLS = 100

/**
 * Picks the protocol from a `BITS-Supported-Protocols` value: braced GUIDs separated by spaces or
 * commas, the client's preferred first, compared case-insensitively.
 *
 * @returns the chosen GUID as the server spells it, or `null` when none is supported.
 * @see [MC-BUP] §2.2.2, §3.2.5.2.4
 */
export function negotiateProtocol(offered: string | null): string | null {
  if (offered === null) return null
  const guids = offered
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, MAX_OFFERED_PROTOCOLS)
  return guids.some((guid) => guid.toLowerCase() === BITS_PROTOCOL_GUID) ? BITS_PROTOCOL_GUID : null
}
