// The dashboard's browser half: reads the control API (nothing a script could not read), draws it,
// and redraws whenever the live journal stream reports an answer. Framework-free on purpose: it is
// served by the loopback server as plain ES modules, with no bundler and no network.
import type { FaultPlan, PendingRule } from '../../../faults/index.js'
import {
  formatActed,
  type RuleProgress,
  type RuleState,
  ruleState,
  scriptedTimes,
} from '../../../faults/rule-progress.js'
import type { JournalEntry } from '../../../journal/index.js'
import type { Violation } from '../../../oracle/index.js'
import type { SessionInfo } from '../../../server/session.js'
import type { Upload } from '../../../server/stores/index.js'
import { defineBitsTimeline } from '../../../timeline/index.js'
import type { FixturePlan } from '../package-files.js'

interface JournalJson {
  seed: number
  dropped: number
  entries: JournalEntry[]
}

interface ControlError {
  error: string
  code?: string
}

const api = document.body.dataset.api ?? '/__bits'
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T

defineBitsTimeline()
const timeline = $('timeline') as HTMLElementTagNameMap['bits-timeline']
const editor = $<HTMLTextAreaElement>('plan-editor')
const message = $('plan-message')
$('control-url').textContent = new URL(api, location.href).href
let plans: FixturePlan[] = []
/** The plan the server has in force, as last read. */
let inForce: FaultPlan = { rules: [] }
/** Typed into since the last apply: a refresh no longer replaces the editor's text. */
let edited = false

async function read<T>(route: string): Promise<T> {
  const response = await fetch(`${api}${route}`, { cache: 'no-store' })
  if (!response.ok) throw new Error(`GET ${api}${route}: ${response.status}`)
  return (await response.json()) as T
}

async function send(route: string, method: string, body?: unknown): Promise<Response> {
  return fetch(`${api}${route}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  })
}

/** Builds an element: `el('li', { class: 'x' }, 'text', child)`. Text is never parsed as HTML. */
function el(
  tag: string,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElement {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  node.append(...children)
  return node
}

function fill(list: HTMLElement, items: HTMLElement[], empty: string): void {
  list.replaceChildren(...(items.length > 0 ? items : [el('li', { class: 'empty' }, empty)]))
}

function bytes(count: number | null): string {
  return count === null ? '?' : count.toLocaleString('en-US')
}

function renderSessions(sessions: SessionInfo[], uploads: Upload[]): void {
  fill(
    $('sessions'),
    sessions.map((session) => {
      const progress = el('progress', {
        max: String(session.total ?? 1),
        value: String(session.total === null ? 0 : session.received),
        'aria-label': `${session.name}: bytes received`,
      })
      return el(
        'li',
        { class: 'session-row', 'data-session': session.id },
        el('span', {}, el('strong', {}, session.name), ' ', el('code', {}, session.id)),
        el(
          'span',
          { class: 'muted' },
          `${bytes(session.received)} / ${bytes(session.total)} bytes${session.complete ? ' · complete' : ''}`,
        ),
        progress,
      )
    }),
    'no session open',
  )
  $('uploads-count').textContent = `${uploads.length} upload(s) completed`
}

function renderFaults(entries: JournalEntry[]): void {
  const rows = entries.flatMap(({ seq, packet, method, fault }) =>
    fault === null
      ? []
      : [
          el(
            'li',
            { class: 'fault-row', 'data-seq': String(seq) },
            el('span', { class: 'mark' }, '⚡ '),
            `#${seq} ${packet ?? method} — ${fault.rule}: ${fault.action}`,
          ),
        ],
  )
  fill($('faults-fired'), rows, 'no fault has fired')
}

function renderViolations(violations: Violation[]): void {
  fill(
    $('violations'),
    violations.map((violation) =>
      el(
        'li',
        { class: 'violation-row', 'data-rule': violation.rule },
        el('strong', {}, violation.rule),
        ` (${violation.seqs.map((seq) => `#${seq}`).join(' ')}) ${violation.message}`,
      ),
    ),
    'every client rule followed',
  )
}

const STATE_WORDS: Record<RuleState, string> = {
  'never-fired': 'never fired',
  acting: 'acting',
  retired: 'retired',
}

/**
 * A rule's counts as the CLI's summary reads them (`GET /faults/pending`). A rule that is not
 * pending has done its script: a numeric `times` all acted; an `"always"` rule acted at least once
 * (the server does not say how often: shown without a count).
 */
function progressOf(rule: FaultPlan['rules'][number], pending: PendingRule | undefined) {
  if (pending) return { state: ruleState(pending), counts: formatActed(pending) }
  const times = scriptedTimes(rule)
  const done: RuleProgress = { acted: Number.isFinite(times) ? times : 1, times }
  return { state: ruleState(done), counts: Number.isFinite(times) ? formatActed(done) : 'always' }
}

function renderPlan(plan: FaultPlan, pending: PendingRule[]): void {
  const byIndex = new Map(pending.map((rule) => [rule.index, rule]))
  $('plan-name').textContent = plan.name ?? (plan.rules.length > 0 ? '(unnamed)' : '(none)')
  fill(
    $('rules'),
    plan.rules.map((rule, index) => {
      const { state, counts } = progressOf(rule, byIndex.get(index))
      return el(
        'li',
        { class: 'rule-row', 'data-state': state },
        `${rule.name ?? `rule #${index + 1}`} `,
        el('span', { class: 'rule-state' }, `· ${STATE_WORDS[state]} · ${counts}`),
      )
    }),
    'no fault rule: every packet is answered as IIS would',
  )
  for (const row of $('plans').querySelectorAll<HTMLElement>('.plan-row')) {
    const fixture = plans.find((candidate) => candidate.file === row.dataset.file)
    row.setAttribute('aria-current', String(fixture?.name === plan.name))
  }
  inForce = plan
  if (!edited) showInEditor(plan)
}

