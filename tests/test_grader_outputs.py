"""The outputs allow-list (grader/autograde/outputs.py), without kernels: MIME types, images, HTML, metadata, caps.

tests/test_grader_leaks.py runs the same through the real grader with hostile
learners (tests/grader_catalogue.py, HOSTILE_OUTPUTS) and opens their feedback
pages in Chromium.
"""

from __future__ import annotations

import base64
import io
import json
import struct
import zlib
from pathlib import Path

import nbformat
import pytest
from PIL import Image, PngImagePlugin

from grader.autograde.images import MAX_PIXELS, reencode
from grader.autograde.markup import CSP_META, clean_html, with_csp
from grader.autograde.outputs import Sanitiser, sanitise
from grader.autograde.scrub import MARKER, Scrubber
from grader.autograde.secretlines import normalise

ROOT = Path(__file__).resolve().parents[1]

SECRET = "checks.assert_close(add(np.arange(3.0), np.arange(3.0) * 2), np.arange(3.0) * 3)"


@pytest.fixture
def scrubber():
    return Scrubber([normalise(SECRET)])


def png(img: Image.Image, **save) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG", **save)
    return out.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def notebook(*outputs, metadata=None, cell_metadata=None):
    nb = nbformat.v4.new_notebook(metadata=metadata or {})
    nb.cells.append(nbformat.v4.new_code_cell("f()", outputs=list(outputs), metadata=cell_metadata or {}))
    return nb


def display(data, metadata=None):
    return nbformat.v4.new_output("display_data", data=data, metadata=metadata or {})


def flat(nb) -> str:
    return json.dumps(nb)


def test_known_types_stay_and_every_other_type_goes_with_a_note(scrubber):
    nb = notebook(display({"text/plain": "3", "application/x-leak": SECRET, "application/json": {"a": 1},
                           "application/javascript": "alert(1)", "image/svg+xml": "<svg/>", "text/latex": "$x$"}),
                  display({"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2}}),
                  display({"text/x-python": "print(1)"}))
    notes = sanitise(nb, scrubber)
    outs = nb.cells[0].outputs
    assert outs[0].data == {"text/plain": "3"}  # and a note of what went
    assert outs[1].data["text/plain"].startswith("[grader: not kept: application/x-leak output")
    assert list(outs[2].data) == ["text/plain"] and "application/vnd.jupyter.widget-view+json" in outs[2].data[
        "text/plain"] and outs[2].data["text/plain"].startswith("[grader: not kept")
    assert "text/x-python" in outs[3].data["text/plain"] and len(outs) == 4
    assert "np.arange" not in flat(nb) and any("application/x-leak" in n for n in notes)


def test_an_unknown_output_kind_is_replaced_by_a_note():
    nb = notebook(display({"text/plain": "ok"}))
    nb.cells[0].outputs.append({"output_type": "clear_output_later", "data": {"text/plain": SECRET}})
    sanitise(nb)
    assert nb.cells[0].outputs[1].data["text/plain"].startswith("[grader: an output of type")
    assert "np.arange" not in flat(nb)


def test_images_are_re_encoded_from_their_pixels(scrubber):
    img = Image.new("RGB", (40, 30), (200, 10, 10))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_text("zipped", SECRET, zip=True)
    info.add_itxt("intl", SECRET, zip=True)
    data = png(img, pnginfo=info) + SECRET.encode()  # and after the image's end
    jpeg = io.BytesIO()
    img.save(jpeg, "JPEG", comment=SECRET.encode())
    nb = notebook(display({"image/png": b64(data), "text/plain": "<Figure>"},
                          metadata={"image/png": {"width": 40, "height": "30 onerror=alert(1)", "leak": SECRET}}),
                  display({"image/jpeg": b64(jpeg.getvalue())}))
    sanitise(nb, scrubber)
    out = nb.cells[0].outputs
    raw = base64.b64decode(out[0].data["image/png"])
    assert SECRET.encode() not in raw and b"tEXt" not in raw and b"zTXt" not in raw and b"iTXt" not in raw
    assert Image.open(io.BytesIO(raw)).tobytes() == img.tobytes()  # the same picture
    assert out[0].metadata == {"image/png": {"width": 40}}
    raw = base64.b64decode(out[1].data["image/jpeg"])
    assert SECRET.encode() not in raw and Image.open(io.BytesIO(raw)).size == (40, 30)


def test_an_image_whose_pixels_spell_the_secret_is_dropped(scrubber):
    text = ("data: " + SECRET).encode()
    grey = Image.frombytes("L", (len(text), 1), text)
    red = Image.merge("RGB", [grey, Image.new("L", grey.size, 0), Image.new("L", grey.size, 255)])
    for img in (grey, red):
        nb = notebook(display({"image/png": b64(png(img)), "text/plain": "<Figure>"}))
        sanitise(nb, scrubber)
        assert list(nb.cells[0].outputs[0].data) == ["text/plain"], img.mode
        assert "pixels spell hidden test text" in nb.cells[0].outputs[1].data["text/plain"]
    honest = Image.linear_gradient("L").resize((64, 64))
    nb = notebook(display({"image/png": b64(png(honest))}))
    sanitise(nb, scrubber)
    assert "image/png" in nb.cells[0].outputs[0].data


@pytest.mark.parametrize("mime, data, why", [
    ("image/png", b64(SECRET.encode() * 3), "does not decode"),
    ("image/png", "not base64 at all!" + SECRET, "not base64"),
    ("image/jpeg", None, "holding PNG data"),
    ("image/png", None, "over"),
])
def test_what_is_not_a_sound_image_of_its_kind_is_dropped(mime, data, why):
    if data is None and why == "holding PNG data":
        data = b64(png(Image.new("L", (4, 4))))
    elif data is None:  # a header that claims 5000 x 5000 pixels: refused before any pixel is read
        def chunk(kind, body):
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        data = b64(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 5000, 5000, 8, 0, 0, 0, 0))
                   + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))
    encoded, _, reason = reencode(mime, data)
    assert encoded is None and why in reason, reason
    assert MAX_PIXELS < 5000 * 5000


