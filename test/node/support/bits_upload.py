"""Uploads one file to a BITS server with Python's http.client (the loopback server's tests).

usage: bits_upload.py URL FILE FRAGMENT_SIZE
"""
import http.client
import sys
import urllib.parse

PROTOCOL = "{7df0354d-249b-430f-820d-3d2a9bef4931}"
MAX_TRIES = 5


def main(url, path, fragment_size):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    data = open(path, "rb").read()

    def packet(kind, headers=None, body=b""):
        all_headers = {"BITS-Packet-Type": kind, "Content-Length": str(len(body))}
        all_headers.update(headers or {})
        # A 5xx is transient (bits-protocol.md §4): resend the same packet, a few times.
        for _ in range(MAX_TRIES):
            conn.request("BITS_POST", parts.path, body=body, headers=all_headers)
            response = conn.getresponse()
            response.read()
            if response.status < 500:
                break
        if response.status != 200:
            sys.exit(f"{kind} answered {response.status}")
        return response

    session = packet("Create-Session", {"BITS-Supported-Protocols": PROTOCOL}).getheader("BITS-Session-Id")
    offset = 0
    while offset < len(data):
        last = min(offset + fragment_size, len(data)) - 1
        ack = packet(
            "Fragment",
            {"BITS-Session-Id": session, "Content-Range": f"bytes {offset}-{last}/{len(data)}"},
            data[offset : last + 1],
        )
        offset = int(ack.getheader("BITS-Received-Content-Range"))
    packet("Close-Session", {"BITS-Session-Id": session})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
