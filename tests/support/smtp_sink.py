#!/usr/bin/env python3
"""A real SMTP server for newswatch's tests (aiosmtpd), on 127.0.0.1 with an ephemeral port.

Prints "READY <port>" once listening. Accepted messages are written to <maildir>/new/ as .eml
files. Faults are injected on demand so tests can check retries and exactly-once delivery:
  --reject-rcpt ADDR    550 for that recipient (permanent)
  --tempfail-data N     451 to the first N DATA commands (transient)
  --drop-data N         close the connection after the first N DATA payloads, before replying
  --greet-421           answer 421 to every connection (server unavailable)
"""
import argparse
import asyncio
import os
import signal
import ssl
import sys
import uuid

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError as e:  # say what to do instead of a traceback
    print(f"smtp_sink: {e}: install aiosmtpd (python3 -m pip install aiosmtpd)", file=sys.stderr)
    sys.exit(2)


class Sink:
    def __init__(self, maildir, reject, tempfail, drop):
        self.maildir = maildir
        self.reject = {r.lower() for r in reject}
        self.tempfail = tempfail
        self.drop = drop
        os.makedirs(os.path.join(maildir, "new"), exist_ok=True)
        os.makedirs(os.path.join(maildir, "tmp"), exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.tempfail > 0:
            self.tempfail -= 1
            return "451 4.3.0 try again later"
        if self.drop > 0:
            self.drop -= 1
            server.transport.close()
            return "421 closing"
        name = uuid.uuid4().hex + ".eml"
        tmp = os.path.join(self.maildir, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(self.maildir, "new", name))
        return "250 OK message accepted"


class Auth:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)


class Greet421(SMTP):
    async def _handle_client(self):
        await self.push("421 4.3.2 service not available")
        self.transport.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--maildir", required=True)
    p.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--reject-rcpt", action="append", default=[])
    p.add_argument("--tempfail-data", type=int, default=0)
    p.add_argument("--drop-data", type=int, default=0)
    p.add_argument("--greet-421", action="store_true")
    a = p.parse_args()

    handler = Sink(a.maildir, a.reject_rcpt, a.tempfail_data, a.drop_data)
    ctx = None
    if a.mode != "plain":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
    kwargs = {}
    if a.auth:
        user, password = a.auth.split(":", 1)
        kwargs["authenticator"] = Auth(user, password)
        kwargs["auth_require_tls"] = a.mode == "starttls"
    else:
        kwargs["auth_require_tls"] = False
    cls = Greet421 if a.greet_421 else SMTP

    def factory():
        if a.mode == "starttls":
            return cls(handler, tls_context=ctx, require_starttls=True, **kwargs)
        return cls(handler, **kwargs)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, host="127.0.0.1", port=a.port,
                                      ssl=ctx if a.mode == "tls" else None)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