HOSTILE_HTML = [
    "<script>document.title = 'PWNED'</script>",
    "<img src=x onerror=\"document.title='PWNED'\">",
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:99999;background:#fff\">"
    "Score: 5.0 / 5.0</div>",
    "<style>.alert-danger, .output_error {display: none}</style>",
    "<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/\">",
    "<a href=\"javascript:document.title='PWNED'\">click</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">data</a>",
    "<iframe srcdoc=\"<script>parent.document.title='PWNED'</script>\"></iframe>",
    "<svg><script>document.title='PWNED'</script><foreignObject><div>x</div></foreignObject></svg>",
    "<object data=\"x.swf\"></object><embed src=\"x\"><form action=\"https://example.org\"><input></form>",
    "<link rel=\"stylesheet\" href=\"https://example.org/x.css\"><base href=\"https://example.org/\">",
    "<p class=\"alert alert-success\" id=\"score\">All tests passed</p>",
]


@pytest.mark.parametrize("html", HOSTILE_HTML)
def test_learner_html_keeps_no_script_style_or_page_level_effect(html):
    cleaned = clean_html(html).lower()
    for bad in ("<script", "onerror", "style", "position", "<meta", "javascript:", "data:text", "<iframe",
                "<svg", "foreignobject", "<object", "<embed", "<form", "<link", "<base", "class=", "id="):
        assert bad not in cleaned, (bad, cleaned)


def test_html_that_is_only_formatting_keeps_its_text_and_tables():
    table = "<table><thead><tr><th>n</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    assert clean_html(table) == table
    assert clean_html("<b>bold</b> <a href=\"https://pytorch.org\">docs</a>") == \
        "<b>bold</b> <a href=\"https://pytorch.org\" rel=\"noopener noreferrer\">docs</a>"
    img = f"<img src=\"data:image/png;base64,{b64(png(Image.new('L', (2, 2))))}\">"
    assert clean_html(img) == img  # a markdown attachment as nbconvert renders it


def test_metadata_is_reduced_to_what_nbgrader_needs():
    widgets = {"application/vnd.jupyter.widget-state+json": {"state": {"m": {"state": {"value": SECRET}}}}}
    nb = notebook(display({"text/plain": "1"}), metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
                       "leak": SECRET},
        "language_info": {"name": "python", "version": "3.11.7", "pygments_lexer": "ipython3", "x": SECRET,
                          "codemirror_mode": {"name": "ipython", "version": 3}},
        "widgets": widgets, "title": SECRET},
        cell_metadata={"nbgrader": {"grade": True, "grade_id": "test_add", "points": 2, "locked": True,
                                    "solution": False, "schema_version": 3, "leak": SECRET},
                       "tags": [SECRET.replace(",", ";")], "jupyter": {"source_hidden": True}})
    nb.cells.append(nbformat.v4.new_markdown_cell("![x](attachment:x.png)", attachments={
        "x.png": {"image/png": b64(png(Image.new("L", (3, 3)))), "text/plain": SECRET},
        "y.txt": {"text/plain": SECRET}}))
    nb.cells[0]["id"] = "bad id <script>"
    sanitise(nb)
    assert "np.arange" not in flat(nb) and "widget" not in flat(nb)
    assert nb.metadata == {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                          "language": "python"},
                           "language_info": {"name": "python", "version": "3.11.7", "pygments_lexer": "ipython3",
                                             "codemirror_mode": {"name": "ipython", "version": 3}}}
    assert nb.cells[0].metadata == {"nbgrader": {"grade": True, "grade_id": "test_add", "points": 2,
                                                 "locked": True, "solution": False, "schema_version": 3}}
    assert nb.cells[0]["id"].isalnum()
    assert list(nb.cells[1].attachments) == ["x.png"] and list(nb.cells[1].attachments["x.png"]) == ["image/png"]
    nbformat.validate(nb)


