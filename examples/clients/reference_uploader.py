#!/usr/bin/env python3
"""A BITS upload client in Python, standard library only (http.client), following every client
rule of the BITS Upload Protocol (bits-protocol.md section 4), as the reference uploader in Node.

    npx msw-bits certify -- python3 examples/clients/reference_uploader.py {url} {file}

usage: reference_uploader.py URL FILE   (exit 0 uploaded, 1 gave up, 2 bad usage)
Credentials for a Basic challenge come in the URL (http://user:password@host/...).
"""
import base64
import http.client
import os
import socket
import sys
import time
import urllib.parse

# The protocol GUID of BITS 1.5 upload, the only one defined ([MC-BUP] 1.7.1).
BITS_PROTOCOL_GUID = "{7df0354d-249b-430f-820d-3d2a9bef4931}"
SESSION_NOT_FOUND = 0x8020001F  # BG_E_SESSION_NOT_FOUND: the server forgot the session
TOO_LARGE = 0x80200020  # BG_E_TOO_LARGE: over the server's maximum upload size, final
CONTEXT_REMOTE_APPLICATION = 0x7  # BG_ERROR_CONTEXT_REMOTE_APPLICATION

FRAGMENT_SIZE = 1024 * 1024  # bytes per fragment
MIN_FRAGMENT_SIZE = 5 * 1024  # never below Windows' 5 KB floor after 413 ([MC-BUP] <10>)
MAX_RETRIES = 8  # resends of one packet, and session restarts, before giving up
RETRY_DELAY = 0.05  # first back-off in seconds, doubled after each failure up to 16x
IDLE_TIMEOUT = 2.0  # seconds without a byte either way before a request counts as unanswered
WRITE_CHUNK = 16 * 1024  # body bytes per socket write, so a slow reader is not a timeout


class UploadError(Exception):
    """The upload failed for good: a fatal answer, or a packet that kept failing."""


class SessionLost(Exception):
    """The server answered BG_E_SESSION_NOT_FOUND: start over with Create-Session."""


class Answer:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    def header(self, name):
        return self.headers.get(name)

    def hex_header(self, *names):
        for name in names:
            value = self.headers.get(name)
            if value is not None:
                return int(value, 16) & 0xFFFFFFFF
        return None


def classify(kind, answer, accept=()):
    """What an answer means: 'ok', 'transient' (resend after a back-off), 'fatal', 'restart'."""
    status = answer.status
    if 200 <= status < 300 or status in accept:
        return "ok"
    code = answer.hex_header("BITS-Error-Code", "BITS-Error")
    context = answer.hex_header("BITS-Error-Context")
    # Rule 4: BG_E_SESSION_NOT_FOUND on any packet but Cancel-Session: start over.
    if code == SESSION_NOT_FOUND and kind != "Cancel-Session":
        return "restart"
    # Rule 5: Close-Session and Cancel-Session are resent on 500-599 only.
    if kind in ("Close-Session", "Cancel-Session") and not 500 <= status <= 599:
        return "fatal"
    # Rule 6: server-application errors (W32 "Handling Server Application Errors").
    if context == CONTEXT_REMOTE_APPLICATION:
        if 300 <= status < 400:
            return "fatal" if status <= 305 or status == 307 else "transient"
        if 400 <= status < 500:
            return "transient" if status in (408, 409) else "fatal"
        return "fatal" if status in (501, 505) else "transient"
    # 501 (uploads disabled), 505 and BG_E_TOO_LARGE do not change on a resend.
    if status in (501, 505) or code == TOO_LARGE:
        return "fatal"
    return "transient" if status >= 500 else "fatal"


