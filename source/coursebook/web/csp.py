"""A Content-Security-Policy on every page of the website: only the site's own files may load.

The policy travels inside each page as ``<meta http-equiv="Content-Security-Policy">``, so it
holds wherever the site is copied, with no server configuration. sphinx-book-theme and Sphinx put
small inline scripts and styles in every page (the saved light/dark mode, the page's name for
search); rather than allowing every inline script (``'unsafe-inline'``), the policy lists the
SHA-256 hash of each one the page holds, so an injected script does not run. Inline styles are
allowed (see :func:`policy`): they cannot reach another host either.

The hashes can only be taken from the finished page, so the policy is written into each page
after Sphinx has written it (``build-finished``); rewriting is idempotent, which keeps
incremental builds and reruns byte-identical.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import get_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
CHARSET = re.compile(r'<meta charset="utf-8"\s*/?>\n?', re.IGNORECASE)
HEAD = re.compile(r"<head[^>]*>\n?", re.IGNORECASE)
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')


def _hashes(pattern: re.Pattern[str], page: str) -> str:
    digests = sorted(
        {
            base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            for body in pattern.findall(page)
        }
    )
    return "".join(f" 'sha256-{digest}'" for digest in digests)


def policy(page: str) -> str:
    """The policy for one page: its own origin only, plus the page's own inline code."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{_hashes(INLINE_SCRIPT, page)}",
            # Styles may be inline: the theme's Font Awesome script inserts its own <style>
            # element at run time, and pages carry style="..." attributes. Inline CSS cannot load
            # anything from another host, because every fetch is governed by img-src, font-src
            # and connect-src, which allow only the site itself.
            "style-src 'self' 'unsafe-inline'",
            # data: images are the theme's own icons inlined in its CSS, not fetched from a host.
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(page: str) -> str:
    """``page`` with its policy right after the charset declaration, before any script."""
    page = POLICY_META.sub("", page)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page)}" />\n'
    anchor = CHARSET.search(page) or HEAD.search(page)
    if not anchor:  # not a whole page (an HTML fragment an author ships): nothing to protect
        return page
    return page[: anchor.end()] + meta + page[anchor.end() :]


def add_policies(app: Sphinx, exception: Exception | None) -> None:
    """Write the policy into every page of a finished website build."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    if get_config(app.config).content_security_policy == "off":
        return
    for path in sorted(Path(app.outdir).rglob("*.html")):
        page = path.read_text("utf-8")
        updated = with_policy(page)
        if updated != page:
            path.write_text(updated, "utf-8")


def setup(app: Sphinx) -> None:
    """Add the policy once the website's pages are written."""
    app.connect("build-finished", add_policies)
