// One story per shipped fault plan. msw-storybook-addon's loader serves `parameters.msw.handlers`
// through the service worker; each story starts from a new server with its own plan, uploads a
// sample when it opens, and shows its own BITS timeline underneath.
import type { Meta, StoryObj } from '@storybook/html-vite'
import { withBitsTimeline } from 'msw-bits/timeline'
import { expect, waitFor } from 'storybook/test'
import { bits, plans, resetWith } from '../mocks/bits.js'
import { createUploader, type UploaderOptions } from '../uploader.js'

type Args = Pick<UploaderOptions, 'transport' | 'fragmentSize'> & { plan: keyof typeof plans }

const meta: Meta<Args> = {
  title: 'Uploader',
  render: ({ transport, fragmentSize }) =>
    createUploader({ server: bits, transport, fragmentSize }),
  decorators: [withBitsTimeline(bits)],
  parameters: { msw: { handlers: bits.handlers } },
  args: { transport: 'fetch', fragmentSize: 32 * 1024, plan: 'none' },
  argTypes: {
    transport: { control: 'inline-radio', options: ['fetch', 'xhr'] },
    plan: { control: 'select', options: Object.keys(plans) },
  },
  async beforeEach({ args }) {
    resetWith(bits, plans[args.plan] ?? null)
  },
  async play({ canvasElement, userEvent, canvas }) {
    await userEvent.click(canvas.getByRole('button', { name: 'Upload a sample' }))
    const uploader = canvasElement.querySelector<HTMLElement>('.uploader')!
    await waitFor(() => expect(uploader.dataset.status).toBe('done'), { timeout: 15_000 })
  },
}
export default meta

type Story = StoryObj<Args>

export const NoFaults: Story = {}
export const Fragment503Burst: Story = { args: { plan: 'fragment-503-burst' } }
export const SessionNotFoundOnClose: Story = { args: { plan: 'close-session-not-found' } }
export const ApplicationErrorContext7: Story = { args: { plan: 'application-errors-context-7' } }
export const LostAck: Story = { args: { plan: 'lost-ack-last-fragment' } }
export const ServerRestart: Story = { args: { plan: 'server-restart' } }
export const OverXhr: Story = { args: { plan: 'fragment-503-burst', transport: 'xhr' } }