class Job:
    """One upload job: the connection per host, the credentials, the back-off."""

    def __init__(self, url, data):
        parts = urllib.parse.urlsplit(url)
        self.credentials = None
        if parts.username:
            pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            self.credentials = "Basic " + base64.b64encode(pair.encode()).decode()
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        self.data = data
        self.connections = {}
        self.authenticated = set()  # hosts that challenged once get the credentials from then on

    def close(self):
        for connection in self.connections.values():
            connection.close()

    def exchange(self, kind, url, headers=None, body=b""):
        """One HTTP exchange. Raises OSError or http.client.HTTPException when no answer came."""
        parts = urllib.parse.urlsplit(url)
        all_headers = {} if kind == "GET reply" else {"BITS-Packet-Type": kind}
        all_headers.update(headers or {})
        # Section 2.2.1: every packet carries Content-Length, 0 for all but Fragment.
        all_headers["Content-Length"] = str(len(body))
        if self.credentials and parts.netloc in self.authenticated:
            all_headers["Authorization"] = self.credentials
        connection = self.connection(parts)
        try:
            chunks = (body[i : i + WRITE_CHUNK] for i in range(0, len(body), WRITE_CHUNK))
            method = "GET" if kind == "GET reply" else "BITS_POST"
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, target, body=chunks if body else None, headers=all_headers)
            answer = Answer(connection.getresponse())
        except (OSError, http.client.HTTPException):
            self.drop(parts.netloc)
            raise
        # An answer cut short (no BITS-Packet-Type on a BITS packet's 2xx) is no answer at all.
        if kind != "GET reply" and 200 <= answer.status < 300 and answer.header("BITS-Packet-Type") is None:
            self.drop(parts.netloc)
            raise http.client.HTTPException("the Ack was cut short")
        return answer

    def connection(self, parts):
        if parts.netloc not in self.connections:
            make = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            self.connections[parts.netloc] = make(parts.hostname, parts.port, timeout=IDLE_TIMEOUT)
        return self.connections[parts.netloc]

    def drop(self, netloc):
        """Forget a connection that failed: the next request opens a new one."""
        connection = self.connections.pop(netloc, None)
        if connection:
            connection.close()

    def send(self, kind, url, headers=None, body=b"", accept=()):
        """Sends one packet until its answer is usable, backing off between transient failures."""
        failures = 1
        while True:
            try:
                answer = self.exchange(kind, url, headers, body)
            except (OSError, http.client.HTTPException):
                answer = None
            if answer is not None and self.challenged(url, answer):
                host = urllib.parse.urlsplit(url).netloc
                if host not in self.authenticated:
                    # The first Basic challenge from a host is answered at once.
                    self.authenticated.add(host)
                    continue
                verdict = "transient"  # challenged although the credentials went along
            else:
                verdict = "transient" if answer is None else classify(kind, answer, accept)
            if verdict == "ok":
                return answer
            if verdict == "restart":
                raise SessionLost(kind)
            if verdict == "fatal" or failures > MAX_RETRIES:
                raise give_up(kind, answer)
            pause(failures)
            failures += 1

    def challenged(self, url, answer):
        """A 401 with a Basic challenge, from the job's own host, and credentials to answer it."""
        challenge = answer.header("WWW-Authenticate") or ""
        same_host = urllib.parse.urlsplit(url).netloc == urllib.parse.urlsplit(self.url).netloc
        return answer.status == 401 and self.credentials and challenge.lower().startswith("basic") and same_host


def pause(failures):
    """Exponential back-off after the n-th consecutive failure."""
    time.sleep(RETRY_DELAY * min(16, 2 ** (failures - 1)))


def give_up(kind, answer):
    what = "no answer" if answer is None else str(answer.status)
    code = None if answer is None else answer.hex_header("BITS-Error-Code", "BITS-Error")
    if code is not None:
        what += f" 0x{code:08X}"
    return UploadError(f"Failed to send {kind}: the server answered {what}. Giving up.")


