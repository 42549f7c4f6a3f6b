#!/usr/bin/env bash
# The package as a consumer gets it. Packs it (`prepare` builds dist/), lints the tarball with
# publint and arethetypeswrong, then installs it, and the repository through git, into fresh
# projects outside this tree and runs an upload through each under ESM and CommonJS, and
# type-checks a consumer's imports. MSW_VERSION picks the consumer's MSW (default: this tree's);
# EXAMPLE_TESTS=1 also runs the vitest example suite in the consumer project.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
msw_version=${MSW_VERSION:-$(node -p "require('msw/package.json').version")}
typescript_version=$(node -p "require('typescript/package.json').version")
vitest_version=$(node -p "require('vitest/package.json').version")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm pack --silent --pack-destination "$work" > /dev/null
tarball=$(ls "$work"/msw-bits-*.tgz)
tar -tzf "$tarball" > "$work/files"
if ! grep -qx 'package/dist/index.js' "$work/files"; then
  echo "check-package: $tarball has no dist/index.js" >&2
  exit 1
fi
npx publint run "$tarball" --strict
# node16 profile: every entry under Node's ESM and CommonJS resolution and bundlers; not node10.
npx attw "$tarball" --profile node16

consumer() { # $1: what `npm install` gets for msw-bits
  local project
  project=$(mktemp -d "$work/consumer-XXXX")
  cp test/package/consumer/* "$project"/
  (
    cd "$project"
    npm init -y > /dev/null
    npm install --no-audit --no-fund --silent "$1" "msw@$msw_version" \
      "typescript@$typescript_version" "vitest@$vitest_version" "@types/node@20"
    node esm.mjs
    node cjs.cjs
    node node-http.mjs
    npx tsc -p tsconfig.json
    if [ -n "${EXAMPLE_TESTS:-}" ]; then
      # The vitest example suite as a user copies it, with the reference client as their client.
      mkdir -p test/examples/vitest test/support
      cp "$root/test/examples/vitest/upload.test.ts" test/examples/vitest/
      cp "$root/test/support/bits-client.ts" test/support/
      npx vitest run --root . test/examples/vitest
    fi
  )
}

echo "check-package: consumer installing the tarball (msw@$msw_version)"
consumer "$tarball"
if [ -z "${SKIP_GIT_INSTALL:-}" ]; then
  echo "check-package: consumer installing git+file://$root (HEAD, built by prepare)"
  consumer "git+file://$root"
fi
echo "check-package: the packed package works for consumers"
