"""The feedback page's exporter: nbconvert's HTMLExporter, faster for a class of alike notebooks."""

from __future__ import annotations

import json
import re

from grader.autograde.markup import MarkdownRenderer

IMG_NO_ALT = re.compile(r"<img(?![^>]*\balt=)")


def feedback_exporter_class():
    """nbconvert's HTMLExporter without its final BeautifulSoup pass.

    That pass re-parses the whole page to add alt text to images and
    tabindex to lab-template cells; for the classic template nbgrader's
    feedback uses, a regular expression adds the alt text in a fraction of
    the time (it was half of the feedback's cost).
    """
    from nbconvert.exporters import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    try:
        from jinja2 import pass_context as contextfilter
    except ImportError:  # pragma: no cover
        from jinja2 import contextfilter

    class FeedbackHTMLExporter(HTMLExporter):
        # Most cells are the same for every student of a class: highlight and
        # render each distinct source once per worker.
        _highlighted: dict = {}
        _markdown = MarkdownRenderer()  # cached, cleaned of learner HTML, in bounded time (grader/autograde/markup.py)

        @contextfilter
        def markdown2html(self, context, source):
            attachments = context.get("cell", {}).get("attachments", {})
            key = (source, json.dumps(attachments, sort_keys=True, default=str))
            return self._markdown(lambda text: super(FeedbackHTMLExporter, self).markdown2html(context, text),
                                  source, key)

        def _cached_highlight(self, plain):
            def highlight(source, language=None, metadata=None):
                # pygments reads only "magics_language" from the cell metadata
                key = (source, language, str((metadata or {}).get("magics_language")))
                if key not in self._highlighted:
                    if len(self._highlighted) > 20000:
                        self._highlighted.clear()
                    self._highlighted[key] = plain(source, language, metadata)
                return self._highlighted[key]
            return highlight

        def from_notebook_node(self, nb, resources=None, **kw):
            self._markdown.new_page()
            try:
                from nbconvert.filters.highlight import Highlight2HTML
                from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

                lang = nb.metadata.get("language_info", {})
                lexer = lang.get("pygments_lexer", lang.get("name", None))
                resources = self._init_resources(resources)
                self.register_filter("highlight_code", self._cached_highlight(self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))))
                self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources))
                html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            except (ImportError, AttributeError, TypeError):  # another nbconvert: its own way
                return super().from_notebook_node(nb, resources, **kw)
            html = IMG_NO_ALT.sub('<img alt="a figure from the notebook"', html)
            return html, resources

    return FeedbackHTMLExporter
