export { checkClientRules, type JournalSource } from './check-client-rules.js'
export type { ClientRule } from './client-rule.js'
export { CLIENT_RULES, type RuleId } from './rules.js'
export type { ClientRuleOptions, Violation } from './violation.js'
