import type { Journal } from '../journal/index.js'
import { checkClientRules, type JournalSource } from '../oracle/index.js'
import type { TimelineData } from './layout.js'
import { timelineHtml } from './render-html.js'
import { TIMELINE_CSS } from './styles.js'

/**
 * What `<bits-timeline>` follows live: the server (`bits`), or anything with its `journal`.
 * @example
 *   import { defineBitsTimeline, type TimelineSource } from 'msw-bits/timeline'
 *
 *   defineBitsTimeline()
 *   const source: TimelineSource = bits
 *   document.createElement('bits-timeline').source = source
 */
export interface TimelineSource {
  readonly journal: Pick<Journal, 'entries' | 'seed' | 'dropped' | 'subscribe'>
  readonly options?: { readonly hostId?: string; readonly hostIdFallbackTimeout?: number }
}

/**
 * The `<bits-timeline>` element's own properties: a live `source` or fixed `data`.
 * @example
 *   import { type BitsTimelineElement, defineBitsTimeline } from 'msw-bits/timeline'
 *
 *   defineBitsTimeline()
 *   const view: BitsTimelineElement = document.createElement('bits-timeline')
 *   view.data = await (await fetch('/__bits/journal')).json() // a fixed journal
 *   document.body.append(view)
 */
export interface BitsTimelineElement extends HTMLElement {
  /**
   * Follow this server's journal live (`el.source = bits`): bars appear as requests arrive and
   * change colour as they are answered; the oracle's verdict is re-read whenever no request is
   * in flight. Set `null` to stop.
   */
  source: TimelineSource | null
  /** Show a fixed journal instead (`el.data = { seed, entries, violations }`), e.g. from JSON. */
  data: TimelineData | null
}

declare global {
  interface HTMLElementTagNameMap {
    'bits-timeline': BitsTimelineElement
  }
}

let sheet: CSSStyleSheet | null = null

/** {@link TIMELINE_CSS} parsed once, shared by every `<bits-timeline>` of the page. */
function timelineSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(TIMELINE_CSS)
  }
  return sheet
}

/**
 * The tag {@link defineBitsTimeline} registers by default.
 * @example
 *   import { defineBitsTimeline, TIMELINE_TAG } from 'msw-bits/timeline'
 *
 *   defineBitsTimeline()
 *   document.querySelector(TIMELINE_TAG)?.setAttribute('aria-label', 'BITS uploads')
 */
export const TIMELINE_TAG = 'bits-timeline'

/**
 * Registers the `<bits-timeline>` custom element (once; later calls return the same class). Call
 * it in a browser: the module itself touches no DOM, so Node hosts can import the subpath for
 * {@link timelineHtml}.
 *
 * @param tag a custom element name (with a hyphen), default `bits-timeline`
 * @returns the element's class
 * @example
 *   import { defineBitsTimeline } from 'msw-bits/timeline'
 *   defineBitsTimeline()
 *   const view = document.createElement('bits-timeline')
 *   view.source = bits        // live
 *   document.body.append(view)
 */
export function defineBitsTimeline(tag: string = TIMELINE_TAG): {
  new (): BitsTimelineElement
} {
  const existing = customElements.get(tag)
  if (existing) return existing as unknown as { new (): BitsTimelineElement }
  const element = class extends HTMLElement implements BitsTimelineElement {
    #source: TimelineSource | null = null
    #data: TimelineData | null = null
    #unsubscribe: (() => void) | null = null
    #frame = 0
    #violations: TimelineData['violations'] = []
    /** The request a violation link pointed at, marked again after each redraw. */
    #highlighted: string | null = null
    readonly #root = this.attachShadow({ mode: 'open' })

    constructor() {
      super()
      this.#root.addEventListener('click', (event) => this.#follow(event))
    }

    get source(): TimelineSource | null {
      return this.#source
    }
    set source(source: TimelineSource | null) {
      this.#source = source
      this.#data = null
      this.#resubscribe()
      this.#schedule()
    }

    get data(): TimelineData | null {
      return this.#data
    }
    set data(data: TimelineData | null) {
      this.#data = data
      this.#source = null
      this.#resubscribe()
      this.#render()
    }

    connectedCallback(): void {
      this.#resubscribe()
      this.#render()
    }

    disconnectedCallback(): void {
      this.#unsubscribe?.()
      this.#unsubscribe = null
      cancelAnimationFrame(this.#frame)
      this.#frame = 0
    }

    #resubscribe(): void {
      this.#unsubscribe?.()
      this.#unsubscribe =
        this.#source && this.isConnected
          ? this.#source.journal.subscribe(() => this.#schedule())
          : null
    }

    /** A fragment-heavy upload reports thousands of changes: draw at most once a frame. */
    #schedule(): void {
      if (this.#frame !== 0 || !this.isConnected) return
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0
        this.#render()
      })
    }

    #render(): void {
      const focused = this.#root.activeElement?.id ?? null
      const data = this.#data ?? this.#live()
      // No <style> and no style attribute: a page whose CSP refuses inline styles still draws it.
      // A constructed stylesheet and element.style (CSSOM) are not inline styles.
      this.#root.adoptedStyleSheets = [timelineSheet()]
      this.#root.innerHTML = data ? timelineHtml(data, { inlineStyle: false }) : ''
      for (const sized of this.#root.querySelectorAll<HTMLElement>('[data-width]'))
        sized.style.width = `${sized.dataset.width}%`
      for (const sized of this.#root.querySelectorAll<HTMLElement>('[data-share]'))
        sized.style.setProperty('--share', sized.dataset.share ?? '0')
      if (this.#highlighted)
        this.#root.getElementById(this.#highlighted)?.classList.add('highlight')
      this.#restoreFocus(focused)
    }

    #live(): TimelineData | null {
      const source = this.#source
      if (!source) return null
      const { entries, seed, dropped } = source.journal
      // Mid-exchange the oracle would see a request without its answer: keep the last verdict.
      const inFlight = entries.some((entry) => entry.answeredAt === null && entry.fault === null)
      if (!inFlight) this.#violations = checkClientRules(source as JournalSource)
      return { seed, entries, dropped, violations: this.#violations }
    }

    /** A live redraw replaces every button: keep the keyboard where it was. */
    #restoreFocus(id: string | null): void {
      if (id) this.#root.getElementById(id)?.focus({ preventScroll: true })
    }

    /**
     * The violations link to requests inside the shadow root, where `#id` links cannot reach:
     * move the focus to the request (its details show on focus) and mark it.
     */
    #follow(event: Event): void {
      const href = (event.target as Element | null)?.closest?.('a[href^="#"]')?.getAttribute('href')
      if (!href) return
      event.preventDefault()
      const target = this.#root.getElementById(href.slice(1))
      if (!target) return
      for (const old of this.#root.querySelectorAll('.highlight')) old.classList.remove('highlight')
      target.classList.add('highlight')
      this.#highlighted = target.id
      target.scrollIntoView({ block: 'nearest' })
      target.focus({ preventScroll: true })
    }
  }
  customElements.define(tag, element)
  return element
}
