// The timeline's marks as HTML: one focusable button per request (or per run of plain fragments),
// its details in a tooltip shown on hover and on keyboard focus alike.
import { formatAnswer } from '../journal/index.js'
import { formatContentRange } from '../protocol/index.js'
import type { TimelineColumn } from './columns.js'
import type { TimelineMark } from './layout.js'

/** How one rendering names requests and sizes what it draws. */
export interface MarkIds {
  /** `TimelineHtmlOptions.idPrefix` */
  prefix: string
  /** `false`: sizes go in `data-*` attributes for a script to apply (no `style` attribute). */
  inlineStyle: boolean
}

/**
 * A size as a `style` attribute, or as a `data-*` attribute for `element.style` (CSP refuses
 * inline styles): `width` in percent of the row, `share` the fraction of the upload's bytes a
 * column covers (the `--share` the stylesheet sizes it by).
 */
export function sized(ids: MarkIds, property: 'width' | 'share', value: number): string {
  const number = value.toFixed(4)
  if (!ids.inlineStyle) return `data-${property}="${number}"`
  return property === 'width' ? `style="width:${number}%"` : `style="--share:${number}"`
}

/** A column of bytes: a run of plain fragments as one bar, or every try of a range, stacked. */
export function byteColumn(column: TimelineColumn, total: number, ids: MarkIds): string {
  const share = (column.last - column.first + 1) / Math.max(1, total)
  const cells =
    column.kind === 'run' && column.marks.length > 1
      ? run(column, total, ids)
      : column.marks.map((mark) => cell(mark, 'bar', ids)).join('')
  return `<div class="column bytes" ${sized(ids, 'share', share)}>${cells}</div>`
}

/** Packets without bytes (Create-Session, Ping, Close/Cancel-Session, a reply), stacked. */
export function packetColumn(marks: readonly TimelineMark[], where: string, ids: MarkIds): string {
  return `<div class="column packets ${where}">${marks.map((mark) => cell(mark, 'pill', ids)).join('')}</div>`
}

/** Fragments that each got a 2xx at the first try: one bar that says how many. */
function run(column: TimelineColumn, total: number, ids: MarkIds): string {
  const first = column.marks[0]?.entry.seq ?? 0
  const last = column.marks.at(-1)?.entry.seq ?? first
  const status = column.marks[0]?.entry.status ?? 200
  const tip = `#${first}–#${last}: ${column.marks.length} fragments, bytes ${column.first}-${column.last}/${total}, each answered ${status} at the first try`
  const id = `${ids.prefix}run-${first}`
  const label = `<span class="seq">#${first}–#${last}</span> ${status} <span class="count">×${column.marks.length}</span>`
  return withTip(
    `id="${id}" class="mark bar run kind-ok" data-seqs="${first}-${last}"`,
    id,
    label,
    tip,
  )
}

/** One request: its button, labelled with seq, status and the fault rule that acted. */
export function cell(mark: TimelineMark, shape: 'bar' | 'pill', ids: MarkIds): string {
  const { entry } = mark
  const classes = ['mark', shape, `kind-${mark.kind}`]
  if (entry.fault) classes.push('faulted')
  if (mark.violations.length > 0) classes.push('violating')
  const id = `${ids.prefix}${entry.seq}`
  const packet =
    shape === 'pill' ? `<span class="packet">${escapeHtml(packetName(mark))}</span> ` : ''
  return withTip(
    `id="${id}" class="${classes.join(' ')}" data-seq="${entry.seq}"`,
    id,
    `${packet}${label(mark)}`,
    details(mark).join('\n'),
  )
}

function withTip(attributes: string, id: string, label: string, tip: string): string {
  return `<span class="cell"><button type="button" ${attributes} aria-describedby="${id}-tip">${label}</button><span class="tip" role="tooltip" id="${id}-tip">${escapeHtml(tip)}</span></span>`
}

function packetName({ entry }: TimelineMark): string {
  return entry.packet ?? (entry.kind === 'reply' ? `${entry.method} reply` : entry.method)
}

function label(mark: TimelineMark): string {
  const { entry } = mark
  const status =
    entry.status ?? (mark.kind === 'network-error' ? 'net' : mark.kind === 'hang' ? 'hang' : '…')
  const fault = entry.fault
    ? ` <span class="fault-mark" aria-hidden="true">⚡</span>${escapeHtml(entry.fault.rule)}`
    : ''
  const broken =
    mark.violations.length > 0 ? ' <span class="broken" aria-hidden="true">✗</span>' : ''
  return `<span class="seq">#${entry.seq}</span> ${status}${fault}${broken}`
}

/** What the tooltip says: the request, its answer, the fault that acted, the rules it broke. */
function details(mark: TimelineMark): string[] {
  const { entry } = mark
  const range = entry.range ? ` ${formatContentRange(entry.range)}` : ''
  const answered =
    entry.status === null && entry.answeredAt === null ? 'not answered yet' : formatAnswer(entry)
  const lines = [`#${entry.seq} ${packetName(mark)}${range} → ${answered}`]
  if (entry.fault) lines.push(`⚡ fault ${entry.fault.rule}: ${entry.fault.action}`)
  if (mark.violations.length > 0) lines.push(`✗ client rule broken: ${mark.violations.join(', ')}`)
  return lines
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
