#!/usr/bin/env bash
# Fault injection from a shell: script the loopback server through its control API, upload a file
# with curl as any client would, then ask the server what the client did.
# usage: curl-fault-injection.sh FILE [SERVER]   (SERVER default http://127.0.0.1:8123)
#        curl-fault-injection.sh URL FILE        (the upload alone: msw-bits certify -- … {url} {file})
set -euo pipefail

# The client: Create-Session, 4 KiB Fragments (a 503 is retried), Close-Session. A naive loop,
# on purpose: `msw-bits certify` shows what it gets wrong.
upload() {
  local url=$1 file=$2
  packet() { curl -sS -o /dev/null -D - -X BITS_POST "$url" -H "BITS-Packet-Type: $1" "${@:2}"; }
  header() { { grep -i "^$1:" || true; } | cut -d' ' -f2 | tr -d '\r'; }
  session=$(packet Create-Session -H 'BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}' \
    -H 'Content-Length: 0' | header BITS-Session-Id)
  size=$(wc -c < "$file")
  offset=0
  while [ "$offset" -lt "$size" ]; do
    last=$(( offset + 4095 < size - 1 ? offset + 4095 : size - 1 ))
    ack=$(dd if="$file" iflag=skip_bytes,count_bytes skip=$offset count=$(( last - offset + 1 )) status=none |
      packet Fragment -H "BITS-Session-Id: $session" -H "Content-Range: bytes $offset-$last/$size" \
        -H 'Content-Type:' --data-binary @-)
    received=$(echo "$ack" | header BITS-Received-Content-Range)
    offset=${received:-$offset}
  done
  packet Close-Session -H "BITS-Session-Id: $session" -H 'Content-Length: 0' > /dev/null
}

if [[ $1 == http://* || $1 == https://* ]]; then
  upload "$1" "$2"
  exit
fi
file=$1
server=${2:-http://127.0.0.1:8123}

# A fresh server, and a plan: the 2nd Fragment gets 503 once.
curl -fsS -X POST "$server/__bits/reset" > /dev/null
curl -fsS -X PUT "$server/__bits/faults" -H 'Content-Type: application/json' \
  -d '{ "rules": [{ "name": "one 503", "packet": "Fragment", "after": 1, "respond": { "status": 503 } }] }' > /dev/null

upload "$server/uploads/$(basename "$file")" "$file"

# What happened: the timeline, rules that never fired, client-rule violations.
curl -fsS "$server/__bits/journal?format=text"
test "$(curl -fsS "$server/__bits/faults/pending")" = "[]"
test "$(curl -fsS "$server/__bits/violations")" = "[]"
curl -fsS "$server/__bits/uploads" | grep -q "$(sha256sum "$file" | cut -d' ' -f1)"
echo "uploaded $size bytes through a 503, SHA-256 matches"
