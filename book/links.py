"""Every internal link and anchor of a built site, checked: ``python -m book check-links``.

Reads each HTML page of the site and, for every ``href`` and ``src`` that stays inside
the site (no scheme, no ``//``), checks that the file it names exists and, where it has
a ``#fragment``, that the target page has an element with that ``id`` (or an ``<a
name>``). Why not linkchecker: it wants a running web server or ``file://`` URLs, checks
anchors only through a plugin configured in a file of its own, and would add a
dependency for what Python's own HTML parser does in a few lines here.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if a.get(key):
                self.ids.add(a[key])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and key == "href" and "preconnect" in (a.get("rel") or "")):
                self.links.append(a[key])


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def broken_links(site: Path) -> list[str]:
    """``"page.html: link (why)"`` for each internal link of ``site`` that does not resolve."""
    site = site.resolve()
    _parse.cache_clear()
    broken = []
    # the theme's _static/*.html are Jinja templates it ships, not pages
    for page in sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts):
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("data:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)}: {link}"
            if site not in target.parents and target != site:
                broken.append(f"{where} (leaves the site)")
            elif not target.exists():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _parse(target).ids:
                broken.append(f"{where} (no anchor #{parts.fragment} in {target.name})")
    return broken
