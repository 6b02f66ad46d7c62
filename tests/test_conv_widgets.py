"""cnnlib.conv_widgets: the conv-arithmetic widget of notebook 02, driven headless."""

from __future__ import annotations

import pytest

from cnnlib.conv_widgets import CSS_CLASS, ConvArithmetic, arithmetic
from cnnlib.layers import output_size


@pytest.mark.parametrize("W,F,S,P", [(7, 3, 2, 1), (11, 5, 2, 0), (5, 3, 1, 1), (1, 1, 1, 0),
                                     (8, 3, 2, 0), (10, 3, 2, 0), (3, 7, 2, 1), (6, 4, 3, 2)])
def test_arithmetic_agrees_with_the_output_size_rule(W, F, S, P):
    a = arithmetic(W, F, S, P)
    try:
        expected = output_size(W, F, S, P)
    except ValueError:
        expected = None
    assert a.output_size == expected
    assert a.valid == (expected is not None)
    if a.valid:
        assert len(a.rows) == expected
        assert a.rows[-1][1] == W + 2 * P  # the last window ends exactly at the edge
        assert a.overhang == 0
    else:
        assert a.overhang > 0
        assert a.rows[-1][1] == W + 2 * P + a.overhang
        for name, value in zip("WFSP", (W, F, S, P), strict=True):
            assert f"{name}={value}" in a.message
        assert "Invalid" in a.message


def test_placements_step_by_the_stride():
    a = arithmetic(11, 5, 2, 0)  # the CS231n example: 11 -> 4
    assert a.rows == ((0, 5), (2, 7), (4, 9), (6, 11))
    assert "= 4" in a.message


def test_invalid_setting_suggests_valid_neighbours():
    a = arithmetic(8, 3, 2, 0)
    assert "S = 1" in a.message
    assert "floor to 3" in a.message
    assert "P = 2" in arithmetic(3, 7, 2, 1).message


def test_widget_exposes_classes_and_described_controls():
    w = ConvArithmetic()
    assert CSS_CLASS in w.widget._dom_classes
    assert list(w.sliders) == ["W", "F", "S", "P"]
    for name, slider in w.sliders.items():
        assert slider.description == name
        assert f"{CSS_CLASS}-{name}" in slider._dom_classes
    assert f"{CSS_CLASS}-status" in w.status._dom_classes
    assert f"{CSS_CLASS}-plot" in w.plot._dom_classes
    assert w.png.startswith(b"\x89PNG")
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_moving_a_slider_redraws_and_updates_the_text():
    w = ConvArithmetic(W=7, F=3, S=2, P=1)
    assert w.output_size == 4
    assert 'data-valid="true"' in w.status.value
    before_png, before_text = w.png, w.status.value
    w.sliders["W"].value = 9  # (9 - 3 + 2) / 2 + 1 = 5
    assert w.output_size == 5
    assert "= 5" in w.message
    assert w.status.value != before_text
    assert w.png != before_png
    assert len(w.rows) == 5


def test_invalid_setting_says_so_in_text_and_picture():
    w = ConvArithmetic(W=7, F=3, S=2, P=1)
    w.sliders["P"].value = 0  # (7 - 3) / 2 + 1 = 3 is valid
    assert w.output_size == 3
    w.sliders["W"].value = 8  # (8 - 3) / 2 + 1 = 3.5
    assert w.output_size is None
    assert 'data-valid="false"' in w.status.value
    assert "Invalid" in w.status.value and "3.5" in w.status.value
    titles = [ax.get_title() for ax in w.figure.axes]
    assert any(t.startswith("invalid") for t in titles)


def test_set_moves_several_sliders_and_rejects_unknown_names():
    w = ConvArithmetic()
    w.set(W=11, F=5, S=2, P=0)
    assert w.values == {"W": 11, "F": 5, "S": 2, "P": 0}
    assert w.output_size == 4
    assert repr(w) == "ConvArithmetic(W=11, F=5, S=2, P=0)"
    with pytest.raises(ValueError, match="unknown slider"):
        w.set(K=3)
