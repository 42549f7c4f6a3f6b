// The report page's stylesheet. Every text colour is at least 4.5:1 on its background (WCAG AA):
// the verdict colours carry white text, and the timeline's palette is darkened to match.

/** Verdict colours, each ≥ 4.5:1 against white text. */
const VERDICT_COLOURS = '--pass: #1f7a45; --non-strict: #a35200; --fail: #b42525;'

/**
 * The timeline's custom properties, darkened so its white labels keep 4.5:1
 * (its own defaults are drawn for larger, decorative bars).
 */
const TIMELINE_PALETTE =
  '--bits-ok: #1f7a45; --bits-client-error: #a35200; --bits-server-error: #b42525; --bits-resync: #2a62c4; --bits-application: #7a3fc8; --bits-hang: #5f6670; --bits-pending: #5f6670;'

export const REPORT_CSS = `
:root { ${VERDICT_COLOURS} font: 13px/1.45 ui-sans-serif, system-ui, sans-serif; color: #1d2127; background: #f4f5f7; }
body { margin: 0; padding: 14px 18px 28px; }
a { color: #1f55b0; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
header.top h1 { font-size: 19px; margin: 0 0 2px; }
header.top p { margin: 0; color: #4a515c; }
header.top .client code { color: #1d2127; background: #e6e9ed; padding: 1px 5px; border-radius: 3px; }
h2 { font-size: 15px; margin: 16px 0 6px; }
h3 { font-size: 13px; margin: 12px 0 4px; }
h4 { font-size: 12px; margin: 10px 0 3px; }
.totals { display: flex; gap: 10px; margin: 10px 0; flex-wrap: wrap; }
.total { margin: 0; padding: 4px 12px; border-radius: 5px; color: #fff; font-size: 14px; }
.total strong { font-size: 20px; margin-right: 4px; }
.verdict-pass { background: var(--pass); }
.verdict-non-strict { background: var(--non-strict); }
.verdict-fail { background: var(--fail); }
.total.none { background: #e6e9ed; color: #4a515c; }
table.groups { border-collapse: collapse; background: #fff; border: 1px solid #d8dce2; }
table.groups caption { text-align: left; font-weight: 600; padding: 0 0 4px; }
table.groups th, table.groups td { padding: 3px 8px; border-top: 1px solid #e6e9ed; text-align: left; vertical-align: top; }
table.groups thead th { background: #eef0f3; font-weight: 600; }
table.groups td.count { text-align: right; font-variant-numeric: tabular-nums; }
table.groups td.count.zero { color: #59606b; }
.tiles { display: flex; flex-wrap: wrap; gap: 3px; }
.tile { display: inline-block; min-width: 44px; padding: 0 5px; border-radius: 3px; color: #fff; text-decoration: none; font-size: 12px; line-height: 20px; text-align: center; }
.tile:focus-visible, summary:focus-visible { outline: 3px solid #1d2127; outline-offset: 2px; }
.attention { background: #fff; border: 1px solid #d8dce2; border-left: 5px solid var(--fail); border-radius: 5px; padding: 4px 12px 6px; margin: 0 0 12px; }
.attention.clear { border-left-color: var(--pass); }
.attention h3 { margin: 4px 0; font-size: 14px; }
.attention ul { margin: 0; padding-left: 18px; }
.attention li { margin: 2px 0; }
.badge { display: inline-block; min-width: 74px; padding: 0 6px; border-radius: 3px; color: #fff; text-align: center; font-size: 12px; line-height: 18px; }
details.scenario { background: #fff; border: 1px solid #d8dce2; border-radius: 4px; margin: 3px 0; }
details.scenario > summary { display: grid; grid-template-columns: 10px 84px 44px minmax(160px, 1.1fr) 64px minmax(200px, 2fr) 60px; gap: 8px; align-items: baseline; padding: 4px 8px; cursor: pointer; }
details.scenario > summary::before { content: '▸'; color: #4a515c; }
details.scenario[open] > summary::before { content: '▾'; }
.columns { display: grid; grid-template-columns: 10px 84px 44px minmax(160px, 1.1fr) 64px minmax(200px, 2fr) 60px; gap: 8px; padding: 0 9px; color: #4a515c; font-size: 12px; }
.columns span:last-child { text-align: right; }
details.scenario > summary .id { font-weight: 600; font-variant-numeric: tabular-nums; }
details.scenario > summary .expect, details.scenario > summary .duration { color: #4a515c; }
details.scenario > summary .duration { text-align: right; font-variant-numeric: tabular-nums; }
details.scenario.is-fail > summary { background: #fbeaea; }
details.scenario.is-non-strict > summary { background: #fdf1e3; }
details.scenario[open] > summary { border-bottom: 1px solid #e6e9ed; }
.scenario-body { padding: 6px 12px 12px; }
blockquote.spec { margin: 4px 0 8px; padding: 4px 10px; border-left: 4px solid #8d939c; background: #f7f8fa; }
blockquote.spec p { margin: 0 0 2px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; margin: 4px 0; }
dl.facts dt { color: #4a515c; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.level { font-weight: 600; }
pre { background: #f4f5f7; border: 1px solid #e6e9ed; border-radius: 3px; padding: 6px 8px; margin: 2px 0 6px; max-height: 260px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.empty { color: #59606b; font-style: italic; margin: 0; }
.scenario-body .bits-timeline { ${TIMELINE_PALETTE} }
.scenario-body .bits-timeline .fault-mark { color: inherit; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
footer.bottom { margin-top: 18px; color: #4a515c; }
`
