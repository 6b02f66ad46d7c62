"""Convolution geometry: how many places a window lands along one axis.

    >>> from cnnlib.geometry import conv_output_size
    >>> conv_output_size(227, 11, stride=4)            # AlexNet's conv1: 55
    55
    >>> conv_output_size(7, 3, stride=2, padding=1)    # 4
    4
    >>> conv_output_size(6, 3, stride=2)               # the window does not tile 6 columns
    Traceback (most recent call last):
    ValueError: invalid hyperparameters W=6, F=3, S=2, P=0: (W - F + 2P) / S + 1 = 2.5 is not a whole positive number
    >>> conv_output_size(6, 3, stride=2, exact=False)  # PyTorch's rule: floor, the last column unused
    2

The rule (CS231n, "Convolutional Neural Networks", https://cs231n.github.io/convolutional-networks/;
Dumoulin and Visin, "A guide to convolution arithmetic for deep learning", arXiv:1603.07285, 2016,
relationship 15): a window of F taps, spread D apart (dilation, so it spans D(F - 1) + 1 inputs),
moved by a stride S over an input of W padded by P zeros on each side, lands

    floor((W + 2P - D(F - 1) - 1) / S) + 1

times. The course calls settings where the division is not exact invalid, as CS231n does, and
its functions refuse them (``exact=True``); PyTorch's nn.Conv2d and nn.MaxPool2d floor instead
(``exact=False``, their documented output shape). The course's notation (W, F, S, P, D) names
the input width (or height) W, the filter size F, the stride S, the padding P, the dilation D.

This is the one place in cnnlib that computes it: cnnlib.sliding_window, cnnlib.viz,
cnnlib.conv_widgets and cnnlib.models call conv_output_size; cnnlib.layers calls window_count,
the undilated rule (see there why). The exercises that ask a learner to
write it (notebook 02's conv_output_size, 12's conv_output_size_dilated) stay the learner's own.
"""

from __future__ import annotations

__all__ = ["conv_output_size", "effective_size", "window_count"]


def _whole(value, least: int) -> bool:
    return not isinstance(value, bool) and int(value) == value and value >= least


def effective_size(F: int, D: int = 1) -> int:
    """The inputs a window of F taps spaced D apart spans: D(F - 1) + 1 (F itself for D = 1)."""
    return D * (F - 1) + 1


def window_count(W: int, F: int, stride: int = 1, padding: int = 0) -> int:
    """(W - F + 2P) / S + 1 for an undilated window, exactly: an int >= 1; conv_output_size's messages.

    cnnlib.layers sizes its outputs with this, not with conv_output_size: a notebook whose exercise
    is the dilated rule (12's conv_output_size_dilated) can then run the course's layers while
    conv_output_size, its answer, is a stub in the graded kernel (grader's clean room). It takes no
    dilation on purpose. Raises ValueError as conv_output_size(W, F, S, P) does.
    """
    setting = f"W={W}, F={F}, S={stride}, P={padding}"
    for name, value, least in (("W", W, 1), ("F", F, 1), ("S", stride, 1), ("P", padding, 0)):
        if not _whole(value, least):
            raise ValueError(f"invalid hyperparameters {setting}: {name} must be a whole number >= {least}")
    span = int(W) + 2 * int(padding) - int(F)
    if span < 0:
        raise ValueError(f"invalid hyperparameters {setting}: the filter (F={F}) is wider than the padded input "
                         f"(W + 2P = {int(W) + 2 * int(padding)}), so it fits nowhere")
    if span % int(stride):
        raise ValueError(f"invalid hyperparameters {setting}: (W - F + 2P) / S + 1 = {span / int(stride) + 1:g} "
                         "is not a whole positive number")
    return span // int(stride) + 1


def conv_output_size(W: int, F: int, stride: int = 1, padding: int = 0, dilation: int = 1, *,
                     exact: bool = True) -> int:
    """How many places a window of F taps lands along an input of W: an int >= 1.

    W: input width (or height), >= 1; F: filter (window) size, >= 1; stride S >= 1; padding P
    >= 0 zeros on each side; dilation D >= 1. Returns floor((W + 2P - D(F - 1) - 1) / S) + 1
    (see the module for sources).

    Raises ValueError, naming W, F, S and P (and D when it is not 1), when an argument is not
    a whole number in its range, when the window (D(F - 1) + 1 inputs) is wider than the padded
    input W + 2P, and, with ``exact`` (the course's rule), when the window does not tile the
    padded input: (W + 2P - D(F - 1) - 1) / S is not whole. ``exact=False`` floors as PyTorch's
    nn.Conv2d and nn.MaxPool2d do (the last inputs the window cannot reach are left out).
    """
    setting = f"W={W}, F={F}, S={stride}, P={padding}" + (f", D={dilation}" if dilation != 1 else "")
    for name, value, least in (("W", W, 1), ("F", F, 1), ("S", stride, 1), ("P", padding, 0), ("D", dilation, 1)):
        if not _whole(value, least):
            raise ValueError(f"invalid hyperparameters {setting}: {name} must be a whole number >= {least}")
    W, F, S, P, D = int(W), int(F), int(stride), int(padding), int(dilation)
    span = W + 2 * P - effective_size(F, D)
    if span < 0:
        reach = f"the filter (F={F})" if D == 1 else f"the dilated filter (D(F - 1) + 1 = {effective_size(F, D)})"
        raise ValueError(f"invalid hyperparameters {setting}: {reach} is wider than the padded input "
                         f"(W + 2P = {W + 2 * P}), so it fits nowhere")
    if exact and span % S:
        formula = "(W - F + 2P) / S + 1" if D == 1 else "(W + 2P - D(F - 1) - 1) / S + 1"
        raise ValueError(f"invalid hyperparameters {setting}: {formula} = {span / S + 1:g} "
                         "is not a whole positive number")
    return span // S + 1
