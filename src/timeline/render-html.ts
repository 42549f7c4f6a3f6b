import { ANSWER_KINDS } from './answer-kind.js'
import { timelineColumns } from './columns.js'
import { layoutTimeline, type SessionRow, type TimelineData, type TimelineModel } from './layout.js'
import { byteColumn, cell, escapeHtml, type MarkIds, packetColumn, sized } from './render-marks.js'

// The certify report escapes its own text with the timeline's helper.
export { escapeHtml }

/**
 * Options of {@link timelineHtml}.
 * @example
 *   import { timelineHtml, type TimelineHtmlOptions } from 'msw-bits/timeline'
 *
 *   // Two timelines on one page, under a CSP without 'unsafe-inline' styles:
 *   const options: TimelineHtmlOptions = { idPrefix: 'second-', inlineStyle: false }
 *   const html = timelineHtml(bits.journal.toJSON(), options)
 */
export interface TimelineHtmlOptions {
  /**
   * Prefix of the element ids of the requests (`<prefix><seq>`), which the violations link to.
   * Give each timeline on one page its own. Default `bits-entry-`.
   */
  idPrefix?: string
  /**
   * `false`: no `style` attribute (a page whose Content-Security-Policy refuses inline styles):
   * progress fills carry `data-width` (percent) and byte columns `data-share` (their fraction of
   * the bytes, the stylesheet's `--share`) for a script to set through `element.style`, as `<bits-timeline>` does. Default `true`.
   */
  inlineStyle?: boolean
}

/**
 * Renders a journal as an HTML fragment (a string, so any host can use it: a page, a Storybook
 * decorator, a server-rendered dashboard). Style it with {@link TIMELINE_CSS}; `<bits-timeline>`
 * does both and follows a live journal.
 *
 * Per session, left to right: Create-Session, the bytes, then Close/Cancel-Session. The bytes are
 * columns as wide as their share of the upload but never narrower than their labels (what does
 * not fit on a line goes on below, never cut short): fragments
 * that each got a 2xx at the first try merge into one bar with a count, and every fragment a fault
 * acted on stands with the retries that followed stacked under it, labelled with its status and
 * the rule (⚡). Each request is a button whose details show on hover and on keyboard focus. Then a
 * progress bar of the acknowledged bytes, the seed and the oracle's violations, each linked to the
 * requests it names.
 *
 * @example
 *   import { checkClientRules } from 'msw-bits'
 *   import { TIMELINE_CSS, timelineHtml } from 'msw-bits/timeline'
 *
 *   container.innerHTML = `<style>${TIMELINE_CSS}</style>` +
 *     timelineHtml({ ...bits.journal.toJSON(), violations: checkClientRules(bits) })
 * @see [MC-BUP] §2.2.6 (fragments and their byte ranges), §3.1.5 (what the client does next)
 */
export function timelineHtml(data: TimelineData, options: TimelineHtmlOptions = {}): string {
  const model = layoutTimeline(data)
  const ids: MarkIds = {
    prefix: options.idPrefix ?? 'bits-entry-',
    inlineStyle: options.inlineStyle !== false,
  }
  const sessions = model.sessions.map((row, index) => session(row, index, ids)).join('')
  return `<section class="bits-timeline" part="timeline" data-seed="${model.seed}">${header(model)}${legend()}${sessions}${loose(model, ids)}${violations(model, ids)}</section>`
}

function header(model: TimelineModel): string {
  const verdict =
    model.violations === null
      ? ''
      : model.violations.length === 0
        ? '<span class="verdict verdict-ok">client rules: all followed</span>'
        : `<span class="verdict verdict-broken">client rules: ${model.violations.length} broken</span>`
  const dropped =
    model.dropped > 0 ? `<span>${model.dropped} older dropped (journalLimit)</span>` : ''
  return `<header><h2>msw-bits journal</h2><span>seed ${model.seed}</span><span>${model.requests} request(s)</span>${dropped}${verdict}</header>`
}

function legend(): string {
  const items = ANSWER_KINDS.map(
    ({ kind, label }) =>
      `<li><span class="swatch kind-${kind}" aria-hidden="true"></span>${label}</li>`,
  )
  return `<ul class="legend" aria-label="Legend">${items.join('')}<li><span class="fault-mark" aria-hidden="true">⚡</span>fault rule acted</li><li><span class="broken" aria-hidden="true">✗</span>client rule broken</li></ul>`
}

function session(row: SessionRow, index: number, ids: MarkIds): string {
  const size = row.total === null ? 'size unknown' : `${row.total} bytes`
  const percent = row.total ? (100 * row.received) / row.total : 0
  const heading = `${ids.prefix}session-${index + 1}`
  const acknowledged = `${row.received} / ${row.total ?? '?'} bytes acknowledged`
  const progress = `<div class="progress" role="progressbar" aria-label="${escapeHtml(row.name)}: bytes acknowledged" aria-valuemin="0" aria-valuemax="${row.total ?? 0}" aria-valuenow="${row.received}" aria-valuetext="${acknowledged}"><div class="progress-fill" ${sized(ids, 'width', percent)}></div><span>${acknowledged}</span></div>`
  const total = row.total ?? 1
  const bytes = timelineColumns(row.lanes.flat()).map((column) => byteColumn(column, total, ids))
  const track = `${packetColumn(row.start, 'start', ids)}<div class="flow bytes">${bytes.join('')}</div>${packetColumn(row.end, 'end', ids)}`
  return `<article class="session state-${row.state}" data-session="${escapeHtml(row.sessionId)}" aria-labelledby="${heading}"><h3 id="${heading}"><span class="name">${escapeHtml(row.name)}</span><code>${escapeHtml(row.sessionId)}</code><span class="state">${row.state}</span><span class="size">${size}</span></h3>${progress}<div class="track">${track}</div></article>`
}

function loose(model: TimelineModel, ids: MarkIds): string {
  if (model.loose.length === 0) return ''
  const heading = `${ids.prefix}loose`
  return `<article class="session loose" aria-labelledby="${heading}"><h3 id="${heading}"><span class="name">outside a session</span></h3><div class="flow">${model.loose.map((mark) => cell(mark, 'pill', ids)).join('')}</div></article>`
}

function violations(model: TimelineModel, ids: MarkIds): string {
  if (model.violations === null || model.violations.length === 0) return ''
  const items = model.violations.map((violation) => {
    const links = violation.seqs
      .map((seq) => `<a href="#${ids.prefix}${seq}">#${seq}</a>`)
      .join(' ')
    return `<li><strong>${escapeHtml(violation.rule)}</strong> ${links}<p>${escapeHtml(violation.message)}</p></li>`
  })
  return `<ol class="violations" aria-label="Client rules broken">${items.join('')}</ol>`
}
