#!/usr/bin/env python3
"""A real SMTP server for the mail worker's end-to-end tests (aiosmtpd).

Why: the worker must be tested against SMTP as a relay speaks it (replies,
codes, retries), not against a mock of lettre. The Rust helper
(tests/support/smtp.rs) starts one per test on a free loopback port.

    smtp_sink.py --port PORT --dir DIR

Every accepted message is written to DIR as one JSON file (written to a
temporary name, then renamed, so a reader never sees half a file) holding the
envelope, the raw data and, for the tests' convenience, the decoded headers
and text parts. Rules by the recipient's local part:

    tempfail-N...@   answers 451 to the first N RCPT attempts for that address, then accepts
    reject...@       answers 550 to RCPT
    slow...@         waits 200 ms before accepting DATA (to kill a worker mid-batch)

The server exits when its parent process goes away, so an aborted test run
leaves nothing listening.
"""

import argparse
import asyncio
import collections
import email
import email.policy
import json
import os
import re
import uuid

from aiosmtpd.smtp import SMTP

TEMPFAIL = re.compile(r"^tempfail-(\d+)")


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.rcpt_attempts = collections.Counter()
        self.seq = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 Mailbox unavailable (test rule: reject)"
        m = TEMPFAIL.match(local)
        if m:
            self.rcpt_attempts[address.lower()] += 1
            if self.rcpt_attempts[address.lower()] <= int(m.group(1)):
                return "451 4.3.0 Try again later (test rule: tempfail)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(r.split("@", 1)[0].lower().startswith("slow") for r in envelope.rcpt_tos):
            await asyncio.sleep(0.2)
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            try:
                body = part.get_content()
            except Exception:  # an undecodable part is kept raw
                body = part.get_payload()
            parts.append({"content_type": part.get_content_type(), "body": body})
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "message_id": str(msg.get("Message-ID", "")),
            "subject": str(msg.get("Subject", "")),
            "from": str(msg.get("From", "")),
            "to": str(msg.get("To", "")),
            "content_type": msg.get_content_type(),
            "content_language": str(msg.get("Content-Language", "")),
            "parts": parts,
            "raw": raw.decode("utf-8", "replace"),
        }
        self.seq += 1
        name = f"{self.seq:06d}-{uuid.uuid4().hex}.json"
        tmp = os.path.join(self.directory, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.directory, name))
        return "250 2.0.0 Message accepted"


async def watch_parent():
    parent = os.getppid()
    while os.getppid() == parent:
        await asyncio.sleep(0.5)
    os._exit(0)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sink = Sink(args.dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test", enable_SMTPUTF8=True, decode_data=False),
        host=args.host,
        port=args.port,
    )
    asyncio.ensure_future(watch_parent())
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
