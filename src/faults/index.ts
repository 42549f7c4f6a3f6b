export type {
  AnswerShape,
  BodyPace,
  FaultAction,
  ServerEffect,
  ShapedEffect,
  Slicing,
  TransportEffect,
} from './compile-rule.js'
export {
  type FaultDecision,
  FaultEngine,
  type FaultsApi,
  type PendingRule,
} from './fault-engine.js'
export type { FaultSubject, PacketChange } from './fault-subject.js'
export { formatPending, PendingFaultsError } from './pending-table.js'
export {
  BODY_EFFECTS,
  EFFECTS,
  FAULT_TARGETS,
  type FaultPlan,
  type FaultRule,
  type FaultTarget,
  faultPlanJsonSchema,
  type PlanSchemas,
  planSchemas,
  TOXIPROXY_ALIASES,
  TRANSPORT_EFFECTS,
} from './plan-schema.js'
export {
  formatActed,
  type RuleProgress,
  type RuleState,
  ruleState,
  scriptedTimes,
} from './rule-progress.js'
export { sliceSizes } from './slice-sizes.js'
export { validatePlan, validateRule } from './validate.js'
