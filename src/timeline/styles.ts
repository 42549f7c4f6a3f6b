/**
 * The timeline's stylesheet, scoped under `.bits-timeline`. Colours are custom properties
 * (`--bits-ok`, `--bits-resync`, …) so a host page can restyle them; `<bits-timeline>` puts it in
 * its shadow root.
 * @example
 *   document.head.insertAdjacentHTML('beforeend', `<style>${TIMELINE_CSS}</style>`)
 */
export const TIMELINE_CSS = `
.bits-timeline {
  --bits-ok: #2f9e5b; --bits-resync: #2f6fdb; --bits-client-error: #e08a00;
  --bits-server-error: #d33030; --bits-application: #8a4fd8; --bits-network-error: #30343b;
  --bits-hang: #8d939c; --bits-pending: #b8bec7; --bits-violation: #d30f6a;
  font: 12px/1.4 ui-sans-serif, system-ui, sans-serif; color: #1d2127; background: #fff;
  border: 1px solid #d8dce2; border-radius: 6px; padding: 8px 10px; box-sizing: border-box;
}
.bits-timeline * { box-sizing: border-box; }
.bits-timeline header { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.bits-timeline .verdict { padding: 0 6px; border-radius: 3px; color: #fff; }
.bits-timeline .verdict-ok { background: var(--bits-ok); }
.bits-timeline .verdict-broken { background: var(--bits-violation); }
.bits-timeline .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; list-style: none; margin: 6px 0; padding: 0; color: #59606b; }
.bits-timeline .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.bits-timeline .session { border-top: 1px solid #e6e9ed; padding: 6px 0; }
.bits-timeline h3 { display: flex; gap: 10px; align-items: baseline; margin: 0 0 4px; font-size: 12px; font-weight: 600; }
.bits-timeline h3 code { font-weight: 400; color: #59606b; }
.bits-timeline .state { font-weight: 400; padding: 0 5px; border-radius: 3px; background: #eef0f3; }
.bits-timeline .state-closed .state { background: var(--bits-ok); color: #fff; }
.bits-timeline .state-lost .state { background: var(--bits-server-error); color: #fff; }
.bits-timeline .size { font-weight: 400; color: #59606b; }
.bits-timeline .progress { position: relative; height: 14px; background: #eef0f3; border-radius: 3px; margin-bottom: 4px; overflow: hidden; }
.bits-timeline .progress-fill { height: 100%; background: #9fd3b1; }
.bits-timeline .state-uploading .progress-fill { background: #8fb4ef; }
.bits-timeline .progress span { position: absolute; inset: 0 6px; font-size: 10px; line-height: 14px; color: #30343b; }
.bits-timeline .track { display: grid; grid-template-columns: minmax(90px, max-content) 1fr minmax(90px, max-content); gap: 6px; align-items: start; }
.bits-timeline .packets { display: flex; flex-direction: column; gap: 2px; }
.bits-timeline .lanes { display: flex; flex-direction: column; gap: 2px; background: repeating-linear-gradient(90deg, #f4f5f7 0 1px, transparent 1px 10%); }
.bits-timeline .lane { position: relative; height: 18px; }
.bits-timeline .bar { position: absolute; top: 0; height: 18px; min-width: 3px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; padding: 0 3px; border-radius: 2px; border-right: 1px solid #fff; color: #fff; font-size: 10px; line-height: 18px; text-decoration: none; }
.bits-timeline .pill { display: block; white-space: nowrap; padding: 0 5px; border-radius: 9px; color: #fff; font-size: 10px; line-height: 16px; text-decoration: none; }
.bits-timeline .packet { font-weight: 600; }
.bits-timeline .fault-mark { color: #ffe14d; margin-right: 1px; }
.bits-timeline .legend .fault-mark { color: #e0a800; }
.bits-timeline .violating { outline: 2px solid var(--bits-violation); outline-offset: -2px; }
.bits-timeline .highlight { box-shadow: 0 0 0 3px #ffd60a; }
.bits-timeline .kind-ok { background: var(--bits-ok); }
.bits-timeline .kind-resync { background: var(--bits-resync); }
.bits-timeline .kind-client-error { background: var(--bits-client-error); }
.bits-timeline .kind-server-error { background: var(--bits-server-error); }
.bits-timeline .kind-application { background: var(--bits-application); }
.bits-timeline .kind-network-error { background: var(--bits-network-error); }
.bits-timeline .kind-hang { background: repeating-linear-gradient(135deg, var(--bits-hang) 0 4px, #c5c9cf 4px 8px); }
.bits-timeline .kind-pending { background: var(--bits-pending); }
.bits-timeline .violations { margin: 6px 0 0; padding-left: 18px; color: var(--bits-violation); }
.bits-timeline .violations p { margin: 0 0 4px; color: #1d2127; }
.bits-timeline .violations a { color: inherit; }
`
