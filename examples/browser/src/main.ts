// The Vite app: the service worker answers BITS, the uploader uploads, the timeline shows it.
import { setupWorker } from 'msw/browser'
import { checkClientRules } from 'msw-bits'
import { defineBitsTimeline } from 'msw-bits/timeline'
import { bits, handlers, plans, remoteBits, resetWith } from './mocks/bits.js'
import { createUploader } from './uploader.js'

const worker = setupWorker(...handlers)
// quiet: MSW would otherwise log every Fragment with its binary body.
await worker.start({ quiet: true, onUnhandledRequest: 'bypass' })

defineBitsTimeline()
const settings = document.querySelector<HTMLFormElement>('#settings')!
const app = document.querySelector('#app')!
const planSelect = settings.elements.namedItem('plan') as HTMLSelectElement
for (const key of Object.keys(plans)) planSelect.add(new Option(key, key))

/** Rebuilds the uploader and its timeline for the chosen plan, transport and origin. */
function mount(): void {
  const form = new FormData(settings)
  const server = form.get('origin') === 'cross' ? remoteBits : bits
  resetWith(server, plans[String(form.get('plan'))] ?? null)
  const uploader = createUploader({
    server,
    transport: form.get('transport') === 'xhr' ? 'xhr' : 'fetch',
  })
  const timeline = document.createElement('bits-timeline') as HTMLElement & { source: unknown }
  timeline.source = server
  app.replaceChildren(uploader, timeline)
}
settings.addEventListener('change', mount)
mount()

// For the browser tests (test/browser), which read the journal and the oracle as data.
Object.assign(window, { bitsExample: { bits, remoteBits, checkClientRules, ready: true } })
