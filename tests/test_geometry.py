"""cnnlib.geometry: the one output-size rule, against PyTorch's own layers over a grid of settings."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest
import torch
from torch import nn

from cnnlib import geometry, layers, models, viz
from cnnlib.conv_widgets import arithmetic
from cnnlib.sliding_window import sliding_steps

# W (H), F (K), S, P, D: every combination that PyTorch accepts (padding at most half the window,
# as nn.MaxPool2d requires), and the ones where the window does not fit
GRID = [(w, f, s, p, d) for w, f, s, p, d in itertools.product(range(1, 10), range(1, 6), (1, 2, 3), (0, 1, 2), (1, 2))
        if 2 * p <= f]


@functools.cache
def torch_sides(w: int, f: int, s: int, p: int, d: int) -> tuple[int | None, int | None]:
    """The output widths nn.Conv2d and nn.MaxPool2d give an input of width w (None: it refuses);
    cached, as both tests ask."""
    def side(layer: nn.Module) -> int | None:
        try:
            return layer(torch.zeros(1, 1, 1, w)).shape[-1]
        except RuntimeError:
            return None

    return (side(nn.Conv2d(1, 1, (1, f), stride=(1, s), padding=(0, p), dilation=(1, d))),
            side(nn.MaxPool2d((1, f), stride=(1, s), padding=(0, p), dilation=(1, d))))


def test_floored_size_is_pytorchs_for_conv2d_and_maxpool2d():
    checked = 0
    for w, f, s, p, d in GRID:
        conv, pool = torch_sides(w, f, s, p, d)
        if conv is None:
            with pytest.raises(ValueError, match=f"W={w}, F={f}, S={s}, P={p}"):
                geometry.conv_output_size(w, f, s, p, d, exact=False)
            continue
        assert geometry.conv_output_size(w, f, s, p, d, exact=False) == conv, (w, f, s, p, d)
        if pool is not None:   # MaxPool2d refuses some all-padding windows that Conv2d takes
            assert pool == conv, (w, f, s, p, d)
            checked += 1
    assert checked > 300


def test_exact_size_refuses_windows_that_do_not_tile():
    refused = 0
    for w, f, s, p, d in GRID:
        conv, _ = torch_sides(w, f, s, p, d)
        if conv is not None and (w + 2 * p - d * (f - 1) - 1) % s == 0:
            assert geometry.conv_output_size(w, f, s, p, d) == conv, (w, f, s, p, d)
            continue
        with pytest.raises(ValueError) as info:
            geometry.conv_output_size(w, f, s, p, d)
        for part in (f"W={w}", f"F={f}", f"S={s}", f"P={p}") + ((f"D={d}",) if d > 1 else ()):
            assert part in str(info.value), (w, f, s, p, d)
        refused += 1
    assert refused > 100


@pytest.mark.parametrize(("args", "words"), [
    ((5, 3, 0), "S must be"), ((5, 3, 1, -1), "P must be"), ((5, 0), "F must be"), ((0, 1), "W must be"),
    ((5, 3, 1.5), "S must be"), ((5, 3, 1, 0, 0), "D must be"), ((2, 5), "wider than the padded input"),
    ((5, 3, 1, 0, 3), r"dilated filter \(D\(F - 1\) \+ 1 = 7\)"),
])
def test_bad_settings_are_named(args, words):
    with pytest.raises(ValueError, match=words):
        geometry.conv_output_size(*args)


def test_every_user_in_cnnlib_follows_the_helper():
    # AlexNet's conv1, and a stride that does not tile: the same verdict everywhere
    assert layers.output_size(227, 11, 4, 0) == arithmetic(227, 11, 4, 0).output_size == 55
    for call in (lambda: layers.output_size(6, 3, 2, 0),
                 lambda: sliding_steps(np.zeros((6, 6)), np.ones((3, 3)), stride=2),
                 lambda: viz.show_sliding_steps(np.zeros((6, 6)), np.ones((3, 3)), stride=2)):
        with pytest.raises(ValueError, match="W=6, F=3, S=2, P=0"):
            call()
    assert arithmetic(6, 3, 2, 0).output_size is None and len(arithmetic(6, 3, 2, 0).rows) == 3
    # the networks floor, as PyTorch's pools do
    net = models.SmallCNN(((4, 3),), pool=(3, 2), image_size=12)
    assert net.features(torch.zeros(1, 1, 12, 12)).shape[-1] == geometry.conv_output_size(12, 3, 2, exact=False)


def test_window_count_is_the_undilated_rule_with_its_messages():
    """cnnlib.layers' rule: conv_output_size's value or message for every undilated setting, and no dilation."""
    import inspect
    import itertools

    from cnnlib.geometry import conv_output_size, window_count

    def outcome(fn, *args):
        try:
            return fn(*args)
        except ValueError as exc:
            return str(exc)

    settings = [*itertools.product(range(1, 10), range(1, 5), range(1, 4), range(3)), (0, 3, 1, 0), (5, 3, 0, 0),
                (5, 3, 1, -1), (5.5, 3, 1, 0), (True, 3, 1, 0)]
    assert all(outcome(window_count, *s) == outcome(conv_output_size, *s) for s in settings)
    assert window_count(227, 11, 4) == 55 and "dilation" not in inspect.signature(window_count).parameters
