// The loopback server (Node only; never reached from the package's root entry)

export type { MissingLengthPolicy, MissingLengthStatus } from './bits-host.js'
export { CATALOGUE } from './certify/catalogue.js'
export {
  type CertifyOptions,
  certifyClient,
  certifyCommand,
  DEFAULT_TIMEOUT_SECONDS,
} from './certify/certify.js'
export type { CertifyClient, ClientInput } from './certify/client-runners.js'
export {
  type ConformanceSuiteOptions,
  describeBitsConformance,
  type SuiteFunction,
  type TestFunction,
} from './certify/conformance-suite.js'
export {
  DEFAULT_REPORT_DIR,
  reportHtml,
  reportJunit,
  type WrittenReport,
  writeReport,
} from './certify/report/index.js'
export {
  type CertifyReport,
  type ReportedViolation,
  SCENARIO_GROUPS,
  type Scenario,
  type ScenarioExpect,
  type ScenarioPayload,
  type ScenarioResult,
  type ScenarioServerOptions,
  VERDICTS,
  type Verdict,
  type VerdictCounts,
} from './certify/report-types.js'
export { CONTROL_PREFIX } from './control/control-api.js'
export { type RunningBitsServer, type ServeEngineOptions, serveEngine } from './serve-engine.js'
export {
  DEFAULT_BASE_URL,
  type StartBitsServerOptions,
  startBitsServer,
} from './start-bits-server.js'
export {
  type DirectoryStore,
  type DirectoryStoreOptions,
  directoryStore,
  PARTIAL_DIR,
} from './stores/directory-store.js'
