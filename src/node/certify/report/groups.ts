// The scenarios of a report by group, and counted by verdict: what the page and junit.xml share.
import { SCENARIO_GROUPS, type ScenarioResult, type VerdictCounts } from '../report-types.js'

/** A group's heading, e.g. `3. 5xx bursts` (the bare number for a group the catalogue lacks). */
export function groupName(group: string): string {
  const name = SCENARIO_GROUPS[group]
  return name ? `${group}. ${name}` : group
}

/** The scenarios by group, groups and scenarios in the order the run listed them. */
export function byGroup(results: readonly ScenarioResult[]): [string, ScenarioResult[]][] {
  const groups = new Map<string, ScenarioResult[]>()
  for (const result of results) {
    const list = groups.get(result.group) ?? []
    list.push(result)
    groups.set(result.group, list)
  }
  return [...groups]
}

/** How many scenarios got each verdict. */
export function countVerdicts(results: readonly ScenarioResult[]): VerdictCounts {
  const counts: VerdictCounts = { pass: 0, 'non-strict': 0, fail: 0 }
  for (const result of results) counts[result.verdict]++
  return counts
}