def follow_host_id(job, created):
    """Rule 1: after BITS-Host-Id, Ping that host and send everything there; while it cannot be
    reached, retry until BITS-Host-Id-Fallback-Timeout seconds passed, then use the origin."""
    host_id = created.header("BITS-Host-Id")
    if not host_id:
        return job.url
    parts = urllib.parse.urlsplit(job.url)
    there = urllib.parse.urlunsplit((parts.scheme, host_id, parts.path, parts.query, ""))
    fallback = created.header("BITS-Host-Id-Fallback-Timeout")
    first_failure = None
    failures = 1
    while True:
        try:
            answer = job.exchange("Ping", there)
        except (OSError, http.client.HTTPException):
            answer = None
        if answer is not None and answer.status < 300:
            return there
        if answer is not None and answer.status < 500:
            raise give_up("Ping", answer)
        first_failure = first_failure or time.monotonic()
        if fallback is not None and time.monotonic() - first_failure >= float(fallback):
            return job.url
        if fallback is None and failures > MAX_RETRIES:
            raise give_up("Ping", answer)
        pause(failures)
        failures += 1


def send_fragments(job, url, session):
    """Rules 2 and 3: fragments in order; after every Ack (200 or 416) the next starts at
    BITS-Received-Content-Range; on 413 the fragment halves, not below the floor.
    Returns the last fragment's BITS-Reply-URL, if any."""
    total = len(job.data)
    offset, size, stalls = 0, FRAGMENT_SIZE, 0
    while offset < total:
        last = min(offset + size, total) - 1
        headers = {"BITS-Session-Id": session, "Content-Range": f"bytes {offset}-{last}/{total}"}
        ack = job.send("Fragment", url, headers, job.data[offset : last + 1], accept=(413, 416))
        if ack.status == 413:
            sent = last - offset + 1
            if sent <= MIN_FRAGMENT_SIZE:
                raise give_up("Fragment", ack)
            size = max(MIN_FRAGMENT_SIZE, sent // 2)
            continue
        received = ack.header("BITS-Received-Content-Range")
        following = last + 1 if received is None else int(received)
        if not 0 <= following <= total:
            raise UploadError(f'Failed to send Fragment: bad BITS-Received-Content-Range "{received}".')
        # An Ack that does not move forward is a transient failure.
        stalls = 0 if following > offset else stalls + 1
        if stalls > MAX_RETRIES:
            raise give_up("Fragment", ack)
        if stalls:
            pause(stalls)
        offset = following
        if offset == total and ack.status != 416:
            return ack.header("BITS-Reply-URL")
    return None


def run_session(job):
    """One session: Create-Session, BITS-Host-Id, Fragments, the reply, Close-Session."""
    created = job.send("Create-Session", job.url, {"BITS-Supported-Protocols": BITS_PROTOCOL_GUID})
    session = created.header("BITS-Session-Id")
    if not session:
        raise UploadError("Failed to create a session: the Ack has no BITS-Session-Id.")
    url = follow_host_id(job, created)
    reply_url = send_fragments(job, url, session)
    # Rule 7: download the reply before Close-Session, or it is lost ([MC-BUP] 3.1.5, 4.2).
    if reply_url:
        job.send("GET reply", urllib.parse.urljoin(url, reply_url))
    job.send("Close-Session", url, {"BITS-Session-Id": session})


def upload(url, data):
    """Uploads data as one BITS job; restarts from byte 0 whenever the server lost the session."""
    job = Job(url, data)
    try:
        for restarts in range(MAX_RETRIES + 1):
            try:
                return run_session(job)
            except SessionLost:
                continue
        raise UploadError(f"Failed to upload {job.url}: the server lost the session {MAX_RETRIES + 1} times.")
    finally:
        job.close()


def main(argv):
    if len(argv) != 2:
        print("usage: reference_uploader.py URL FILE", file=sys.stderr)
        return 2
    url, path = argv
    with open(path, "rb") as file:
        data = memoryview(file.read())
    try:
        upload(url, data)
    except UploadError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"uploaded {os.path.basename(path)}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    socket.setdefaulttimeout(IDLE_TIMEOUT)
    sys.exit(main(sys.argv[1:]))
