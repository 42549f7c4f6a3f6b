/** Where the dashboard's browser half and the modules it imports are served from. */
export const ASSETS_PATH = '/assets/'

/** The built module the page starts from, relative to `dist/`. */
const ENTRY = 'node/dashboard/browser/dashboard.js'

/** The page's stylesheet and icon, relative to `dist/`: files, as CSP `default-src 'self'` wants. */
const STYLESHEET = 'node/dashboard/browser/style.css'
const ICON = 'node/dashboard/browser/icon.svg'

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
<link rel="icon" href="${prefix}${ASSETS_PATH}${ICON}" type="image/svg+xml">
<link rel="stylesheet" href="${prefix}${ASSETS_PATH}${STYLESHEET}">
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
      <textarea id="plan-editor" spellcheck="false" aria-labelledby="editor-title" aria-describedby="plan-message"></textarea>
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
