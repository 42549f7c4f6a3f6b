// @vitest-environment jsdom
// The report writers on a report of real runs: index.html, report.json and junit.xml written,
// parsed back by real parsers (jsdom's HTML and its strict XML parser), saying what the run found.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CertifyReport, reportJunit, writeReport } from 'msw-bits/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleReport } from '../support/certify-report.js'

let report: CertifyReport
let dir: string

beforeAll(async () => {
  report = await sampleReport()
  dir = await mkdtemp(join(tmpdir(), 'msw-bits-report-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Parses XML strictly: a malformed file gives a <parsererror> document, which this refuses. */
function parseXml(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'application/xml')
  expect(doc.querySelector('parsererror')).toBeNull()
  return doc
}

const parseHtml = (text: string) => new DOMParser().parseFromString(text, 'text/html')

describe('writeReport', () => {
  it('writes the three files, report.json being the report itself', async () => {
    const written = await writeReport(report, join(dir, 'nested/report'))
    expect(written.html).toBe(join(dir, 'nested/report/index.html'))
    expect(JSON.parse(await readFile(written.json, 'utf8'))).toEqual(report)
    expect(report.counts).toEqual({ pass: 3, 'non-strict': 0, fail: 1 })
  })

  it('index.html: a row per scenario, the failed one with its reason at the top', async () => {
    const { html } = await writeReport(report, dir)
    const doc = parseHtml(await readFile(html, 'utf8'))
    const rows = [...doc.querySelectorAll('details.scenario')]
    expect(rows.map((row) => row.querySelector('summary .id')?.textContent)).toEqual([
      '1.1',
      '3.1',
      '3.3',
      '5.1',
    ])
    const failed = report.scenarios.find((s) => s.verdict === 'fail')!
    const attention = doc.querySelector('.attention')!.textContent!
    expect(attention).toContain(failed.reason)
    expect(attention).toContain('Not passed (1)')
    const row = doc.getElementById('scenario-3-3')!
    expect(row.querySelector('.badge')?.textContent).toBe('fail')
    expect(row.querySelector('blockquote.spec')?.textContent).toContain('§3.1.5.1.5')
    // The timeline of the run, drawn from its journal: the faulted Close-Session marked.
    const close = failed.journal.at(-1)!
    expect(close.packet).toBe('Close-Session')
    const mark = row.querySelector(`.bits-timeline [data-seq="${close.seq}"]`)
    expect(mark?.classList.contains('faulted')).toBe(true)
    const blocks = [...row.querySelectorAll('pre')].map((pre) => pre.textContent).join('\n')
    expect(blocks).toContain('"packet": "Close-Session"')
    expect(blocks).toMatch(/#5 .*Close-Session .*→ 503/)
  })

  it('index.html: text from the client and the catalogue is never markup', async () => {
    const { html } = await writeReport(report, dir)
    const text = await readFile(html, 'utf8')
    const doc = parseHtml(text)
    expect(doc.querySelector('header b')).toBeNull()
    expect(doc.querySelector('header code')?.textContent).toContain('<b>not markup</b>')
    expect(doc.getElementById('scenario-3-3')?.querySelector('.title')?.textContent).toBe(
      'Close-Session 503 <twice> & "quoted"',
    )
    // Self-contained: nothing to fetch (links to the spec are only links).
    expect(doc.querySelectorAll('link, img, iframe, script[src]')).toHaveLength(0)
  })

  it('junit.xml: a testcase per scenario, a failure whose message is the reason', async () => {
    const { junit } = await writeReport(report, dir)
    const doc = parseXml(await readFile(junit, 'utf8'))
    const root = doc.documentElement
    expect(root.tagName).toBe('testsuites')
    expect(root.getAttribute('tests')).toBe('4')
    expect(root.getAttribute('failures')).toBe('1')
    const cases = [...doc.querySelectorAll('testcase')]
    expect(cases.map((c) => c.getAttribute('name'))).toEqual(
      report.scenarios.map((s) => `${s.id} ${s.title}`),
    )
    const failures = [...doc.querySelectorAll('testcase > failure')]
    expect(failures).toHaveLength(1)
    const failed = report.scenarios.find((s) => s.verdict === 'fail')!
    expect(failures[0]!.getAttribute('message')).toBe(failed.reason)
    expect(failures[0]!.parentElement?.getAttribute('name')).toBe(`${failed.id} ${failed.title}`)
    expect(doc.querySelectorAll('testsuite').length).toBe(3)
  })

  it('junit.xml stays well-formed with ANSI escapes, NULs and markup in the output', async () => {
    const hostile = '\u001b[31mred\u001b[0m \u0000 <failure> ]]> & "q"'
    const first = report.scenarios[0]!
    const dirty: CertifyReport = {
      ...report,
      scenarios: [{ ...first, verdict: 'fail', reason: hostile, stdoutTail: hostile }],
    }
    const doc = parseXml(await reportJunit(dirty))
    const failure = doc.querySelector('failure')!
    expect(failure.getAttribute('message')).toBe(
      '\ufffd[31mred\ufffd[0m \ufffd <failure> ]]> & "q"',
    )
    expect(doc.querySelector('system-out')?.textContent).toContain('<failure> ]]> & "q"')
  })
})