def test_output_is_capped_per_cell_and_per_notebook_with_a_note_errors_kept():
    big = nbformat.v4.new_output("stream", name="stdout", text="x" * 4000)
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="e" * 50_000, traceback=["t"] * 500)
    nb = notebook(big, big, big, error)
    for _ in range(3):
        nb.cells.append(nbformat.v4.new_code_cell("g()", outputs=[big, big, error]))
    notes = Sanitiser(cell_limit=9000, notebook_limit=20_000).notebook(nb)
    first = nb.cells[0].outputs
    assert [o.output_type for o in first] == ["stream", "stream", "display_data", "error"]
    assert "in this cell not kept" in first[2].data["text/plain"]
    assert len(first[3].evalue) == 20_000 and len(first[3].traceback) == 100
    kinds = [[o.output_type for o in c.outputs] for c in nb.cells[1:]]
    assert kinds == [["stream", "stream", "error"], ["display_data", "error"], ["error"]]
    assert "in this notebook not kept" in nb.cells[2].outputs[0].data["text/plain"]
    assert "a cell's output was cut" in notes and "the notebook's output was cut" in notes


def test_attachments_keep_only_images_re_encoded_under_names_that_hold_no_secret(scrubber):
    text = ("data: " + SECRET).encode()
    nb = notebook(display({"text/plain": "1"}))
    nb.cells.append(nbformat.v4.new_markdown_cell("![x](attachment:x.png)", attachments={
        "x.png": {"image/png": b64(png(Image.new("L", (3, 3))) + SECRET.encode())},
        "pixels.png": {"image/png": b64(png(Image.frombytes("L", (len(text), 1), text)))},
        SECRET.replace("/", "") + ".png": {"image/png": b64(png(Image.new("L", (3, 3))))}}))
    sanitise(nb, scrubber)
    assert list(nb.cells[1].attachments) == ["x.png"] and "np.arange" not in flat(nb)
    assert SECRET.encode() not in base64.b64decode(nb.cells[1].attachments["x.png"]["image/png"])


def test_scrubbing_comes_last_on_what_is_kept(scrubber):
    nb = notebook(nbformat.v4.new_output("stream", name="stdout", text=f"look: {SECRET}\n"),
                  display({"text/html": f"<b onclick=x>{SECRET}</b>"}),
                  nbformat.v4.new_output("error", ename="E", evalue=SECRET, traceback=[SECRET]))
    sanitise(nb, scrubber)
    assert "np.arange" not in flat(nb) and flat(nb).count(MARKER) >= 3


def test_the_policy_comes_first_in_the_head():
    page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>x()</script></head><body></body></html>"
    out = with_csp(page)
    assert out.index(CSP_META) < out.index("<meta charset") and "script-src 'none'" in CSP_META


def test_nbgraders_own_autograde_ends_with_the_allow_list():
    """`nbgrader autograde --config grader/nbgrader_config.py` writes the autograded notebook after
    its last step: the allow-list, after the grades are saved (so it changes no score)."""
    from traitlets.config import Config, PyFileConfigLoader

    from grader.autograde.outputs import AllowListOutputs

    loader = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT / "grader"))
    steps = loader.load_config().Autograde.autograde_preprocessors
    assert steps[-1] == "grader.autograde.outputs.AllowListOutputs"
    assert steps.index("nbgrader.preprocessors.SaveAutoGrades") < len(steps) - 1
    widgets = {"application/vnd.jupyter.widget-state+json": {"state": {"m": {"state": {"value": SECRET}}}}}
    nb = notebook(display({"text/plain": "1", "application/x-leak": SECRET}), metadata={"widgets": widgets})
    step = AllowListOutputs(config=Config())
    kept, _ = step.preprocess(nbformat.from_dict(json.loads(json.dumps(nb))), {"grader": {"outputs_later": True}})
    assert "widgets" in kept.metadata  # python -m grader: done once, with the scrubber, on the written copy
    done, resources = step.preprocess(nb, {})
    assert "widgets" not in done.metadata and "np.arange" not in flat(done)
    assert resources["grader"]["output_notes"]


