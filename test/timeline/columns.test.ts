// The timeline at scale: real uploads through setupServer, 1,000 fragments of 4 KiB and 20, each
// with faults; every faulted request and its retries keep a column of their own, the plain
// successes between them merge into one bar with a count.
import { describe, expect, it } from 'vitest'
import { layoutTimeline, timelineColumns, timelineHtml } from '../../src/timeline/index.js'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()
const noWait = async () => {}
const KIB4 = 4096

/** A burst of 503s, a lost Ack, a short write and a 0x7 error, wherever the upload is. */
function faults(size: number) {
  return {
    seed: 7,
    rules: [
      {
        name: '503 burst',
        packet: 'Fragment' as const,
        after: 1,
        times: 3,
        respond: { status: 503 },
      },
      {
        name: 'lost ack',
        packet: 'Fragment' as const,
        offset: Math.floor(size / 2),
        timing: 'after' as const,
        effect: 'network-error' as const,
      },
      {
        name: 'short write',
        packet: 'Fragment' as const,
        offset: Math.floor(size * 0.7),
        acceptBytes: 1024,
      },
      {
        name: 'app busy',
        packet: 'Fragment' as const,
        offset: 'last' as const,
        respond: { status: 503, context: 'remote-application' as const },
      },
    ],
  }
}

async function columnsOf(fragments: number) {
  const size = fragments * KIB4
  const bits = start({ seed: 7, faults: faults(size) })
  await uploadBits({
    url: `${BASE_URL}/scale.bin`,
    data: generateBytes(size),
    fragmentSize: KIB4,
    sleep: noWait,
  })
  const data = bits.journal.toJSON()
  const [row] = layoutTimeline(data).sessions
  const columns = timelineColumns(row!.lanes.flat()).map((column) => ({
    kind: column.kind,
    marks: column.kind === 'run' ? column.marks.length : column.marks.map((mark) => mark.kind),
  }))
  return { columns, html: timelineHtml(data) }
}

describe('timeline columns', () => {
  it('1,000 fragments of 4 KiB: eight columns, every fault and its retries apart', async () => {
    const { columns, html } = await columnsOf(1000)
    expect(columns).toEqual([
      { kind: 'run', marks: 1 },
      { kind: 'tries', marks: ['server-error', 'server-error', 'server-error', 'ok'] },
      { kind: 'run', marks: 498 },
      { kind: 'tries', marks: ['network-error', 'ok'] },
      { kind: 'run', marks: 199 },
      { kind: 'tries', marks: ['ok', 'ok'] },
      { kind: 'run', marks: 298 },
      { kind: 'tries', marks: ['application', 'ok'] },
    ])
    // One button per column of plain successes, one per request with something to say.
    expect(html.match(/<button /g)).toHaveLength(1 + 1 + 4 + 1 + 2 + 1 + 2 + 1 + 2 + 1)
    expect(html).toContain('×498</span>')
    // Six faults acted, each marked on its bar (and once in the legend).
    expect(html.match(/⚡<\/span>/g)).toHaveLength(6 + 1)
  })

  it('20 fragments: the same story in the same shape', async () => {
    const { columns } = await columnsOf(20)
    expect(columns.map((column) => column.kind)).toEqual([
      'run',
      'tries',
      'run',
      'tries',
      'run',
      'tries',
      'run',
      'tries',
    ])
  })
})