function renderPlans(): void {
  fill(
    $('plans'),
    plans.map((fixture) => {
      const use = el('button', { type: 'button', 'data-use': fixture.file }, 'Use')
      use.addEventListener('click', () => {
        editor.value = JSON.stringify(fixture.plan, null, 2)
        void applyPlan()
      })
      use.setAttribute('aria-label', `Use plan "${fixture.name}"`)
      return el(
        'li',
        {
          class: 'plan-row',
          'data-file': fixture.file,
          title: fixture.description ?? fixture.file,
        },
        el('strong', {}, fixture.name),
        use,
        el('p', {}, fixture.description ?? fixture.file),
      )
    }),
    'no fixture plans found',
  )
}

function say(kind: 'ok' | 'error' | '', text: string): void {
  message.dataset.kind = kind
  message.textContent = text
  editor.setAttribute('aria-invalid', String(kind === 'error'))
}

/** JSON syntax is checked as you type; the plan itself by the server, whose 400 names the field. */
function checkSyntax(): unknown {
  try {
    const value: unknown = JSON.parse(editor.value)
    say('', '')
    return value
  } catch (error) {
    say('error', `Not JSON: ${(error as Error).message}`)
    return undefined
  }
}

/** The editor opens on the plan in force and follows it until someone types. */
function showInEditor(plan: FaultPlan): void {
  const text = JSON.stringify(plan, null, 2)
  if (editor.value !== text) editor.value = text
}

/** Whether applying `plan` would drop every rule of the plan in force: asked first. */
function confirmEmpty(plan: unknown): boolean {
  const rules = (plan as { rules?: unknown } | null)?.rules
  if (!Array.isArray(rules) || rules.length > 0 || inForce.rules.length === 0) return true
  const name = inForce.name === undefined ? 'the plan in force' : `"${inForce.name}"`
  return confirm(
    `Replace ${name} (${inForce.rules.length} rule(s)) with a plan of no rules? Every packet will then be answered as IIS would.`,
  )
}

async function applyPlan(): Promise<void> {
  const plan = checkSyntax()
  if (plan === undefined) return
  if (!confirmEmpty(plan)) {
    say('', 'Nothing applied: the plan in force is kept.')
    return
  }
  const response = await send('/faults', 'PUT', plan)
  if (response.ok) {
    const applied = (await response.json()) as FaultPlan
    edited = false
    say('ok', `Plan applied: ${applied.name ?? 'unnamed'}, ${applied.rules.length} rule(s).`)
  } else {
    say('error', ((await response.json()) as ControlError).error)
  }
  await refresh()
}

let running: Promise<void> | null = null
let again = false

/** Reads every route once; a change during a read queues exactly one more. */
function refresh(): Promise<void> {
  if (running) {
    again = true
    return running
  }
  running = (async () => {
    try {
      const [journal, violations, sessions, uploads, plan, pending] = await Promise.all([
        read<JournalJson>('/journal'),
        read<Violation[]>('/violations'),
        read<SessionInfo[]>('/sessions'),
        read<Upload[]>('/uploads'),
        read<FaultPlan>('/faults'),
        read<PendingRule[]>('/faults/pending'),
      ])
      $('seed').textContent = String(journal.seed)
      timeline.data = { ...journal, violations }
      renderSessions(sessions, uploads)
      renderFaults(journal.entries)
      renderViolations(violations)
      renderPlan(plan, pending)
      document.body.dataset.requests = String(journal.entries.length)
    } finally {
      running = null
    }
    if (again) {
      again = false
      await refresh()
    }
  })()
  return running
}

function status(state: 'live' | 'offline', text: string): void {
  const badge = $('status')
  badge.dataset.state = state
  badge.textContent = text
}

/** Follows `GET /journal?follow=1`: each NDJSON line is an answer (or a reset), so redraw. */
async function follow(): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`${api}/journal?follow=1`, { cache: 'no-store' })
      if (!response.ok || !response.body) throw new Error(String(response.status))
      status('live', 'live')
      attempt = 0
      const lines = response.body.pipeThrough(new TextDecoderStream()).getReader()
      for (;;) {
        const { done } = await lines.read()
        if (done) break
        void refresh()
      }
    } catch {
      // The server stopped or restarted: say so, then try again below.
    }
    status('offline', 'offline: retrying')
    await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 500 * 2 ** attempt)))
  }
}

editor.addEventListener('input', () => {
  edited = true
  checkSyntax()
})
$('apply-plan').addEventListener('click', () => void applyPlan())
$('clear-plan').addEventListener('click', async () => {
  await send('/faults', 'DELETE')
  edited = false
  say('ok', 'Plan cleared.')
  await refresh()
})
$('reset').addEventListener('click', async () => {
  await send('/reset', 'POST')
  await refresh()
})

plans = await read<FixturePlan[]>('/plans')
renderPlans()
await refresh()
document.body.dataset.ready = 'true'
void follow()
