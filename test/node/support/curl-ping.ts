/** curl arguments for a BITS Ping (append the URL). */
export const CURL_PING = [
  '-X',
  'BITS_POST',
  '-H',
  'BITS-Packet-Type: Ping',
  '-H',
  'Content-Length: 0',
] as const
