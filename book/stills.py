"""The course's widgets without a kernel: stills and a short animation for the book.

A page of the book has no kernel behind it, so an ipywidgets view would show
nothing (or a frozen control that does not respond). While the book executes
the notebooks, :func:`install` (run in the kernel, before the first cell)
gives each of the course's three widgets a static ``text/html`` view beside
its widget view; ``book/build.py`` then keeps only the static one:

- the kernel explorer of notebook 01 (:class:`cnnlib.widgets.KernelExplorer`):
  the input and the photo filtered by a few presets, one still each;
- the conv-arithmetic widget of notebook 02 (:class:`cnnlib.conv_widgets.ConvArithmetic`):
  the setting shown plus a few others, valid and invalid, with their message;
- the sliding window of notebooks 01 and 02 (:class:`cnnlib.sliding_window.SlidingWindow`):
  an animated GIF that plays every step of the window, its first and last step as stills, and
  one still of a setting the window refuses, with the widget's message.

The same setup cell keeps matplotlib's figures drawn where a notebook's fast mode
would switch them off (:func:`keep_figures`).

Each still is the widget's own picture (its ``png``) after moving its controls
through its headless API, so the book shows exactly what the widget draws.
Captions name settings (a preset's name, W/F/S/P), never a kernel's numbers:
the kernels a learner writes (``KERNELS``) are answers.
"""

from __future__ import annotations

import base64
import html
import io

# what the conv-arithmetic stills show besides the widget's own setting: AlexNet's conv1 over
# a width of 227 would not fit the picture, so small cases of each kind (valid, padded, invalid)
ARITHMETIC_SETTINGS = ({"W": 5, "F": 3, "S": 1, "P": 0}, {"W": 5, "F": 3, "S": 1, "P": 1},
                       {"W": 7, "F": 3, "S": 2, "P": 0}, {"W": 6, "F": 3, "S": 2, "P": 0})
# names whose use in a notebook means it shows one of these widgets (book/build.py reads them)
WIDGET_NAMES = ("KernelExplorer", "kernel_explorer", "ConvArithmetic", "SlidingWindow")
EXPLORER_PRESETS = ("identity", "box_blur", "gaussian_blur", "sharpen", "sobel_x", "sobel_y", "edge_3")
# the explorer's photo is small in fast mode (100 x 85 pixels): its stills are shown this wide, so
# that an edge detector's thin lines can be seen (the browser scales the picture up)
EXPLORER_WIDTH_PX = 260
# the settings the notebooks ask the reader to try in the sliding window; the first the window
# refuses for the example shown becomes a still with its message ("the widget says why")
SLIDING_SETTINGS = ({"S": 2, "P": 1}, {"S": 2, "P": 0}, {"S": 3, "P": 1}, {"S": 3, "P": 0})
MAX_FRAMES = 40          # the animation: at most this many frames (every step of the course's examples)
FRAME_MS = 700           # milliseconds per frame of the animation


def _img(png: bytes, alt: str, mime: str = "image/png", css: str = "") -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:{mime};base64,{data}" alt="{html.escape(alt)}"'
            f' style="max-width:100%;{css}"/>')


def _figure(png: bytes, caption: str, mime: str = "image/png", width: int | None = None) -> str:
    """A still with its caption; ``width``: the width to show it at, in CSS pixels (None: its own)."""
    css = f"width:{width}px;height:auto;" if width else ""
    box = f"max-width:{width}px;" if width else ""
    return (f'<figure class="cnn-book-still" style="display:inline-block;margin:0 1em 1em 0;'
            f'vertical-align:top;{box}">{_img(png, caption, mime, css)}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _block(kind: str, intro: str, figures: list[str]) -> str:
    return (f'<div class="cnn-book-widget cnn-book-{kind}"><p><em>{html.escape(intro)}</em></p>'
            + "".join(figures) + "</div>")


def gif(frames: list[bytes], ms: int = FRAME_MS) -> bytes:
    """An animated GIF (looping) of PNG frames, with Pillow (matplotlib's own image library).

    frames: PNG bytes, all of one size (the widgets draw every step on one canvas).
    """
    from PIL import Image

    images = [Image.open(io.BytesIO(f)).convert("RGB") for f in frames]
    buf = io.BytesIO()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], duration=ms, loop=0,
                   optimize=True)
    return buf.getvalue()


