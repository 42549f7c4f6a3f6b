// The report page: one self-contained HTML file (styles inline, no request to anywhere), drawn
// once from the report's data. The summary answers "what failed and why" in one screen; each
// scenario's row opens to what made its verdict.
import { escapeHtml as e } from '../../../timeline/render-html.js'
import { TIMELINE_CSS } from '../../../timeline/styles.js'
import { type CertifyReport, type ScenarioResult, VERDICTS } from '../report-types.js'
import { byGroup, countVerdicts, groupName } from './groups.js'
import { scenarioAnchor, scenarioHtml, seconds, verdictBadge } from './scenario-html.js'
import { REPORT_CSS } from './styles.js'

/** Opens a scenario's row when a link (or the address) points at it. */
const OPEN_TARGET_SCRIPT = `const open = () => { const t = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))); if (t instanceof HTMLDetailsElement) t.open = true }; addEventListener('hashchange', open); open()`

/** The names of the row's columns, shown once above the rows (the rows are not a table: each opens). */
const COLUMNS =
  '<div class="columns" aria-hidden="true"><span></span><span>verdict</span><span>id</span><span>scenario</span><span>expects</span><span>why</span><span>time</span></div>'

/** A mark beside each verdict's colour, for readers who do not tell the colours apart. */
const MARKS: Readonly<Record<ScenarioResult['verdict'], string>> = {
  pass: '✓',
  'non-strict': '~',
  fail: '✗',
}

/**
 * Renders a certification run as one HTML page (a string).
 * @example
 *   import { writeFile } from 'node:fs/promises'
 *   import { certifyClient, reportHtml } from 'msw-bits/node'
 *
 *   const report = await certifyClient(myUploader)
 *
 *   await writeFile('bits-report/index.html', reportHtml(report))
 */
export function reportHtml(report: CertifyReport): string {
  const total = report.scenarios.length
  const title = `BITS client report card: ${report.counts.pass}/${total} pass`
  const main = `<main>${summary(report)}<h2>Scenarios</h2>${COLUMNS}${byGroup(report.scenarios)
    .map(([group, results]) => groupSection(group, results))
    .join('')}</main>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${TIMELINE_CSS}${REPORT_CSS}</style></head>
<body>${header(report)}${main}<footer class="bottom"><p>msw-bits ${e(report.version)}: a Microsoft BITS upload server (BITS Upload Protocol 1.5) for testing clients. Verdicts: <strong>pass</strong> (the outcome the scenario expects, every fault fired, no client rule broken), <strong>non-strict</strong> (the outcome matched but a SHOULD rule was broken), <strong>fail</strong> (wrong outcome, bytes differ, a MUST rule broken, a fault never reached, or the timeout hit).</p></footer>
<script>${OPEN_TARGET_SCRIPT}</script></body></html>
`
}

function header(report: CertifyReport): string {
  return `<header class="top"><h1>BITS client report card</h1><p class="client">client <code>${e(report.client)}</code></p><p>msw-bits ${e(report.version)} · started ${e(report.startedAt)} · ${report.scenarios.length} scenarios in ${seconds(report.durationMs)}</p></header>`
}

function summary(report: CertifyReport): string {
  const totals = VERDICTS.map((verdict) => {
    const n = report.counts[verdict]
    const style = n === 0 ? 'none' : `verdict-${verdict}`
    return `<p class="total ${style}"><strong>${n}</strong>${verdict}</p>`
  }).join('')
  const head = `<thead><tr><th scope="col">Group</th>${VERDICTS.map((v) => `<th scope="col">${v}</th>`).join('')}<th scope="col">Scenarios</th></tr></thead>`
  const rows = byGroup(report.scenarios).map(([group, results]) => {
    const counts = countVerdicts(results)
    const cells = VERDICTS.map(
      (v) => `<td class="count${counts[v] === 0 ? ' zero' : ''}">${counts[v]}</td>`,
    ).join('')
    const tiles = results.map(tile).join('')
    return `<tr><th scope="row"><a href="#group-${e(group)}">${e(groupName(group))}</a></th>${cells}<td><div class="tiles">${tiles}</div></td></tr>`
  })
  // Totals, then what failed and why, then where: the first screen answers the first questions.
  return `<section aria-labelledby="summary-title"><h2 id="summary-title">Summary</h2><div class="totals">${totals}</div>${attention(report)}<table class="groups"><caption>Verdicts by group</caption>${head}<tbody>${rows.join('')}</tbody></table></section>`
}

function tile(result: ScenarioResult): string {
  return `<a class="tile verdict-${result.verdict}" href="#${scenarioAnchor(result.id)}" title="${e(`${result.id} ${result.title}: ${result.verdict}`)}">${e(result.id)} <span aria-hidden="true">${MARKS[result.verdict]}</span><span class="visually-hidden"> ${result.verdict}</span></a>`
}

/** The scenarios that did not pass, each with its reason: what a reader came for. */
function attention(report: CertifyReport): string {
  const failing = report.scenarios.filter((result) => result.verdict !== 'pass')
  if (failing.length === 0) {
    return `<section class="attention clear" aria-labelledby="attention-title"><h3 id="attention-title">Every scenario passed</h3></section>`
  }
  const items = failing.map(
    (result) =>
      `<li>${verdictBadge(result.verdict)} <a href="#${scenarioAnchor(result.id)}">${e(result.id)} ${e(result.title)}</a>: ${e(result.reason)}</li>`,
  )
  return `<section class="attention" aria-labelledby="attention-title"><h3 id="attention-title">Not passed (${failing.length})</h3><ul>${items.join('')}</ul></section>`
}

function groupSection(group: string, results: ScenarioResult[]): string {
  return `<section id="group-${e(group)}" aria-labelledby="group-${e(group)}-title"><h3 id="group-${e(group)}-title">${e(groupName(group))}</h3>${results.map(scenarioHtml).join('')}</section>`
}
