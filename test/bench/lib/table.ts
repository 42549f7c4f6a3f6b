/** One line of the results table. */
export interface Row {
  metric: string
  baseline: string
  subject: string
  ratio: string
  target: string
  /** `null`: informational, no target. */
  pass: boolean | null
}

const HEADINGS = ['metric', 'baseline', 'msw-bits', 'ratio', 'target', 'result'] as const

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.metric,
    row.baseline,
    row.subject,
    row.ratio,
    row.target,
    row.pass === null ? 'info' : row.pass ? 'PASS' : 'FAIL',
  ])
  const widths = HEADINGS.map((heading, column) =>
    Math.max(heading.length, ...cells.map((line) => line[column]!.length)),
  )
  const line = (values: readonly string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`
  return [
    line(HEADINGS),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n')
}

export const fixed = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

export const times = (ratio: number): string => `${fixed(ratio, 2)}×`

/** A median ratio with the range of its middle half (quartiles of the per-round ratios). */
export function spread(ratio: number, ratios: readonly number[]): string {
  const sorted = [...ratios].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.round(q * (sorted.length - 1))] ?? Number.NaN
  return `${times(ratio)} (${fixed(at(0.25), 2)}–${fixed(at(0.75), 2)})`
}
