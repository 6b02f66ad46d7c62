"""cnnlib.widgets: the kernel explorer, driven without a browser."""

from __future__ import annotations

import io

import matplotlib.image as mpimg
import numpy as np
import pytest

from cnnlib import images, widgets


@pytest.fixture(scope="module")
def photo():
    return images.load_photo("grace_hopper", downscale=8, gray=True)  # (75, 64)


def _decode(png: bytes) -> np.ndarray:
    return mpimg.imread(io.BytesIO(png), format="png")


def test_png_bytes_round_trips_shape():
    x = np.random.default_rng(0).random((7, 9, 3))
    assert _decode(widgets.png_bytes(x)).shape[:2] == (7, 9)
    assert _decode(widgets.png_bytes(x[..., 0] - 0.5)).shape[:2] == (7, 9)
    with pytest.raises(ValueError):
        widgets.png_bytes(np.zeros(3))


def test_explorer_starts_on_the_preset_and_exposes_its_parts(photo):
    ex = widgets.kernel_explorer(photo, preset="edge_3")
    assert "cnn-kernel-explorer" in ex.widget._dom_classes
    assert "application/vnd.jupyter.widget-view+json" in ex._repr_mimebundle_()   # shows as its box
    assert ex.preset.description == "Preset" and "cnn-kernel-preset" in ex.preset._dom_classes
    assert "cnn-kernel-output" in ex.output_image._dom_classes
    assert "cnn-kernel-cell-2-1" in ex.cells[2][1]._dom_classes
    assert set(ex.preset.options) >= set(images.PRESET_KERNELS) | {"custom"}
    np.testing.assert_array_equal(ex.kernel, images.PRESET_KERNELS["edge_3"])
    np.testing.assert_allclose(ex.result, images.filter_image(photo, ex.kernel, "valid"))
    assert ex.result.shape == (73, 62)
    assert ex.output_image.value[:4] == b"\x89PNG"
    assert "sum 0" in ex.status.value


def test_changing_the_preset_refilters_the_photo(photo):
    ex = widgets.kernel_explorer(photo, preset="identity")
    before = ex.output_image.value
    np.testing.assert_allclose(ex.result, photo[1:-1, 1:-1])
    ex.preset.value = "gaussian_blur"
    assert ex.divisor.value == 16 and ex.cells[1][1].value == 4  # integers / divisor
    assert ex.output_image.value != before
    expected = images.filter_image(photo, images.PRESET_KERNELS["gaussian_blur"], "valid")
    np.testing.assert_allclose(ex.result, expected)
    np.testing.assert_allclose(_decode(ex.output_image.value)[..., 0],
                               np.clip(expected, 0, 1), atol=2 / 255)


def test_editing_one_entry_makes_a_custom_kernel_and_refilters(photo):
    ex = widgets.kernel_explorer(photo, preset="sobel_x")
    before = ex.output_image.value
    ex.cells[0][0].value = 3.0
    expected_kernel = images.PRESET_KERNELS["sobel_x"].copy()
    expected_kernel[0, 0] = 3.0
    assert ex.preset.value == "custom"
    np.testing.assert_array_equal(ex.kernel, expected_kernel)
    np.testing.assert_allclose(ex.result, images.filter_image(photo, expected_kernel, "valid"))
    assert ex.output_image.value != before
    ex.cells[0][0].value = -1.0  # back to sobel_x: the dropdown follows
    assert ex.preset.value == "sobel_x"
    assert ex.output_image.value == before


def test_divisor_display_modes_and_colour_photos():
    rgb = images.load_photo("grace_hopper", downscale=8)
    ex = widgets.kernel_explorer(rgb, preset="box_blur")
    assert ex.result.shape == (73, 62, 3)
    ex.divisor.value = 0
    assert "divisor" in ex.status.value
    ex.divisor.value = 3  # entries 1, sum 3: brighter
    np.testing.assert_allclose(ex.kernel, np.ones((3, 3)) / 3)
    shown = {}
    ex.preset.value = "sobel_y"
    for mode in widgets.DISPLAY_MODES:
        ex.display_mode.value = mode
        shown[mode] = bytes(ex.output_image.value)
    assert shown["auto"] == shown["signed"]  # a kernel summing to 0 gives signed outputs
    assert len(set(shown.values())) == 3


def test_a_learners_convolve_is_used_and_its_errors_are_shown(photo):
    calls = []

    def convolve2d(image, kernel, stride=1, padding=0):
        calls.append((image.shape, stride, padding))
        return images.filter_image(image, kernel, padding)

    ex = widgets.kernel_explorer(photo, convolve2d, preset="sharpen")
    assert calls == [((75, 64), 1, 0)]
    np.testing.assert_allclose(ex.result, images.filter_image(photo, ex.kernel, "valid"))

    def unfinished(image, kernel, stride=1, padding=0):
        raise NotImplementedError()

    ex = widgets.kernel_explorer(photo, unfinished)
    assert ex.result is None and "NotImplementedError" in ex.status.value

    def wrong_shape(image, kernel, stride=1, padding=0):
        return image

    ex = widgets.kernel_explorer(photo, wrong_shape)
    assert ex.result is None and "(73, 62)" in ex.status.value


