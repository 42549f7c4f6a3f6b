export {
  checkClientRules,
  DEFAULT_RETRY_STORM,
  type JournalSource,
} from './check-client-rules.js'
export type { ClientRule } from './client-rule.js'
export { RULE_LEVELS, type RuleLevel } from './rule-levels.js'
export { CLIENT_RULES, type RuleId } from './rules.js'
export type { ClientRuleOptions, Violation } from './violation.js'
