"""HTML a graded notebook's pages may show: learner HTML cleaned, markdown rendered in bounded time, no script.

Part of the outputs allow-list (grader.autograde.outputs): :func:`clean_html`
(nh3's allow-list), :class:`MarkdownRenderer` (the feedback page's markdown)
and :func:`with_csp` (a Content-Security-Policy that lets no script run).
"""

from __future__ import annotations

import re

MAX_MARKDOWN = 10_000  # characters of one markdown text rendered as markdown (render_markdown)
MARKDOWN_BUDGET = 100_000  # characters of markdown rendered on one page

# What learner HTML may keep in a page: ammonia's default tags and attributes (no script, style,
# form, iframe, object, svg; no event handlers, no style, class or id attributes), links to
# http(s) and mail only, images from the notebook itself (data:image/png or jpeg, what
# nbconvert makes of a markdown attachment).
URL_SCHEMES = {"http", "https", "mailto", "data"}
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]*$")


def _attribute(tag: str, attr: str, value: str) -> str | None:
    if value.strip().lower().startswith("data:"):
        return value if tag == "img" and attr == "src" and DATA_IMAGE.match(value.strip()) else None
    return value


def clean_html(html: str) -> str:
    """``html`` (a learner's output or a rendered markdown cell) through nh3's allow-list.

    What is left cannot run script, load anything but images of the page itself
    or http(s) links, or change the page's style (no ``<style>``, ``style``,
    ``class`` or ``id``): an output cannot cover the grader's score or hide a
    failure. Returns the cleaned fragment.
    """
    import nh3

    return nh3.clean(html, url_schemes=URL_SCHEMES, attribute_filter=_attribute)


class MarkdownRenderer:
    """Markdown as HTML for one worker's feedback pages: cached, cleaned, bounded per page.

    ``renderer(render, source, key)`` returns ``render(source)`` through
    :func:`clean_html`, cached under ``key`` (most cells are the same for every
    student). mistune (nbconvert's markdown) is super-linear on some texts
    (``"*a" * 8000``: 1 s, four times that: 8 s), and a learner writes markdown
    cells and ``text/markdown`` outputs: a text over :data:`MAX_MARKDOWN`
    characters, or past the :data:`MARKDOWN_BUDGET` characters a page may
    render (:meth:`new_page` starts one), is shown as escaped preformatted text
    instead, and not cached. The course's longest markdown cell is 4,644
    characters, a whole notebook's 32,378.
    """

    def __init__(self, size: int = 20000):
        self.cache: dict = {}
        self.size = size
        self.budget = MARKDOWN_BUDGET

    def new_page(self) -> None:
        self.budget = MARKDOWN_BUDGET

    def __call__(self, render, source: str, key) -> str:
        import html

        if key in self.cache:
            return self.cache[key]
        if len(source) > MAX_MARKDOWN or len(source) > self.budget:
            return f"<pre>{html.escape(source)}</pre>"
        self.budget -= len(source)
        if len(self.cache) > self.size:
            self.cache.clear()
        self.cache[key] = clean_html(render(source))
        return self.cache[key]


CSP = ("default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
       "frame-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:")
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'


def with_csp(page: str) -> str:
    """An HTML page with :data:`CSP_META` as the first element of its head.

    The policy allows no script at all (not the template's own either: a
    feedback page is read, not run; math shows as its TeX), no frames, forms
    or plugins, styles only inline (the template's; learner HTML has none left
    after :func:`clean_html`), and images only from the page itself (data:
    URLs, what nbconvert embeds). Source: the CSP Level 3 specification
    (https://www.w3.org/TR/CSP3/), which lets a ``<meta http-equiv>`` set it
    for content that follows it.
    """
    m = re.search(r"<head[^>]*>", page, re.IGNORECASE)
    if m is None:
        return CSP_META + page
    return page[:m.end()] + CSP_META + page[m.end():]
