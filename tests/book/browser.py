"""A real browser on the built website: Debian's chromium, driven by Playwright, offline.

The site is served from a local HTTP server (as a reader's web host would serve it), and every
request the browser makes is checked against that server's address: a request to any other host
is recorded and blocked, so a test can fail on it without the machine needing a network.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Flags that keep Chromium from calling home (updates, sync, safe browsing): without them it
# opens connections of its own that have nothing to do with the page under test.
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def chromium_path() -> str:
    """Debian's chromium (``make check`` installs it); Playwright's own browsers are not used."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        raise RuntimeError(
            "chromium not found: `make check` installs Debian's chromium package "
            "(or set CHROMIUM=/path/to/chromium)"
        )
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free local port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageLog:
    """What a page did while it loaded: console errors, script errors, foreign requests."""

    base_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    local_requests: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob", "about") or url.startswith(self.base_url)

    def watch(self, page: Any) -> None:
        """Record the page's console errors and script errors; block and record foreign loads."""
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

        def route(route: Any) -> None:
            url = route.request.url
            if self.is_local(url):
                self.local_requests.append(url)
                route.continue_()
            else:
                self.foreign_requests.append(url)
                route.abort()

        page.route("**/*", route)
