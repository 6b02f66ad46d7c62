"""cnnlib.sliding_window: the stepping/playing sliding window of notebooks 01 and 02, headless."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cnnlib import images
from cnnlib.sliding_window import CSS_CLASS, SlidingWindow, sliding_steps


def torch_conv(x, k, stride, padding, bias=0.0):
    """PyTorch's conv2d (a cross-correlation) in float64 on a (C, H, W) volume and (C, F, F) kernel."""
    out = torch.nn.functional.conv2d(torch.from_numpy(x)[None], torch.from_numpy(k)[None],
                                     torch.tensor([bias], dtype=torch.float64),
                                     stride=stride, padding=padding)
    return out[0, 0].numpy()


def assemble(steps):
    last = steps[-1]
    out = np.full((last.i + 1, last.j + 1), np.nan)
    for st in steps:
        out[st.i, st.j] = st.value
    return out


def test_steps_reproduce_the_worked_example_in_row_major_order():
    ex = images.binary_example()
    padded, steps = sliding_steps(ex.image, ex.kernel)
    assert padded.shape == (1, 5, 5)
    assert [(s.i, s.j) for s in steps] == [(i, j) for i in range(3) for j in range(3)]
    np.testing.assert_array_equal(assemble(steps), [[4, 3, 4], [2, 4, 3], [2, 3, 4]])
    st = steps[5]                                   # output (1, 2): window rows 1-3, columns 2-4
    assert (st.row, st.col) == (1, 2)
    np.testing.assert_array_equal(st.window[0], ex.image[1:4, 2:5])
    np.testing.assert_array_equal(st.products[0], ex.image[1:4, 2:5] * ex.kernel)


@pytest.mark.parametrize("C,H,W,F,S,P", [(3, 5, 5, 3, 2, 1), (2, 6, 4, 3, 1, 0), (1, 7, 9, 3, 2, 2),
                                         (3, 4, 6, 2, 2, 0)])
def test_steps_agree_with_pytorch_for_channels_stride_and_padding(C, H, W, F, S, P):
    rng = np.random.default_rng(C * 100 + H)
    x, k = rng.standard_normal((C, H, W)), rng.standard_normal((C, F, F))   # asymmetric kernels
    x_before, k_before = x.copy(), k.copy()
    padded, steps = sliding_steps(x, k, stride=S, padding=P, bias=0.5)
    np.testing.assert_allclose(assemble(steps), torch_conv(x, k, S, P, 0.5), rtol=1e-12, atol=1e-12)
    assert padded.shape == (C, H + 2 * P, W + 2 * P)
    assert all(st.row == st.i * S and st.col == st.j * S for st in steps)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(k, k_before)


def test_named_paddings():
    x = np.arange(20.0).reshape(4, 5)
    k = np.arange(9.0).reshape(3, 3) - 4
    for name, p in [("valid", 0), ("same", 1), ("full", 2)]:
        padded, steps = sliding_steps(x, k, padding=name)
        assert padded.shape == (1, 4 + 2 * p, 5 + 2 * p)
        np.testing.assert_allclose(assemble(steps), torch_conv(x[None], k[None], 1, p))


@pytest.mark.parametrize("kwargs,match", [
    ({"stride": 2}, "W=6, F=3, S=2, P=0"),
    ({"stride": 0}, "stride"),
    ({"padding": -1}, "padding"),
    ({"padding": "half"}, "padding"),
])
def test_invalid_settings_raise_with_a_message(kwargs, match):
    with pytest.raises(ValueError, match=match):
        sliding_steps(np.zeros((6, 6)), np.ones((3, 3)), **kwargs)


def test_channel_mismatch_and_bad_shapes_raise():
    with pytest.raises(ValueError, match="full depth"):
        sliding_steps(np.zeros((3, 5, 5)), np.ones((2, 3, 3)))
    with pytest.raises(ValueError, match="shape"):
        sliding_steps(np.zeros(5), np.ones((3, 3)))


def test_widget_parts_carry_css_classes_and_display():
    ex = images.binary_example()
    w = SlidingWindow(ex.image, ex.kernel)
    assert CSS_CLASS in w.widget._dom_classes
    for part, name in [(w.play, "play"), (w.step, "step"), (w.sliders["S"], "S"),
                       (w.sliders["P"], "P"), (w.status, "status"), (w.plot, "plot")]:
        assert f"{CSS_CLASS}-{name}" in part._dom_classes
    assert w.png.startswith(b"\x89PNG")
    assert "application/vnd.jupyter.widget-view+json" in w._repr_mimebundle_()
    assert (w.play.min, w.play.max, w.step.min, w.step.max) == (1, 9, 1, 9)   # steps 1 to 9


def test_play_and_step_slider_move_together_and_redraw():
    ex = images.binary_example()
    w = SlidingWindow(ex.image, ex.kernel)
    first_png, first_text = w.png, w.status.value
    assert 'data-step="0"' in first_text and "= 4" in first_text
    w.play.value = 4                                 # what the Play button does each tick
    assert w.step.value == 4 and w.current.index == 3
    assert (w.current.i, w.current.j) == (1, 0)
    assert 'data-step="3"' in w.status.value and "output[1, 0]" in w.status.value
    assert w.status.value.split(">", 1)[1].startswith("step 4 of 9")   # counted as the slider shows
    assert w.png != first_png
    w.step.value = 1                                 # dragging the slider moves the player too
    assert w.play.value == 1 and w.png == first_png
    w.show(99)                                       # clipped to the last step
    assert w.current.index == 8


def test_stride_and_padding_sliders_rebuild_the_steps():
    rng = np.random.default_rng(3)
    x, k = rng.integers(0, 3, (3, 5, 5)), rng.integers(-1, 2, (3, 3, 3))
    w = SlidingWindow(x, k, stride=2, padding=1, bias=1.0)   # CS231n's demo layout: 5x5x3 -> 3x3
    assert w.output.shape == (3, 3) and len(w.steps) == 9
    np.testing.assert_allclose(w.output, torch_conv(x.astype(float), k.astype(float), 2, 1, 1.0))
    assert "summed over 3 channels" in w.status.value
    w.show(8)
    w.sliders["P"].value = 0                         # (5 - 3) / 2 + 1 = 2: 4 steps, back to step 0
    assert w.output.shape == (2, 2) and w.step.max == 4 and w.current.index == 0
    w.set(S=3, P=1)                                  # (5 - 3 + 2) / 3 + 1 is not whole
    assert not w.valid and w.current is None and w.output is None
    assert 'data-valid="false"' in w.status.value and "W=5, F=3, S=3, P=1" in w.status.value
    assert w.play.disabled and w.step.disabled
    w.set(S=1)                                       # (5 - 3 + 2) / 1 + 1 = 5
    assert w.valid and w.output.shape == (5, 5) and not w.play.disabled
    with pytest.raises(ValueError, match="unknown slider"):
        w.set(K=2)


def test_widget_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError, match="W=6, F=3, S=2, P=0"):
        SlidingWindow(np.zeros((6, 6)), np.ones((3, 3)), stride=2)
    with pytest.raises(ValueError, match="at most"):
        SlidingWindow(np.zeros((40, 40)), np.ones((3, 3)))


def test_widget_leaves_its_inputs_alone():
    x = np.arange(25.0).reshape(5, 5)
    k = images.sobel_x()
    x_before, k_before = x.copy(), k.copy()
    w = SlidingWindow(x, k, padding=1)
    w.show(7)
    w.set(S=2)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(k, k_before)
