/**
 * The five request packets of the BITS Upload Protocol, spelled as Windows sends them.
 *
 * @see [MC-BUP] §2.2.1.2 (BITS-Packet-Type), W32: "BITS Upload Protocol"
 * @example
 *   import { PACKET_TYPES } from 'msw-bits'
 *
 *   for (const packet of PACKET_TYPES) console.log(packet, bits.journal.count({ packet }))
 */
export const PACKET_TYPES = [
  'Create-Session',
  'Fragment',
  'Close-Session',
  'Cancel-Session',
  'Ping',
] as const

/**
 * A request packet type, in its canonical spelling: one of {@link PACKET_TYPES}.
 * @example
 *   import type { PacketType } from 'msw-bits'
 *
 *   const packet: PacketType = 'Close-Session'
 *   expect(bits).toHaveReceivedPacket(packet, { times: 1 })
 */
export type PacketType = (typeof PACKET_TYPES)[number]

/**
 * The only response packet type. @see [MC-BUP] §2.2.3
 * @example
 *   import { ACK } from 'msw-bits'
 *
 *   expect(response.headers.get('BITS-Packet-Type')).toBe(ACK)
 */
export const ACK = 'Ack'

const byLowerCase = new Map<string, PacketType>(
  PACKET_TYPES.map((type) => [type.toLowerCase(), type]),
)

/**
 * Reads a `BITS-Packet-Type` value into its canonical spelling.
 *
 * "The spec writes them upper-case, Windows sends mixed case": compared case-insensitively.
 * @returns the canonical packet type, or `null` when the value names no packet.
 * @see [MC-BUP] §2.2.1.2
 */
export function parsePacketType(value: string | null): PacketType | null {
  if (value === null) return null
  return byLowerCase.get(value.trim().toLowerCase()) ?? null
}

/** Packets whose body must be empty (`Content-Length: 0`). @see [MC-BUP] §2.2.2, §2.2.4, §2.2.8, §2.2.10 */
export function isBodiless(type: PacketType): boolean {
  return type !== 'Fragment'
}
