#!/usr/bin/env bash
# The browser tests again under MSW 3's setupWorker: a copy of examples/browser beside it (so its
# relative imports of the repository still resolve), installed with msw@3 and its own worker
# script, then the app and Storybook tests pointed at it with MSW_BITS_EXAMPLE.
# Needs: npm run build, Chromium (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
copy=examples/.browser-msw3
rm -rf "$copy"
mkdir -p "$copy"
tar -C examples/browser --exclude=node_modules --exclude=dist --exclude=storybook-static -cf - . \
  | tar -C "$copy" -xf -
cd "$copy"
rm -f package-lock.json
npm pkg set dependencies.msw=^3
npm install --no-audit --no-fund
npx msw init public --no-save
echo "browser-msw3: msw $(node -p "require('msw/package.json').version") in $copy"
npm run build
npm run build-storybook
cd "$root"
MSW_BITS_EXAMPLE="$root/$copy" npx vitest run -c vitest.browser.config.ts test/browser/app.test.ts test/browser/storybook.test.ts
