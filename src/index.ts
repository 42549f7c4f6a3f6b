// The server
export { type BitsServer, createBitsServer } from './create-bits-server.js'
// Fault plans
export {
  EFFECTS,
  FAULT_TARGETS,
  type FaultPlan,
  type FaultRule,
  type FaultsApi,
  type FaultTarget,
  faultPlanJsonSchema,
  type PendingRule,
  TRANSPORT_EFFECTS,
  validatePlan,
} from './faults/index.js'

// The journal
export type {
  FaultRecord,
  Journal,
  JournalEntry,
  JournalFilter,
  JournalQuery,
  RequestKind,
} from './journal/index.js'
// The protocol's vocabulary
export {
  ACK,
  BITS_POST,
  BITS_PROTOCOL_GUID,
  BitsError,
  BitsErrorContext,
  type ByteRange,
  Header,
  HResult,
  type HResultName,
  PACKET_TYPES,
  type PacketType,
  type WireError,
  WireErrors,
} from './protocol/index.js'
// The client-behaviour oracle
export {
  type BitsLike,
  type BitsMatcherImplementations,
  type BitsMatchers,
  bitsMatchers,
  CLIENT_RULES,
  type ClientRule,
  type ClientRuleOptions,
  checkClientRules,
  type JournalSource,
  type PacketExpectation,
  type RuleId,
  type UploadExpectation,
  type Violation,
} from './rules/index.js'
// Server options, sessions, uploads and stores
export type { Clock } from './server/clock.js'
export type { BitsEngine } from './server/engine.js'
export type { BitsServerOptions, ReplyBody } from './server/options.js'
export type { SessionInfo } from './server/session.js'
export type { SessionsView } from './server/session-table.js'
export type {
  StoreName,
  Upload,
  UploadContent,
  UploadSink,
  UploadStore,
} from './server/stores/index.js'
export type { UploadsView } from './server/uploads.js'
export { BitsUsageError } from './server/usage-error.js'
