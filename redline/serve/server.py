"""`redline serve`: gunicorn (never a development server) and the background reader, started
after the database is migrated; the line `redline: serving URL (data DIR)` once it answers.
Ctrl-C or SIGTERM stops both; if one stops, the other is stopped too."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from redline.errors import RedlineError


def _free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise RedlineError(f"{host}:{port}: cannot listen there "
                               f"({exc.strerror or exc})") from None


def _answers(url: str) -> bool:
    """Whether the site answers its health check, asked as its HTTPS proxy asks: with
    `X-Forwarded-Proto: https` and one of the site's own host names, never following a
    redirect (else the production profile's redirect to https:// and its host check would
    hide a site that is up, and `serve` would never say it serves)."""
    from django.conf import settings

    parts = urllib.parse.urlsplit(url)
    names = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.lstrip(".") not in ("", "*")]
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
    try:
        conn.request("GET", "/healthz", headers={"Host": names[0] if names else parts.netloc,
                                                 "X-Forwarded-Proto": "https"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def serve(data: Path, host: str, port: int, workers: int, reader: bool = True,
          echo=print) -> int:
    """Run the site until stopped; returns the exit status."""
    from redline.serve.ops import serving_lock

    if not 1 <= port <= 65535:
        raise RedlineError(f"--port {port}: 1 to 65535")
    if not 1 <= workers <= 64:
        raise RedlineError(f"--workers {workers}: 1 to 64")
    _free(host, port)
    env = {**os.environ, "REDLINE_DATA": str(data),
           "DJANGO_SETTINGS_MODULE": "redline.serve.settings"}
    with serving_lock(data):
        children = [subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "redline.serve.wsgi:application",
             "--bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
             "--workers", str(workers), "--preload", "--timeout", "300",
             "--graceful-timeout", "10", "--log-level", "warning"], env=env)]
        if reader:
            children.append(subprocess.Popen(
                [sys.executable, "-m", "redline.serve.manage", "reader", "--interval", "0.5",
                 "--verbosity", "0"], env=env))
        stop = {"now": False}

        def on_signal(signum, frame) -> None:
            stop["now"] = True

        old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        try:
            deadline = time.monotonic() + 120
            while not stop["now"] and not _answers(url):
                if any(c.poll() is not None for c in children) or time.monotonic() > deadline:
                    raise RedlineError(f"the site did not start on {url}")
                time.sleep(0.2)
            if not stop["now"]:
                echo(f"redline: serving {url} (data {data})")
            while not stop["now"] and all(c.poll() is None for c in children):
                time.sleep(0.3)
            return 0 if stop["now"] else 1
        finally:
            for c in children:
                if c.poll() is None:
                    c.terminate()
            for c in children:
                try:
                    c.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    c.kill()
            for s, h in old.items():
                signal.signal(s, h)