def test_learner_kernels_become_presets_and_bad_inputs_are_refused(photo):
    mine = {"edge_2": -images.PRESET_KERNELS["edge_2"], "big": np.ones((5, 5))}
    ex = widgets.kernel_explorer(photo, kernels=mine, preset="edge_2")
    np.testing.assert_array_equal(ex.kernel, mine["edge_2"])
    assert "big" not in ex.preset.options  # the grid edits 3x3 kernels only
    ex.set_kernel(images.PRESET_KERNELS["identity"])
    assert ex.preset.value == "identity"
    with pytest.raises(ValueError, match="preset"):
        widgets.kernel_explorer(photo, preset="nope")
    with pytest.raises(ValueError, match="H, W"):
        widgets.kernel_explorer(np.zeros((4, 4, 2)))


def test_the_course_widgets_share_one_idiom_and_set_redraws_once(photo):
    """KernelExplorer, ConvArithmetic and SlidingWindow are CourseWidgets: ``set`` moves several
    controls without a callback per control, then refreshes once; a user's change refreshes."""
    from cnnlib.conv_widgets import ConvArithmetic
    from cnnlib.sliding_window import SlidingWindow

    made = [widgets.kernel_explorer(photo), ConvArithmetic(W=7, F=3, S=2, P=1),
            SlidingWindow(np.arange(25.0).reshape(5, 5), np.eye(3), stride=1, padding=0)]
    moves = [{"preset": "sobel_x", "display_mode": "signed"}, {"W": 5, "F": 3, "S": 1, "P": 0}, {"S": 2, "P": 1}]
    for w, move in zip(made, moves, strict=True):
        assert isinstance(w, widgets.CourseWidget) and not isinstance(w, widgets.widgets.Widget)
        calls: list[int] = []
        original = w.refresh
        w.refresh = lambda original=original, calls=calls: (calls.append(1), original())
        w.set(**move)
        assert len(calls) == 1, type(w).__name__
        assert {name: w.controls[name].value for name in move} == move
        first = next(iter(move))
        with pytest.raises(ValueError, match="unknown slider"):
            w.set(nonsense=1)
        calls.clear()
        w.controls[first].value = {"preset": "box_blur", "W": 6, "S": 1}[first]   # as a user would
        assert len(calls) == 1, type(w).__name__
    explorer, arith, sliding = made
    np.testing.assert_allclose(explorer.kernel, images.PRESET_KERNELS["box_blur"])
    assert explorer.display_mode.value == "signed"
    assert arith.output_size == 4 and "= 4" in arith.message     # W=6, F=3, S=1, P=0
    assert sliding.stride == 1 and sliding.padding == 1 and sliding.output.shape == (5, 5)


def test_the_books_stills_drive_each_widget_through_its_headless_api(photo, monkeypatch):
    """book/stills.py renders every widget as pictures by moving its controls (the idiom's API:
    preset.value, set(), show(), png); each widget is left as it was."""
    import base64
    import re

    import matplotlib.pyplot as plt

    from book import stills
    from cnnlib.conv_widgets import ConvArithmetic
    from cnnlib.sliding_window import SlidingWindow

    for cls in (widgets.KernelExplorer, ConvArithmetic, SlidingWindow):    # install() patches them: undo after
        monkeypatch.setattr(cls, "_repr_mimebundle_", cls._repr_mimebundle_)
    monkeypatch.setattr(plt, "switch_backend", plt.switch_backend)
    stills.install()
    explorer = widgets.kernel_explorer(photo, preset="sobel_x")
    arith = ConvArithmetic(W=7, F=3, S=2, P=1)
    sliding = SlidingWindow(np.arange(9.0).reshape(3, 3), np.eye(2), stride=1, padding=0)   # 4 steps
    pages = {name: w._repr_mimebundle_() for name, w in
             (("kernel-explorer", explorer), ("conv-arithmetic", arith), ("sliding-window", sliding))}
    for name, bundle in pages.items():
        assert "application/vnd.jupyter.widget-view+json" in bundle and f"cnn-book-{name}" in bundle["text/html"]
    assert pages["kernel-explorer"]["text/html"].count('class="cnn-book-still"') >= 6
    assert pages["conv-arithmetic"]["text/html"].count("<figure") == 1 + len(stills.ARITHMETIC_SETTINGS)
    gif = base64.b64decode(re.search(r"data:image/gif;base64,([A-Za-z0-9+/=]+)", pages["sliding-window"]["text/html"])[1])
    assert gif.count(b"\x21\xf9\x04") == len(sliding.steps) == 4           # one frame per step
    assert explorer.preset.value == "sobel_x" and arith.values == {"W": 7, "F": 3, "S": 2, "P": 1}
    assert sliding.current.index == 0
