/**
 * The timeline's stylesheet, scoped under `.bits-timeline`. Colours are custom properties
 * (`--bits-ok`, `--bits-resync`, …) so a host page can restyle them; `<bits-timeline>` adopts it
 * in its shadow root. Every text colour reaches 4.5:1 on its background (WCAG 2 AA), white labels
 * on every answer colour included.
 * @example
 *   import { TIMELINE_CSS } from 'msw-bits/timeline'
 *
 *   document.head.insertAdjacentHTML('beforeend', `<style>${TIMELINE_CSS}</style>`)
 */
export const TIMELINE_CSS = `
.bits-timeline {
  --bits-ok: #1f7a45; --bits-resync: #2f6fdb; --bits-client-error: #b45309;
  --bits-server-error: #d33030; --bits-application: #8a4fd8; --bits-network-error: #30343b;
  --bits-hang: #4b515a; --bits-pending: #b8bec7; --bits-violation: #d30f6a;
  --bits-muted: #59606b; --bits-text: #1d2127;
  font: 12px/1.4 ui-sans-serif, system-ui, sans-serif; color: var(--bits-text); background: #fff;
  border: 1px solid #d8dce2; border-radius: 6px; padding: 8px 10px; box-sizing: border-box;
  container-type: inline-size;
}
.bits-timeline * { box-sizing: border-box; }
.bits-timeline header { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.bits-timeline header h2 { margin: 0; font-size: 12px; font-weight: 700; }
.bits-timeline .verdict { padding: 0 6px; border-radius: 3px; color: #fff; }
.bits-timeline .verdict-ok { background: var(--bits-ok); }
.bits-timeline .verdict-broken { background: var(--bits-violation); }
.bits-timeline .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; list-style: none; margin: 6px 0; padding: 0; color: var(--bits-muted); }
.bits-timeline .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.bits-timeline .session { border-top: 1px solid #e6e9ed; padding: 6px 0; }
.bits-timeline h3 { display: flex; flex-wrap: wrap; gap: 0 10px; align-items: baseline; margin: 0 0 4px; font-size: 12px; font-weight: 600; }
.bits-timeline h3 code { font-weight: 400; color: var(--bits-muted); }
.bits-timeline .state { font-weight: 400; padding: 0 5px; border-radius: 3px; background: #eef0f3; }
.bits-timeline .state-closed .state { background: var(--bits-ok); color: #fff; }
.bits-timeline .state-lost .state { background: var(--bits-server-error); color: #fff; }
.bits-timeline .size { font-weight: 400; color: var(--bits-muted); }
.bits-timeline .progress { position: relative; height: 14px; background: #eef0f3; border-radius: 3px; margin-bottom: 4px; overflow: hidden; }
.bits-timeline .progress-fill { height: 100%; background: #9fd3b1; }
.bits-timeline .state-uploading .progress-fill { background: #a9c6f3; }
.bits-timeline .progress span { position: absolute; inset: 0 6px; font-size: 10px; line-height: 14px; color: var(--bits-text); }
.bits-timeline .track { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content; gap: 3px 6px; align-items: start; }
/* Narrow (a side panel): Create-Session above the bytes, Close-Session below. */
@container (width < 560px) { .bits-timeline .track { grid-template-columns: minmax(0, 1fr); } }
.bits-timeline .flow { display: flex; flex-wrap: wrap; gap: 3px; align-items: flex-start; }
.bits-timeline .column { display: flex; flex-direction: column; gap: 2px; min-width: max-content; }
/* As wide as its share of the bytes, never narrower than its label. */
.bits-timeline .column.bytes { flex: 0 1 calc(var(--share, 0) * 100% - 3px); }
.bits-timeline .column.packets { flex: none; justify-self: start; }
.bits-timeline .cell { position: relative; display: block; }
.bits-timeline .mark { display: block; width: 100%; margin: 0; border: 0; padding: 0 5px; font: inherit; font-size: 11px; line-height: 18px; white-space: nowrap; text-align: left; color: #fff; cursor: default; }
.bits-timeline .bar { border-radius: 2px; }
.bits-timeline .pill { border-radius: 9px; padding: 0 7px; }
.bits-timeline .run { background: repeating-linear-gradient(90deg, var(--bits-ok) 0 12px, #1a6b3c 12px 13px); }
.bits-timeline .count { font-weight: 600; }
.bits-timeline .packet { font-weight: 600; }
.bits-timeline .fault-mark { margin-right: 2px; }
.bits-timeline .legend .fault-mark, .bits-timeline .legend .broken { color: var(--bits-text); margin-right: 4px; }
.bits-timeline .mark:focus-visible { outline: 2px solid var(--bits-text); outline-offset: 1px; }
.bits-timeline .violating { box-shadow: inset 0 0 0 2px var(--bits-violation), inset 0 0 0 3px #fff; }
.bits-timeline .highlight { outline: 3px solid #ffd60a; outline-offset: 1px; }
.bits-timeline .tip { display: none; position: absolute; left: 0; top: calc(100% + 3px); z-index: 2; padding: 4px 7px; border-radius: 4px; background: var(--bits-text); color: #fff; font-size: 11px; line-height: 1.45; white-space: pre; pointer-events: none; }
.bits-timeline .column.end .tip { left: auto; right: 0; }
.bits-timeline .cell:hover .tip, .bits-timeline .mark:focus + .tip { display: block; }
.bits-timeline .kind-ok { background-color: var(--bits-ok); }
.bits-timeline .kind-resync { background-color: var(--bits-resync); }
.bits-timeline .kind-client-error { background-color: var(--bits-client-error); }
.bits-timeline .kind-server-error { background-color: var(--bits-server-error); }
.bits-timeline .kind-application { background-color: var(--bits-application); }
.bits-timeline .kind-network-error { background-color: var(--bits-network-error); }
.bits-timeline .kind-hang { background: repeating-linear-gradient(135deg, var(--bits-hang) 0 4px, #5f6670 4px 8px); }
.bits-timeline .kind-pending { background-color: var(--bits-pending); color: var(--bits-text); }
.bits-timeline .violations { margin: 6px 0 0; padding-left: 18px; color: var(--bits-violation); }
.bits-timeline .violations p { margin: 0 0 4px; color: var(--bits-text); }
.bits-timeline .violations a { color: inherit; }
`
