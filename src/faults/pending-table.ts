import type { PendingRule } from './fault-engine.js'

/**
 * The rules that never did all they were scripted to do, as a table a person reads in a failing
 * test (as undici's `assertNoPendingInterceptors` prints its interceptors):
 *
 * ```
 * 1 fault rule(s) never acted as scripted:
 *   #  rule       packet    seen  acted  times
 *   2  503 burst  Fragment     1      0      3
 * ```
 */
export function formatPending(pending: readonly PendingRule[]): string {
  const rows = pending.map((rule) => [
    String(rule.index + 1),
    rule.name,
    rule.rule.packet === undefined ? 'any' : [rule.rule.packet].flat().join(', '),
    String(rule.seen),
    String(rule.acted),
    Number.isFinite(rule.times) ? String(rule.times) : 'always',
  ])
  const header = ['#', 'rule', 'packet', 'seen', 'acted', 'times']
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  )
  // Text columns left-aligned, counts right-aligned.
  const line = (cells: string[]) =>
    `  ${cells
      .map((cell, column) =>
        column === 1 || column === 2
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()}`
  return [
    `${pending.length} fault rule(s) never acted as scripted:`,
    line(header),
    ...rows.map(line),
  ].join('\n')
}

/**
 * Thrown by `bits.faults.assertNoPending()` when some rule never did all it was scripted to do.
 * @example
 *   import { PendingFaultsError } from 'msw-bits'
 *
 *   try { bits.faults.assertNoPending() } catch (error) {
 *     if (error instanceof PendingFaultsError) console.log(error.pending.map((rule) => rule.name))
 *   }
 */
export class PendingFaultsError extends Error {
  override readonly name = 'PendingFaultsError'

  constructor(
    /** The rules that did not act as scripted, as `bits.faults.pending()` lists them. */
    readonly pending: readonly PendingRule[],
  ) {
    super(formatPending(pending))
  }
}
