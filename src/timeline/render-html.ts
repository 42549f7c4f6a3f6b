import { formatAnswer } from '../journal/index.js'
import { formatContentRange } from '../protocol/index.js'
import { ANSWER_KINDS } from './answer-kind.js'
import {
  layoutTimeline,
  type SessionRow,
  type TimelineData,
  type TimelineMark,
  type TimelineModel,
} from './layout.js'

/** Options of {@link timelineHtml}. */
export interface TimelineHtmlOptions {
  /**
   * Prefix of the element ids of the requests (`<prefix><seq>`), which the violations link to.
   * Give each timeline on one page its own. Default `bits-entry-`.
   */
  idPrefix?: string
  /**
   * `false`: no `style` attribute (a page whose Content-Security-Policy refuses inline styles):
   * bars and progress fills carry their place as `data-left` and `data-width` (percent) for a
   * script to set through `element.style`, as `<bits-timeline>` does. Default `true`.
   */
  inlineStyle?: boolean
}

/**
 * Renders a journal as an HTML fragment (a string, so any host can use it: a page, a Storybook
 * decorator, a server-rendered dashboard). Style it with {@link TIMELINE_CSS}; `<bits-timeline>`
 * does both and follows a live journal.
 *
 * Per session: fragments as bars along the byte range, coloured by answer, resent ranges stacked
 * under the try they repeat, each fault marked with the rule that acted, Create-Session before and
 * Close/Cancel after the bytes, a progress bar of the acknowledged bytes; then the seed and the
 * oracle's violations, each linked to the requests it names.
 *
 * @example
 *   container.innerHTML = `<style>${TIMELINE_CSS}</style>` +
 *     timelineHtml({ ...bits.journal.toJSON(), violations: checkClientRules(bits) })
 * @see [MC-BUP] §2.2.6 (fragments and their byte ranges), §3.1.5 (what the client does next)
 */
export function timelineHtml(data: TimelineData, options: TimelineHtmlOptions = {}): string {
  const model = layoutTimeline(data)
  const id: Ids = {
    prefix: options.idPrefix ?? 'bits-entry-',
    place: options.inlineStyle === false ? placeByData : placeByStyle,
  }
  return `<section class="bits-timeline" part="timeline" data-seed="${model.seed}">${header(model)}${legend()}${model.sessions.map((track) => session(track, id)).join('')}${loose(model, id)}${violations(model, id)}</section>`
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
  return `<header><strong>msw-bits journal</strong><span>seed ${model.seed}</span><span>${model.requests} request(s)</span>${dropped}${verdict}</header>`
}

function legend(): string {
  const items = ANSWER_KINDS.map(
    ({ kind, label }) => `<li><span class="swatch kind-${kind}"></span>${label}</li>`,
  )
  return `<ul class="legend">${items.join('')}<li><span class="fault-mark">⚡</span>fault rule</li></ul>`
}

function session(track: SessionRow, id: Ids): string {
  const size = track.total === null ? 'size unknown' : `${track.total} bytes`
  const percent = track.total ? (100 * track.received) / track.total : 0
  const progress = `<div class="progress" role="progressbar" aria-label="bytes acknowledged" aria-valuemin="0" aria-valuemax="${track.total ?? 0}" aria-valuenow="${track.received}"><div class="progress-fill" ${id.place(0, percent)}></div><span>${track.received} / ${track.total ?? '?'} bytes acknowledged</span></div>`
  const lanes = track.lanes
    .map((lane) => `<div class="lane">${lane.map((mark) => bar(mark, track, id)).join('')}</div>`)
    .join('')
  return `<article class="session state-${track.state}" data-session="${escapeHtml(track.sessionId)}"><h3><span class="name">${escapeHtml(track.name)}</span><code>${escapeHtml(track.sessionId)}</code><span class="state">${track.state}</span><span class="size">${size}</span></h3>${progress}<div class="track"><div class="packets start">${track.start.map((mark) => pill(mark, id)).join('')}</div><div class="lanes">${lanes || '<div class="lane"></div>'}</div><div class="packets end">${track.end.map((mark) => pill(mark, id)).join('')}</div></div></article>`
}