def explorer_html(explorer) -> str:
    """Stills of a :class:`cnnlib.widgets.KernelExplorer`: its input and a few presets' outputs."""
    start = explorer.preset.value
    names = [n for n in dict.fromkeys((start, *EXPLORER_PRESETS)) if n in explorer.preset.options]
    figures = [_figure(bytes(explorer.input_image.value), "input", width=EXPLORER_WIDTH_PX)]
    for name in names:
        explorer.preset.value = name
        figures.append(_figure(bytes(explorer.output_image.value), f"preset {name}", width=EXPLORER_WIDTH_PX))
    explorer.preset.value = start
    return _block("kernel-explorer", "The kernel explorer, as stills (in Jupyter: pick a preset or "
                  "type a kernel and watch the photo change).", figures)


def arithmetic_html(widget) -> str:
    """Stills of a :class:`cnnlib.conv_widgets.ConvArithmetic`: its setting and a few others."""
    start = dict(widget.values)
    figures = []
    for setting in (start, *[s for s in ARITHMETIC_SETTINGS if s != start]):
        widget.set(**setting)
        caption = ", ".join(f"{k}={v}" for k, v in setting.items()) + ": " + widget.message
        figures.append(_figure(widget.png, caption))
    widget.set(**start)
    return _block("conv-arithmetic", "The conv-arithmetic widget, as stills (in Jupyter: move the "
                  "sliders for W, F, S and P).", figures)


def sliding_html(widget) -> str:
    """A :class:`cnnlib.sliding_window.SlidingWindow` as an animation plus its first and last steps,
    and the first of SLIDING_SETTINGS that it refuses, with its message."""
    n = len(widget.steps)
    k = min(n, MAX_FRAMES)    # every step, or MAX_FRAMES of them spread evenly
    index = sorted({round(i * (n - 1) / max(k - 1, 1)) for i in range(k)})
    frames = []
    for i in index:
        widget.show(i)
        frames.append(widget.png)
    widget.show(0)
    figures = [_figure(gif(frames), f"every step, {FRAME_MS / 1000:g} s each", "image/gif"),
               _figure(frames[0], "step 1"), _figure(frames[-1], f"step {n}")]
    start = {"S": widget.stride, "P": widget.padding}
    for setting in (s for s in SLIDING_SETTINGS if s != start):
        widget.set(**setting)
        if not widget.valid:
            figures.append(_figure(widget.png, f"S={setting['S']}, P={setting['P']}: {widget.message}"))
            break
    widget.set(**start)
    return _block("sliding-window", "The sliding window, as an animation (in Jupyter: play, pause or "
                  "drag the step slider, and change S and P).", figures)


def keep_figures() -> None:
    """Keep matplotlib's inline backend when a notebook asks for "agg" (fast mode).

    Notebooks 01, 04, 05 and 10 call ``plt.switch_backend("agg")`` in the course's fast mode
    so that a graded run makes its figures without drawing them (the grader would only have
    to scrub them). The book runs in fast mode too, for its short training, but it is there to
    show the figures: in the book's kernel a switch to "agg" is ignored, so ``plt.show()``
    and the end of a cell draw a PNG output as in JupyterLab. Any other backend is switched to.
    """
    import matplotlib.pyplot as plt

    if getattr(plt.switch_backend, "_book_keeps_inline", False):
        return
    original = plt.switch_backend

    def switch_backend(newbackend, _original=original):
        if str(newbackend).lower() == "agg":
            return None
        return _original(newbackend)

    switch_backend._book_keeps_inline = True
    # pyplot calls its module-level switch_backend itself, so rebinding the name covers both
    plt.switch_backend = switch_backend


def install() -> None:
    """Give the course's widgets a static text/html view beside their widget view (see the
    module), and keep figures drawn where fast mode would switch them off (:func:`keep_figures`)."""
    from cnnlib import conv_widgets, sliding_window, widgets

    keep_figures()

    for cls, render in ((widgets.KernelExplorer, explorer_html),
                        (conv_widgets.ConvArithmetic, arithmetic_html),
                        (sliding_window.SlidingWindow, sliding_html)):
        original = cls._repr_mimebundle_

        def bundle(self, *args, _original=original, _render=render, **kwargs):
            data = _original(self, *args, **kwargs)
            data = dict(data[0] if isinstance(data, tuple) else data)
            data["text/html"] = _render(self)
            return data

        cls._repr_mimebundle_ = bundle
