#!/usr/bin/python3
"""A loopback SMTP server for mailproc's tests (aiosmtpd).

    smtp_server.py --host 127.0.0.1 --port-file FILE --store DIR
                   [--fail-first N --fail-code 451]
                   [--reject-rcpt ADDR --reject-code 550]
                   [--tls-cert CERT --tls-key KEY [--require-starttls | --implicit-tls]]
                   [--auth USER:PASSWORD]

Listens on a free port of 127.0.0.1 or ::1 (nothing else is allowed) and
writes that port into FILE once it accepts connections. Each accepted message
is stored as DIR/NNNN.eml (the bytes received after DATA, dot-unstuffed, CRLF
kept) and DIR/NNNN.json ({"mail_from", "rcpt_tos", "tls"}). Every MAIL command
is also appended to DIR/mail-from.log as one JSON line, so a test can tell
whether anything was sent before TLS. The first N DATA commands are answered
with --fail-code and nothing is stored; RCPT TO ADDR is answered with
--reject-code. With --tls-cert the server offers STARTTLS (required before
MAIL with --require-starttls), or speaks TLS from the first byte with
--implicit-tls. With --auth, AUTH PLAIN/LOGIN is offered once TLS is on and
required before MAIL; the .json then carries "auth_user". Runs until SIGTERM
or SIGINT. Run it with Debian's
/usr/bin/python3, which has python3-aiosmtpd.
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import sys

from aiosmtpd.controller import UnthreadedController
from aiosmtpd.smtp import AuthResult, LoginPassword

LOOPBACK = ("127.0.0.1", "::1")


class Handler:
    def __init__(self, args):
        self.store = args.store
        self.fail_left = args.fail_first
        self.fail_code = args.fail_code
        self.reject_rcpt = (args.reject_rcpt or "").lower()
        self.reject_code = args.reject_code
        self.implicit = args.implicit_tls
        self.count = 0

    def _tls(self, session):
        return self.implicit or session.ssl is not None

    def _write(self, name, data):
        # Written under a temporary name and renamed, so a test that polls the
        # folder never reads half a file.
        path = os.path.join(self.store, name)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        line = json.dumps({"mail_from": address, "tls": self._tls(session)})
        with open(os.path.join(self.store, "mail-from.log"), "a", encoding="utf-8") as f:
            f.write(line + "\n")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt and address.lower() == self.reject_rcpt:
            return "%d 5.1.1 <%s>: Recipient address rejected" % (self.reject_code, address)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            if self.fail_code >= 500:
                return "%d 5.3.0 Refused (test)" % self.fail_code
            return "%d 4.3.0 Try again later (test)" % self.fail_code
        self.count += 1
        base = "%04d" % self.count
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "tls": self._tls(session),
            "auth_user": auth_user(session),
        }
        # The .json goes last: its presence means the .eml is complete.
        self._write(base + ".eml", envelope.original_content)
        self._write(base + ".json", json.dumps(meta).encode("utf-8"))
        return "250 2.0.0 OK queued as %s" % base


def auth_user(session):
    data = session.auth_data
    if isinstance(data, LoginPassword):
        return data.login.decode("utf-8", "replace")
    return None


def make_authenticator(user, password):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        if ok:
            return AuthResult(success=True, auth_data=auth_data)
        # handled=False: aiosmtpd answers 535 itself (handled=True would
        # leave the client waiting for an answer that never comes).
        return AuthResult(success=False, handled=False)
    return authenticator


def parse_args(argv):
    p = argparse.ArgumentParser(description="loopback SMTP server for tests")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port-file", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--fail-code", type=int, default=451)
    p.add_argument("--reject-rcpt")
    p.add_argument("--reject-code", type=int, default=550)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--auth", metavar="USER:PASSWORD")
    args = p.parse_args(argv)
    if args.host not in LOOPBACK:
        p.error("--host must be 127.0.0.1 or ::1, not %r" % args.host)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if (args.require_starttls or args.implicit_tls) and not args.tls_cert:
        p.error("--require-starttls and --implicit-tls need --tls-cert")
    if args.require_starttls and args.implicit_tls:
        p.error("--require-starttls and --implicit-tls exclude each other")
    if args.auth and (":" not in args.auth or not args.tls_cert):
        p.error("--auth takes USER:PASSWORD and needs --tls-cert (AUTH only under TLS)")
    if not 400 <= args.fail_code <= 599 or not 400 <= args.reject_code <= 599:
        p.error("codes must be 4xx or 5xx")
    return args


def main(argv):
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    os.makedirs(args.store, exist_ok=True)

    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.minimum_version = ssl.TLSVersion.TLSv1_2
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    kwargs = {}
    if args.implicit_tls:
        kwargs["ssl_context"] = tls_context
    elif tls_context:
        kwargs["tls_context"] = tls_context
        kwargs["require_starttls"] = args.require_starttls

    if args.auth:
        user, password = args.auth.split(":", 1)
        kwargs["authenticator"] = make_authenticator(user, password)
        kwargs["auth_required"] = True
        # aiosmtpd only counts STARTTLS as TLS; an implicit-TLS connection
        # is encrypted from the first byte.
        kwargs["auth_require_tls"] = not args.implicit_tls

    loop = asyncio.new_event_loop()
    controller = UnthreadedController(
        Handler(args), hostname=args.host, port=0, loop=loop,
        server_hostname="mx.test.invalid", **kwargs)
    controller.begin()  # bound and listening from here on
    port = controller.server.sockets[0].getsockname()[1]

    tmp = args.port_file + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
    os.rename(tmp, args.port_file)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    try:
        loop.run_forever()
    finally:
        controller.end()
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
