export type { ClientRule } from './analysis.js'
export { CLIENT_RULES, checkClientRules, type JournalSource } from './check-client-rules.js'
export type { ClientRuleOptions, RuleId, Violation } from './violation.js'