def test_a_flood_of_escape_codes_loses_its_colours_not_its_text():
    """nbconvert's ansi2html is quadratic in the number of escape codes; past MAX_ANSI they go."""
    from nbconvert.filters.ansi import ansi2html

    from grader.autograde.outputs import MAX_ANSI

    flood = "\x1b[1mX" * 40_000
    coloured = "\x1b[0;31mValueError\x1b[0m: bad\n"
    nb = notebook(nbformat.v4.new_output("stream", name="stdout", text=flood),
                  nbformat.v4.new_output("stream", name="stdout", text=coloured),
                  nbformat.v4.new_output("error", ename="E", evalue="x", traceback=[flood[:10_000], coloured]))
    sanitise(nb)
    out = nb.cells[0].outputs
    assert out[0].text == "X" * 40_000 and out[1].text == coloured
    assert out[2].traceback == ["X" * 2_000, coloured]
    assert coloured.count("\x1b") <= MAX_ANSI
    ansi2html(out[0].text)  # instant now; the flood itself took seconds


def test_markdown_is_rendered_cleaned_and_within_a_budget_per_page():
    """mistune is super-linear on some texts: past MAX_MARKDOWN characters, or the page's budget,
    markdown shows as escaped text (not cached, so a later page renders it again)."""
    from nbconvert.filters.markdown import markdown2html_mistune

    from grader.autograde.markup import MARKDOWN_BUDGET, MAX_MARKDOWN, MarkdownRenderer

    md = MarkdownRenderer()
    assert md(markdown2html_mistune, "**bold** <script>x()</script>", 1).strip() == "<p><strong>bold</strong> </p>"
    slow = "*a" * (MAX_MARKDOWN // 2 + 1)
    assert md(markdown2html_mistune, slow, 2).startswith("<pre>*a*a")
    chunk = "word " * (MAX_MARKDOWN // 5 - 1)
    shown = [md(markdown2html_mistune, chunk + str(i), ("c", i)) for i in range(MARKDOWN_BUDGET // len(chunk) + 1)]
    assert shown[0].startswith("<p>") and shown[-1].startswith("<pre>")
    md.new_page()
    assert md(markdown2html_mistune, chunk + "last", "last").startswith("<p>")


def test_images_embedded_in_html_and_markdown_are_images_too(scrubber):
    info = PngImagePlugin.PngInfo()
    info.add_text("Zipped", SECRET, zip=True)
    chunked = b64(png(Image.new("RGB", (5, 5), (1, 2, 3)), pnginfo=info))
    text = ("data: " + SECRET).encode()
    spelled = b64(png(Image.frombytes("L", (len(text), 1), text)))
    svg = b64(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    html = (f'<img src="data:image/png;base64,{chunked}"><img src="data:image/png;base64,{spelled}">'
            f'<img src="data:image/svg+xml;base64,{svg}">')
    nb = notebook(display({"text/html": html, "text/markdown": f"![a](data:image/png;base64,{chunked})"}))
    sanitise(nb, scrubber)
    out = nb.cells[0].outputs
    kept = out[0].data["text/html"]
    assert kept.count("data:image/png;base64,") == 1 and "svg" not in kept
    first = kept.split("base64,")[1].split('"')[0]
    assert b"zTXt" not in base64.b64decode(first) and Image.open(io.BytesIO(base64.b64decode(first))).size == (5, 5)
    assert b"zTXt" not in base64.b64decode(out[0].data["text/markdown"].split("base64,")[1].rstrip(")"))
    assert "pixels spell hidden test text" in out[1].data["text/plain"] and "image/svg+xml" in out[1].data["text/plain"]


def test_the_worker_keeps_no_widget_state_the_kernel_sends():
    """Red team round 6 (tests/attacks6, M3): nbclient kept every widget's state and binary buffers
    in the grading worker while a notebook ran (+650 MB for 1 GB of comm buffers in one cell,
    outside the kernel's memory limit); the outputs drop widget state anyway, so LimitedExecute
    does not hold it. nbclient's own handler, a real comm_open with a 1 MiB buffer."""
    from grader.autograde.preprocessors.limitedexecute import LimitedExecute

    ex = LimitedExecute()
    state = {"_model_module": "@jupyter-widgets/base", "_model_name": "DOMWidgetModel", "value": "x" * 1000}
    msg = {"msg_type": "comm_open", "header": {"msg_type": "comm_open"}, "parent_header": {},
           "content": {"comm_id": "c1", "target_name": "jupyter.widget",
                       "data": {"state": state, "buffer_paths": [["blob"]]}},
           "buffers": [b"y" * (1 << 20)]}
    ex.handle_comm_msg([], msg, 0)
    update = dict(msg, msg_type="comm_msg", header={"msg_type": "comm_msg"})
    update["content"] = {"comm_id": "c1", "data": {"method": "update", "state": {"more": "z" * 1000},
                                                   "buffer_paths": [["b2"]]}}
    ex.handle_comm_msg([], update, 0)
    assert ex.store_widget_state is False
    assert not ex.widget_state and not ex.widget_buffers
