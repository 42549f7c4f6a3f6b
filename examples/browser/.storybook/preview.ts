import type { Preview } from '@storybook/html-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'

const preview: Preview = {
  parameters: { layout: 'padded' },
  // msw-storybook-addon's loader (CSF 3): starts the worker once, quietly, then before each story
  // resets its handlers to the story's `parameters.msw.handlers`.
  loaders: [mswLoader()],
}
export default preview
