"""Launcher for the crossrole test emulator: moto 5.2.1's server, patched (moto_patch.py, moto_stackset_patch.py,
moto_web_identity_patch.py), on loopback.

    python3 test/emulator/moto_server.py [--host 127.0.0.1] [--port 0] [--parent-pid PID] [--exit-on-stdin-eof]
                                         [--unpatched]

--port 0 (the default) lets the kernel pick a free port: the socket is bound BEFORE the port is reported, so two
launchers can never race for the same port. Once the socket listens, one JSON line goes to stdout:
    {"ready": true, "port": 40123, "pid": 4242, "moto": "5.2.1"}
Everything else (errors only) goes to stderr.

Orphan protection: with --exit-on-stdin-eof the server exits as soon as its stdin reaches end-of-file, which the
kernel guarantees when the parent dies, however it dies (SIGKILL included), since the parent holds the only
write end of the pipe. --parent-pid adds a 0.5 s poll that exits when that process is gone or we were reparented.
SIGTERM and SIGINT exit at once (all state is in memory; there is nothing to flush).

--unpatched serves plain moto 5.2.1, so tests can show what the patches change.

Exit codes: 0 normal stop, 3 wrong or missing moto version, 4 port could not be bound.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time

PINNED_MOTO_VERSION = "5.2.1"


def _exit_now(*_: object) -> None:
    os._exit(0)


def _watch_stdin() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    os._exit(0)


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(0)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass  # exists, owned by someone else


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--parent-pid", type=int, default=None)
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    parser.add_argument("--unpatched", action="store_true", help="serve plain moto (to compare behaviours)")
    parser.add_argument(
        "--validate-stored-policies",
        action="store_true",
        help="refuse trusts naming missing principals and inline policies over IAM's quota (moto_policy_storage_patch)",
    )
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, _exit_now)
    signal.signal(signal.SIGINT, _exit_now)
    if args.exit_on_stdin_eof:
        threading.Thread(target=_watch_stdin, name="stdin-watchdog", daemon=True).start()
    if args.parent_pid is not None:
        threading.Thread(target=_watch_parent, args=(args.parent_pid,), name="parent-watchdog", daemon=True).start()

    try:
        import moto
    except ImportError:
        sys.stderr.write(
            f"crossrole emulator: moto is not installed for {sys.executable}. "
            f"Install it with: {sys.executable} -m pip install 'moto[server]=={PINNED_MOTO_VERSION}'\n"
        )
        sys.exit(3)
    if moto.__version__ != PINNED_MOTO_VERSION:
        sys.stderr.write(
            f"crossrole emulator: needs moto {PINNED_MOTO_VERSION} exactly (its patches are pinned to that "
            f"version), found moto {moto.__version__} at {os.path.dirname(moto.__file__)} for {sys.executable}. "
            f"Install it with: {sys.executable} -m pip install 'moto[server]=={PINNED_MOTO_VERSION}'\n"
        )
        sys.exit(3)

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    if not args.unpatched:
        import moto_patch
        import moto_stackset_patch
        import moto_web_identity_patch

        moto_patch.apply()
        moto_stackset_patch.apply()
        moto_web_identity_patch.apply()
        if args.validate_stored_policies:
            import moto_policy_storage_patch

            moto_policy_storage_patch.apply()

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no per-request log lines
    app = DomainDispatcherApplication(create_backend_app)
    if not args.unpatched:
        app = moto_web_identity_patch.wsgi_middleware(app)
    try:
        server = make_server(args.host, args.port, app, threaded=True)
    except OSError as error:
        sys.stderr.write(f"crossrole emulator: cannot listen on {args.host}:{args.port}: {error}\n")
        sys.exit(4)
    port = server.socket.getsockname()[1]
    os.environ["MOTO_PORT"] = str(port)  # moto builds some URLs (SQS, Lambda) from it
    ready = {"ready": True, "port": port, "pid": os.getpid(), "moto": moto.__version__, "patched": not args.unpatched}
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
