import { defineBitsTimeline, TIMELINE_TAG, type TimelineSource } from './element.js'

/**
 * A Storybook decorator (for renderers whose stories return DOM or HTML: `@storybook/html`,
 * `@storybook/web-components`): each story renders above a live `<bits-timeline>` of `bits`.
 * With React, Vue or Svelte, render `<bits-timeline>` yourself and set its `source`.
 *
 * @example
 *   // .storybook/preview.ts
 *   import { withBitsTimeline } from 'msw-bits/timeline'
 *   import { createBitsServer } from 'msw-bits'
 *
 *   const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
 *   export default { decorators: [withBitsTimeline(bits)] }
 */
export function withBitsTimeline(source: TimelineSource): (story: () => unknown) => HTMLElement {
  return (story) => {
    defineBitsTimeline()
    const wrapper = document.createElement('div')
    wrapper.className = 'bits-timeline-story'
    const rendered = story()
    if (rendered instanceof Node) wrapper.append(rendered)
    else if (typeof rendered === 'string') wrapper.insertAdjacentHTML('beforeend', rendered)
    const view = document.createElement(TIMELINE_TAG) as HTMLElement & { source: TimelineSource }
    view.style.display = 'block'
    view.style.marginTop = '16px'
    view.source = source
    wrapper.append(view)
    return wrapper
  }
}
