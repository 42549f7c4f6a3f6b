export {
  type Ack,
  type AckInit,
  ack,
  ackHeaders,
  ackWithHeaders,
  type ErrorHeaderStyle,
  renderAck,
  showsError,
} from './ack.js'
export {
  type ByteRange,
  exceedsSafeSize,
  formatContentRange,
  parseContentRange,
  rangeLength,
} from './content-range.js'
export {
  BitsError,
  BitsErrorContext,
  contextName,
  formatHex,
  HResult,
  type HResultName,
  hresultName,
  httpErrorHResult,
  parseHex,
  type WireError,
  WireErrors,
} from './errors.js'
export { BITS_POST, Header } from './headers.js'
export {
  ACK,
  isBodiless,
  PACKET_TYPES,
  type PacketType,
  parsePacketType,
} from './packet-type.js'
export { BITS_PROTOCOL_GUID, negotiateProtocol } from './protocol-guid.js'
