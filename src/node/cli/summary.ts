import { formatActed, type PendingRule } from '../../faults/index.js'
import type { Violation } from '../../oracle/index.js'
import type { Upload } from '../../server/stores/index.js'

/** What the server saw, as printed at shutdown. */
export interface RunSummary {
  uploads: readonly Upload[]
  pending: readonly PendingRule[]
  violations: readonly Violation[]
}

/** Whether `--check` fails the run: a client rule was broken, or a fault rule never fired fully. */
export function checkFails(summary: RunSummary): boolean {
  return summary.violations.length > 0 || summary.pending.length > 0
}

/** The summary as text: uploads with size and SHA-256, rules that never fired, violations. */
export function formatSummary({ uploads, pending, violations }: RunSummary): string {
  const lines = [`msw-bits summary: ${uploads.length} upload(s)`]
  for (const upload of uploads)
    lines.push(`  ${upload.name}  ${upload.size} bytes  sha256 ${upload.sha256}`)
  lines.push(`fault rules that never fired fully: ${pending.length}`)
  for (const rule of pending) lines.push(`  ${rule.name}: ${formatActed(rule)} (saw ${rule.seen})`)
  lines.push(`client-rule violations: ${violations.length}`)
  for (const violation of violations)
    lines.push(`  ${violation.rule}: ${violation.message} (#${violation.seqs.join(', #')})`)
  return lines.join('\n')
}
