// One scenario of the report page: a <details> whose summary is its row of the matrix and whose
// body is everything behind the verdict (spec sentence, facts, violations, timeline, plan, output).
import { escapeHtml as e, timelineHtml } from '../../../timeline/render-html.js'
import type { ScenarioResult } from '../report-types.js'
import { specUrl } from './spec-link.js'

/** The element id of a scenario's row, e.g. `scenario-3-2` for `3.2`. */
export function scenarioAnchor(id: string): string {
  return `scenario-${id.replace(/[^A-Za-z0-9]+/g, '-')}`
}

/** The verdict as a badge: text and colour both, so colour is never the only signal. */
export function verdictBadge(verdict: ScenarioResult['verdict']): string {
  return `<span class="badge verdict-${verdict}">${verdict}</span>`
}

/** Seconds with one decimal, e.g. `1.2 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** A scenario: its row (summary) and, opened, what made the verdict. */
export function scenarioHtml(result: ScenarioResult): string {
  const summary = `<summary>${verdictBadge(result.verdict)}<span class="id">${e(result.id)}</span><span class="title">${e(result.title)}</span><span class="expect">${result.expect}</span><span class="reason">${e(result.reason)}</span><span class="duration">${seconds(result.durationMs)}</span></summary>`
  const body = [
    spec(result),
    facts(result),
    violations(result),
    pending(result),
    `<h4>Timeline</h4>${timeline(result)}`,
    `<h4>Fault plan</h4>${block(JSON.stringify(result.plan, null, 2), 'plan')}`,
    serverOptions(result),
    `<h4>Client stdout (tail)</h4>${block(result.stdoutTail, 'stdout')}`,
    `<h4>Client stderr (tail)</h4>${block(result.stderrTail, 'stderr')}`,
  ]
  return `<details class="scenario is-${result.verdict}" id="${scenarioAnchor(result.id)}">${summary}<div class="scenario-body">${body.join('')}</div></details>`
}

function spec(result: ScenarioResult): string {
  const url = specUrl(result.section)
  const source = url ? `<a href="${e(url)}">${e(result.section)}</a>` : e(result.section)
  const cite = url ? ` cite="${e(url)}"` : ''
  return `<blockquote class="spec"${cite}><p>${e(result.spec)}</p>${source}</blockquote>`
}

function facts(result: ScenarioResult): string {
  const stored = result.sha256Stored ?? 'nothing stored'
  const match =
    result.sha256Stored === null
      ? ''
      : result.sha256Stored === result.sha256Expected
        ? ' (matches)'
        : ' (differs)'
  const rows: [string, string][] = [
    [
      'expected',
      result.expect === 'recover'
        ? 'recover: upload byte-exact, exit 0'
        : 'give up: exit ≠ 0, no forbidden resends',
    ],
    [
      'exit code',
      result.exitCode === null ? 'none (killed or in process)' : String(result.exitCode),
    ],
    ['timed out', result.timedOut ? 'yes' : 'no'],
    [
      'payload',
      `${result.payload.name}, ${result.payload.size} bytes, seed ${result.payload.seed}`,
    ],
    ['uploaded', result.uploaded ? 'yes' : 'no'],
    ['SHA-256 expected', result.sha256Expected],
    ['SHA-256 stored', `${stored}${match}`],
    ['duration', seconds(result.durationMs)],
  ]
  const items = rows.map(([term, value]) => `<dt>${term}</dt><dd>${e(value)}</dd>`).join('')
  return `<dl class="facts">${items}</dl><p><strong>Why:</strong> ${e(result.reason)}</p>`
}

function violations(result: ScenarioResult): string {
  if (result.violations.length === 0) return ''
  const items = result.violations.map(
    (v) =>
      `<li><span class="level">${v.level.toUpperCase()}</span> <code>${e(v.rule)}</code>: ${e(v.message)}</li>`,
  )
  return `<h4>Client rules broken</h4><ul>${items.join('')}</ul>`
}

function pending(result: ScenarioResult): string {
  if (result.pendingFaults.length === 0) return ''
  const items = result.pendingFaults.map((line) => `<li>${e(line)}</li>`)
  return `<h4>Faults that never fired</h4><ul>${items.join('')}</ul>`
}

function timeline(result: ScenarioResult): string {
  if (result.journal.length === 0) return '<p class="empty">The client sent no request.</p>'
  const data = {
    seed: result.plan.seed ?? 0,
    entries: result.journal,
    violations: result.violations,
  }
  const drawn = timelineHtml(data, { idPrefix: `${scenarioAnchor(result.id)}-entry-` })
  return `${drawn}<h4>Journal</h4>${block(result.timeline, 'journal')}`
}

function serverOptions(result: ScenarioResult): string {
  if (Object.keys(result.server).length === 0) return ''
  return `<h4>Server options</h4>${block(JSON.stringify(result.server, null, 2), 'server options')}`
}

/** Preformatted text, focusable so a keyboard can scroll it. */
function block(text: string, what: string): string {
  if (text.trim() === '') return `<p class="empty">No ${what}.</p>`
  return `<pre tabindex="0">${e(text)}</pre>`
}
