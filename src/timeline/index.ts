// msw-bits/timeline: a picture of the journal, for any page, Storybook and the loopback dashboard.
export { ANSWER_KINDS, type AnswerKind, answerKind } from './answer-kind.js'
export { type TimelineColumn, timelineColumns } from './columns.js'
export { withBitsTimeline } from './decorator.js'
export {
  type BitsTimelineElement,
  defineBitsTimeline,
  TIMELINE_TAG,
  type TimelineSource,
} from './element.js'
export {
  layoutTimeline,
  type SessionRow,
  type SessionState,
  type SessionTrack,
  type TimelineData,
  type TimelineMark,
  type TimelineModel,
} from './layout.js'
export { type TimelineHtmlOptions, timelineHtml } from './render-html.js'
export { TIMELINE_CSS } from './styles.js'
