import { type CertifyReport, SCENARIO_GROUPS, VERDICTS } from '../certify/report-types.js'

/**
 * The summary table `msw-bits certify` ends with: one row per group with its counts, the totals,
 * then every scenario that did not pass, with its reason.
 * @example
 *   formatCertifySummary(report)
 *   // group                 pass  non-strict  fail
 *   // 1  Clean uploads         5           0     0 …
 */
export function formatCertifySummary(report: CertifyReport): string {
  const rows: string[][] = []
  for (const [group, title] of Object.entries(SCENARIO_GROUPS)) {
    const inGroup = report.scenarios.filter((s) => s.group === group)
    if (inGroup.length === 0) continue
    rows.push([
      `${group.padStart(2)}  ${title}`,
      ...VERDICTS.map((v) => String(inGroup.filter((s) => s.verdict === v).length)),
    ])
  }
  rows.push(['    all', ...VERDICTS.map((v) => String(report.counts[v]))])
  const header = ['group', ...VERDICTS]
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
  const failing = report.scenarios
    .filter((s) => s.verdict !== 'pass')
    .map((s) => `${s.id.padEnd(5)} ${s.verdict}: ${s.reason}`)
  const seconds = (report.durationMs / 1000).toFixed(1)
  return [
    line(header),
    ...rows.map(line),
    '',
    `${report.counts.pass} of ${report.scenarios.length} scenarios passed in ${seconds} s (msw-bits ${report.version})`,
    ...failing,
  ].join('\n')
}
