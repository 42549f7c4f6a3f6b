// The server
export { type BitsServer, createBitsServer } from './create-bits-server.js'
// Fault plans
export {
  type AnswerShape,
  BODY_EFFECTS,
  EFFECTS,
  FAULT_TARGETS,
  type FaultPlan,
  type FaultRule,
  type FaultsApi,
  type FaultTarget,
  faultPlanJsonSchema,
  PendingFaultsError,
  type PendingRule,
  type Slicing,
  TOXIPROXY_ALIASES,
  TRANSPORT_EFFECTS,
  type TransportEffect,
  validatePlan,
} from './faults/index.js'

// The journal
export type {
  FaultRecord,
  Journal,
  JournalEntry,
  JournalEvent,
  JournalFilter,
  JournalListener,
  JournalQuery,
  RequestKind,
} from './journal/index.js'
// The test-framework matchers
export {
  type BitsLike,
  type BitsMatcherImplementations,
  type BitsMatchers,
  bitsMatchers,
  type PacketExpectation,
  type UploadExpectation,
} from './matchers/index.js'
// The client-behaviour oracle
export {
  CLIENT_RULES,
  type ClientRule,
  type ClientRuleOptions,
  checkClientRules,
  DEFAULT_RETRY_STORM,
  type JournalSource,
  RULE_LEVELS,
  type RuleId,
  type RuleLevel,
  type Violation,
} from './oracle/index.js'
// The protocol's vocabulary
export {
  ACK,
  type Ack,
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
export type { BasicAuthOptions } from './server/basic-auth.js'
// Server options, sessions, uploads and stores
export type { BitsEngine, ExchangeOptions } from './server/engine.js'
export type { MissingLengthPolicy, MissingLengthStatus } from './server/missing-length.js'
export type { BitsServerOptions, ReplyBody } from './server/options.js'
export type { Answer, Outcome } from './server/outcome.js'
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
export {
  type Framing,
  fromFetchRequest,
  type HeaderLookup,
  type WireRequest,
} from './server/wire-request.js'
// Shared: clock and usage errors
export type { Clock } from './shared/clock.js'
export { BitsUsageError, type BitsUsageErrorCode } from './shared/usage-error.js'
