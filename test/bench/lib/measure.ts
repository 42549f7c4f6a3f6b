/** Timing helpers: interleaved baseline/subject rounds, medians, wall and CPU time of each sample. */

/** `global.gc` when the process runs with `--expose-gc`; a no-op otherwise. */
export const gc: () => void =
  typeof globalThis.gc === 'function' ? () => globalThis.gc?.() : () => undefined

export const hasGc = typeof globalThis.gc === 'function'

/** Three collections a turn apart, so what became garbage in the last turn is gone too. */
export async function settle(): Promise<void> {
  for (let pass = 0; pass < 3; pass++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * One timed sample: `prepare` (untimed) sets the stage, `run` does the work and returns how many
 * units (packets, bytes) it did.
 */
export interface Sample {
  prepare?: () => void | Promise<void>
  run: () => Promise<number>
}

export interface Paired {
  /** Per-round cost per unit of the baseline, in ms. */
  baseline: number[]
  /** Per-round cost per unit of the subject, in ms. */
  subject: number[]
  /** Per-round subject/baseline cost ratio. */
  ratios: number[]
}

export interface PairedSummary {
  /** On the chosen clock (`BENCH_CLOCK`, CPU by default). */
  samples: Paired
  /** Median cost per unit, ms. */
  baseline: number
  subject: number
  /** Median of the per-round ratios subject/baseline (> 1: the subject is slower). */
  ratio: number
  /** The same rounds on the other clock (wall when the chosen one is CPU, and the reverse). */
  other: { clock: CostClock; samples: Paired; ratio: number }
  rounds: number
}

/**
 * What a sample's cost is measured in. `cpu` (default): user + system CPU time of this process,
 * which is all the work here (MSW runs in-process, nothing waits on I/O or timers) and which
 * time spent waiting for a core on a busy machine does not inflate; `wall`: elapsed time.
 */
export type CostClock = 'cpu' | 'wall'

export function costClock(): CostClock {
  const value = process.env.BENCH_CLOCK ?? 'cpu'
  if (value !== 'cpu' && value !== 'wall') {
    throw new Error(`BENCH_CLOCK must be "cpu" or "wall", got "${value}".`)
  }
  return value
}

const now: Record<CostClock, () => number> = {
  wall: () => performance.now(),
  cpu: () => {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  },
}

/**
 * Milliseconds per unit of one sample, on both clocks. No GC is forced before it: a forced full GC
 * makes the next thousand packets 2–3× slower than in normal running (cold caches, a heap sized
 * down), which shifts every ratio; a sample long enough (≥ 1,000 packets) pays its own garbage.
 */
async function timeSample(sample: Sample): Promise<Record<CostClock, number>> {
  await sample.prepare?.()
  const wall = now.wall()
  const cpu = now.cpu()
  const units = await sample.run()
  return { wall: (now.wall() - wall) / units, cpu: (now.cpu() - cpu) / units }
}

const empty = (): Paired => ({ baseline: [], subject: [], ratios: [] })

/**
 * Runs baseline and subject alternately, `warmup` unrecorded rounds then `rounds` recorded ones;
 * the order inside a round alternates too, so drift and order effects hit both sides alike.
 */
export async function interleave(
  baseline: Sample,
  subject: Sample,
  { warmup, rounds, clock = costClock() }: { warmup: number; rounds: number; clock?: CostClock },
): Promise<PairedSummary> {
  const result: Record<CostClock, Paired> = { cpu: empty(), wall: empty() }
  for (let round = 0; round < warmup + rounds; round++) {
    let b: Record<CostClock, number>
    let s: Record<CostClock, number>
    if (round % 2 === 0) {
      b = await timeSample(baseline)
      s = await timeSample(subject)
    } else {
      s = await timeSample(subject)
      b = await timeSample(baseline)
    }
    if (round < warmup) continue
    for (const which of ['cpu', 'wall'] as const) {
      result[which].baseline.push(b[which])
      result[which].subject.push(s[which])
      result[which].ratios.push(s[which] / b[which])
    }
  }
  const chosen = result[clock]
  const otherClock: CostClock = clock === 'cpu' ? 'wall' : 'cpu'
  return {
    samples: chosen,
    baseline: median(chosen.baseline),
    subject: median(chosen.subject),
    ratio: median(chosen.ratios),
    other: {
      clock: otherClock,
      samples: result[otherClock],
      ratio: median(result[otherClock].ratios),
    },
    rounds,
  }
}

/** An integer from an environment variable, or `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}".`)
  }
  return value
}