function loose(model: TimelineModel, id: Ids): string {
  if (model.loose.length === 0) return ''
  return `<article class="session loose"><h3><span class="name">outside a session</span></h3><div class="packets">${model.loose.map((mark) => pill(mark, id)).join('')}</div></article>`
}

function violations(model: TimelineModel, id: Ids): string {
  if (model.violations === null || model.violations.length === 0) return ''
  const items = model.violations.map((violation) => {
    const links = violation.seqs.map((seq) => `<a href="#${id.prefix}${seq}">#${seq}</a>`).join(' ')
    return `<li><strong>${escapeHtml(violation.rule)}</strong> ${links}<p>${escapeHtml(violation.message)}</p></li>`
  })
  return `<ol class="violations">${items.join('')}</ol>`
}

/** A fragment: placed and sized along the session's byte range. */
function bar(mark: TimelineMark, track: SessionRow, id: Ids): string {
  const range = mark.entry.range
  // Lanes hold only fragments with a Content-Range (placeFragment puts the others at the end).
  if (range === null) return ''
  const total = track.total || range.total || 1
  const left = (100 * range.first) / total
  const width = (100 * (range.last - range.first + 1)) / total
  return `<a ${attributes(mark, id, 'bar')} ${id.place(left, width)}>${label(mark)}</a>`
}

/** Where a bar or a progress fill sits along its row, in percent of the row's width. */
type Place = (left: number, width: number) => string
const placeByStyle: Place = (left, width) =>
  `style="left:${left.toFixed(3)}%;width:${width.toFixed(3)}%"`
const placeByData: Place = (left, width) =>
  `data-left="${left.toFixed(3)}" data-width="${width.toFixed(3)}"`

/** How this rendering names requests and places bars. */
interface Ids {
  /** {@link TimelineHtmlOptions.idPrefix} */
  prefix: string
  place: Place
}

/** A packet without bytes: Create-Session, Ping, Close/Cancel-Session, a reply download. */
function pill(mark: TimelineMark, id: Ids): string {
  const { entry } = mark
  const name = entry.packet ?? (entry.kind === 'reply' ? `${entry.method} reply` : entry.method)
  return `<a ${attributes(mark, id, 'pill')}><span class="packet">${escapeHtml(name)}</span> ${label(mark)}</a>`
}

function attributes(mark: TimelineMark, id: Ids, shape: string): string {
  const { entry } = mark
  const classes = [shape, `kind-${mark.kind}`]
  if (entry.fault) classes.push('faulted')
  if (mark.violations.length > 0) classes.push('violating')
  return `id="${id.prefix}${entry.seq}" class="${classes.join(' ')}" data-seq="${entry.seq}" title="${escapeHtml(title(mark))}"`
}

function label(mark: TimelineMark): string {
  const { entry } = mark
  const status = entry.status ?? (mark.kind === 'network-error' ? 'net' : '…')
  const fault = entry.fault
    ? `<span class="fault-mark">⚡</span>${escapeHtml(entry.fault.rule)}`
    : ''
  return `<span class="seq">#${entry.seq}</span> ${status}${fault ? ` ${fault}` : ''}`
}

function title(mark: TimelineMark): string {
  const { entry } = mark
  const range = entry.range ? ` ${formatContentRange(entry.range)}` : ''
  const answered =
    entry.status === null && entry.answeredAt === null ? 'not answered yet' : formatAnswer(entry)
  const lines = [`#${entry.seq} ${entry.packet ?? entry.method}${range} → ${answered}`]
  if (entry.fault) lines.push(`⚡ ${entry.fault.rule}: ${entry.fault.action}`)
  if (mark.violations.length > 0) lines.push(`✗ ${mark.violations.join(', ')}`)
  return lines.join('\n')
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Rule names, file names and messages come from users: never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char)
}
