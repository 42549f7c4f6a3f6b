import type { StorybookConfig } from '@storybook/html-vite'

const config: StorybookConfig = {
  framework: '@storybook/html-vite',
  stories: ['../src/**/*.stories.ts'],
  // msw-storybook-addon; its loader in preview.ts starts the worker and serves parameters.msw.
  addons: ['msw-storybook-addon'],
  // Serves public/mockServiceWorker.js, written by `npx msw init public --save`.
  staticDirs: ['../public'],
  core: { disableTelemetry: true },
}
export default config
