export type { ClientRule } from './analysis.js'
export { CLIENT_RULES, checkClientRules, type JournalSource } from './check-client-rules.js'
export {
  type BitsLike,
  type BitsMatcherImplementations,
  type BitsMatchers,
  bitsMatchers,
  type PacketExpectation,
  type UploadExpectation,
} from './matchers.js'
export type { ClientRuleOptions, RuleId, Violation } from './violation.js'
