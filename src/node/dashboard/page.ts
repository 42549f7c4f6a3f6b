/** Where the dashboard's browser half and the modules it imports are served from. */
export const ASSETS_PATH = '/assets/'

/** The built module the page starts from, relative to `dist/`. */
const ENTRY = 'node/dashboard/browser/dashboard.js'

const CSS = `
:root { font: 13px/1.45 ui-sans-serif, system-ui, sans-serif; color: #1d2127; background: #f4f5f7; }
body { margin: 0; padding: 12px 16px 24px; }
header.top { display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; margin-bottom: 10px; }
header.top h1 { font-size: 17px; margin: 0; }
header.top code { color: #59606b; }
#status { padding: 0 6px; border-radius: 3px; background: #eef0f3; }
#status[data-state=live] { background: #2f9e5b; color: #fff; }
#status[data-state=offline] { background: #d33030; color: #fff; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 12px; align-items: start; }
section.panel { background: #fff; border: 1px solid #d8dce2; border-radius: 6px; padding: 8px 10px; margin-bottom: 12px; }
section.panel h2 { font-size: 13px; margin: 0 0 6px; display: flex; gap: 8px; align-items: baseline; }
section.panel h2 small { font-weight: 400; color: #59606b; }
ul.list { list-style: none; margin: 0; padding: 0; }
ul.list > li { padding: 4px 0; border-top: 1px solid #eef0f3; }
ul.list > li:first-child { border-top: 0; }
.empty { color: #8d939c; font-style: italic; }
.session-row { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; }
.session-row code, .muted { color: #59606b; font-size: 11px; }
.session-row progress { grid-column: 1 / -1; width: 100%; height: 12px; accent-color: #2f6fdb; }
.fault-row, .violation-row { font-size: 12px; }
.fault-row .mark { color: #e0a800; }
.violation-row strong { color: #d30f6a; }
.plan-row { display: grid; grid-template-columns: 1fr auto; gap: 0 8px; align-items: center; }
.plan-row p { margin: 0; color: #59606b; font-size: 11px; grid-column: 1 / -1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.plan-row[aria-current=true] { background: #eef5ff; }
.rule-row { font-size: 12px; }
.rule-row .pending { color: #8d939c; }
button { font: inherit; padding: 2px 10px; border: 1px solid #b8bec7; border-radius: 4px; background: #fff; cursor: pointer; }
button.primary { background: #2f6fdb; border-color: #2f6fdb; color: #fff; }
button.danger { border-color: #d33030; color: #d33030; }
textarea { width: 100%; box-sizing: border-box; min-height: 180px; font: 12px/1.4 ui-monospace, monospace; border: 1px solid #b8bec7; border-radius: 4px; padding: 6px; }
textarea[aria-invalid=true] { border-color: #d33030; outline-color: #d33030; }
.editor-actions { display: flex; gap: 6px; margin-top: 6px; align-items: center; }
#plan-message { font-size: 12px; margin: 6px 0 0; white-space: pre-wrap; }
#plan-message[data-kind=error] { color: #d33030; }
#plan-message[data-kind=ok] { color: #2f9e5b; }
`

/**
 * The dashboard page at `GET /__bits/`: a shell whose browser half reads everything it shows from
 * the control API (the same routes a script reads), and imports `msw-bits/timeline` from the
 * package's own build, so it works with no network beyond the server itself.
 * @param prefix the control API's prefix, `/__bits`
 */
export function dashboardHtml(prefix: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>msw-bits dashboard</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body data-api="${prefix}">
<header class="top">
  <h1>msw-bits dashboard</h1>
  <span id="status" data-state="connecting">connecting…</span>
  <span>seed <strong id="seed">?</strong></span>
  <code id="control-url" data-varies></code>
  <button id="reset" class="danger" type="button">Reset</button>
</header>
<main>
  <div>
    <section class="panel" id="sessions-panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Live sessions <small id="uploads-count"></small></h2>
      <ul class="list" id="sessions"></ul>
    </section>
    <section class="panel" aria-label="Journal">
      <bits-timeline id="timeline"></bits-timeline>
    </section>
    <section class="panel" id="faults-panel" aria-labelledby="faults-title">
      <h2 id="faults-title">Faults fired</h2>
      <ul class="list" id="faults-fired"></ul>
    </section>
    <section class="panel" id="violations-panel" aria-labelledby="violations-title">
      <h2 id="violations-title">Client rules broken</h2>
      <ul class="list" id="violations"></ul>
    </section>
  </div>
  <div>
    <section class="panel" id="plan-panel" aria-labelledby="plan-title">
      <h2 id="plan-title">Plan in force <small id="plan-name"></small></h2>
      <ul class="list" id="rules"></ul>
    </section>
    <section class="panel" id="plans-panel" aria-labelledby="plans-title">
      <h2 id="plans-title">Fixture plans</h2>
      <ul class="list" id="plans"></ul>
    </section>
    <section class="panel" id="editor-panel" aria-labelledby="editor-title">
      <h2 id="editor-title">Plan editor</h2>
      <textarea id="plan-editor" spellcheck="false" aria-describedby="plan-message">{ "rules": [] }</textarea>
      <div class="editor-actions">
        <button id="apply-plan" class="primary" type="button">Apply plan</button>
        <button id="clear-plan" type="button">Clear plan</button>
      </div>
      <p id="plan-message" role="status"></p>
    </section>
  </div>
</main>
<script type="module" src="${prefix}${ASSETS_PATH}${ENTRY}"></script>
</body>
</html>
`
}
