"""cnnlib.layers against PyTorch in float64, forward and backward.

Every layer runs on non-square inputs with batches larger than one; the
convolution with pad 0 and pad > 0, stride 1 and > 1 and rectangular kernels;
pooling with windows that overlap (stride smaller than the window). Max-pool
ties are built explicitly and checked against the course's rule (the first
maximum in row-major order of the window) directly, not against torch, whose
choice among equal values is not part of its contract. Reference bounds
follow the course design (CONTRIBUTING.md): 1e-7 relative for forward values, 1e-6 for gradients.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnlib import layers
from cnnlib.checks import rel_error

FWD, GRAD = 1e-7, 1e-6


@pytest.fixture(autouse=True)
def _no_numpy_warnings():
    """Overflow, underflow to 0/0 or an invalid value anywhere fails the test."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        yield


def _t(a: np.ndarray, grad: bool = True) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def _close(actual, expected, bound: float, what: str) -> None:
    expected = expected.detach().numpy() if isinstance(expected, torch.Tensor) else expected
    actual = np.asarray(actual)
    assert actual.shape == np.shape(expected), f"{what}: shape {actual.shape} != {np.shape(expected)}"
    err = rel_error(actual, expected)
    assert err <= bound, f"{what}: relative error {err:.2e} > {bound:.0e}"


def _distinct(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Values at least 0.1 apart (no ties), in random order."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.1 - n * 0.05).reshape(shape).astype(np.float64)


# ---------------------------------------------------------------- output size

@pytest.mark.parametrize(("W", "F", "S", "P", "expected"), [
    (227, 11, 4, 0, 55), (32, 5, 1, 0, 28), (5, 3, 1, 1, 5), (7, 3, 2, 0, 3), (1, 1, 1, 0, 1),
])
def test_output_size(W, F, S, P, expected):
    assert layers.output_size(W, F, S, P) == expected


@pytest.mark.parametrize(("W", "F", "S", "P"), [
    (6, 3, 2, 0), (224, 11, 4, 0), (2, 5, 1, 0), (5, 3, 0, 0), (5, 3, 1, -1), (5, 0, 1, 0),
])
def test_output_size_invalid_names_every_hyperparameter(W, F, S, P):
    with pytest.raises(ValueError) as info:
        layers.output_size(W, F, S, P)
    for part in (f"W={W}", f"F={F}", f"S={S}", f"P={P}"):
        assert part in str(info.value)


# ---------------------------------------------------------------- convolution

CONV_CASES = [
    # N, C, H, W, K, FH, FW, stride, pad
    (2, 3, 5, 7, 4, 3, 3, 1, 0),
    (3, 2, 7, 5, 3, 3, 3, 2, 1),   # overlapping windows (F > S), pad > 0
    (2, 3, 6, 8, 2, 2, 4, 2, 0),   # rectangular kernel, stride 2, no overlap
    (1, 1, 4, 6, 2, 3, 1, 1, 2),   # pad larger than half the kernel
    (2, 2, 10, 7, 3, 3, 3, 3, 1),  # stride 3
    (4, 1, 3, 3, 1, 3, 3, 1, 0),   # output 1 x 1
]


@pytest.mark.parametrize(("N", "C", "H", "W", "K", "FH", "FW", "S", "P"), CONV_CASES)
def test_conv_forward_and_backward_match_torch(N, C, H, W, K, FH, FW, S, P):
    rng = np.random.default_rng(N * 1000 + H * 10 + W)
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((K, C, FH, FW))
    b = rng.standard_normal(K)
    out = layers.conv_forward(x, w, b, stride=S, pad=P)
    xt, wt, bt = _t(x), _t(w), _t(b)
    ref = F.conv2d(xt, wt, bt, stride=S, padding=P)
    _close(out, ref, FWD, "conv_forward")

    dout = rng.standard_normal(out.shape)
    ref.backward(torch.tensor(dout))
    dx, dw, db = layers.conv_backward(dout, x, w, b, stride=S, pad=P)
    _close(dx, xt.grad, GRAD, "conv_backward dx")
    _close(dw, wt.grad, GRAD, "conv_backward dw")
    _close(db, bt.grad, GRAD, "conv_backward db")



@pytest.mark.parametrize("chunk_bytes", [1, 7000])
def test_conv_taken_in_chunks_of_the_batch_matches_torch(monkeypatch, chunk_bytes):
    """The batch split into chunks (one image, or a few with a smaller last chunk) gives torch's values."""
    monkeypatch.setattr(layers, "_CHUNK_BYTES", chunk_bytes)
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal((5, 2, 7, 9)), rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3)
    assert len(layers._chunks(5, 2 * 9 * 4 * 5 * 8)) == (5 if chunk_bytes == 1 else 3)
    xt, wt, bt = _t(x), _t(w), _t(b)
    ref = F.conv2d(xt, wt, bt, stride=2, padding=1)
    _close(layers.conv_forward(x, w, b, stride=2, pad=1), ref, FWD, "conv_forward in chunks")
    dout = rng.standard_normal(tuple(ref.shape))
    ref.backward(torch.tensor(dout))
    for got, want, name in zip(layers.conv_backward(dout, x, w, b, stride=2, pad=1), (xt.grad, wt.grad, bt.grad),
                               ("dx", "dw", "db"), strict=True):
        _close(got, want, GRAD, f"conv_backward {name} in chunks")

def test_conv_is_cross_correlation_not_convolution():
    x = np.arange(9, dtype=np.float64).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    out = layers.conv_forward(x, w, np.zeros(1))
    # top-left window [[0, 1], [3, 4]] times w, elementwise: 0 + 2 + 9 + 16
    assert out[0, 0, 0, 0] == 27.0


@pytest.mark.parametrize(("H", "W", "F", "S", "P"), [(6, 6, 3, 2, 0), (5, 8, 3, 2, 1), (4, 4, 5, 1, 0)])
def test_conv_forward_rejects_sizes_that_do_not_fit(H, W, F, S, P):
    x = np.zeros((1, 1, H, W))
    w = np.zeros((1, 1, F, F))
    with pytest.raises(ValueError) as info:
        layers.conv_forward(x, w, np.zeros(1), stride=S, pad=P)
    msg = str(info.value)
    assert all(f"{k}=" in msg for k in "WFSP"), msg
    assert f"F={F}" in msg and f"S={S}" in msg and f"P={P}" in msg


def test_conv_forward_rejects_channel_mismatch():
    with pytest.raises(ValueError, match="channels"):
        layers.conv_forward(np.zeros((1, 3, 4, 4)), np.zeros((2, 2, 3, 3)), np.zeros(2))


# ---------------------------------------------------------------- ReLU

def test_relu_forward_and_backward_match_torch_including_exact_zeros():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 2, 4, 5))
    x[0, 0, 0, :3] = 0.0  # the kink: torch (and the course) give gradient 0 there
    xt = _t(x)
    ref = torch.relu(xt)
    _close(layers.relu_forward(x), ref, FWD, "relu_forward")
    dout = rng.standard_normal(x.shape)
    ref.backward(torch.tensor(dout))
    dx = layers.relu_backward(dout, x)
    _close(dx, xt.grad, GRAD, "relu_backward")
    assert np.all(dx[0, 0, 0, :3] == 0.0)


# ---------------------------------------------------------------- pooling

POOL_CASES = [
    # N, C, H, W, size, stride
    (2, 3, 4, 6, 2, 2),
    (3, 2, 7, 5, 3, 2),   # overlapping: stride < size
    (2, 1, 5, 8, 2, 1),   # overlapping, stride 1
    (1, 2, 9, 6, 3, 3),
    (2, 2, 3, 7, 3, 1),
]


@pytest.mark.parametrize(("N", "C", "H", "W", "size", "stride"), POOL_CASES)
def test_max_pool_matches_torch_on_distinct_values(N, C, H, W, size, stride):
    rng = np.random.default_rng(H * 10 + W)
    x = _distinct(rng, (N, C, H, W))
    xt = _t(x)
    ref = F.max_pool2d(xt, size, stride)
    out = layers.max_pool_forward(x, size, stride)
    _close(out, ref, FWD, "max_pool_forward")
    dout = rng.standard_normal(out.shape)
    ref.backward(torch.tensor(dout))
    _close(layers.max_pool_backward(dout, x, size, stride), xt.grad, GRAD, "max_pool_backward")


@pytest.mark.parametrize(("N", "C", "H", "W", "size", "stride"), POOL_CASES)
def test_avg_pool_matches_torch(N, C, H, W, size, stride):
    rng = np.random.default_rng(H * 10 + W + 1)
    x = rng.standard_normal((N, C, H, W))
    xt = _t(x)
    ref = F.avg_pool2d(xt, size, stride)
    out = layers.avg_pool_forward(x, size, stride)
    _close(out, ref, FWD, "avg_pool_forward")
    dout = rng.standard_normal(out.shape)
    ref.backward(torch.tensor(dout))
    _close(layers.avg_pool_backward(dout, x, size, stride), xt.grad, GRAD, "avg_pool_backward")


def test_max_pool_ties_go_to_the_first_maximum_in_row_major_order():
    x = np.array([[[[5.0, 5.0, 1.0, 2.0],
                    [5.0, 5.0, 2.0, 2.0],
                    [0.0, 3.0, 7.0, 0.0],
                    [3.0, 1.0, 0.0, 7.0]]]])
    dout = np.array([[[[10.0, 20.0], [30.0, 40.0]]]])
    dx = layers.max_pool_backward(dout, x, 2, 2)
    expected = np.zeros_like(x)
    expected[0, 0, 0, 0] = 10.0   # four equal 5s: the top-left one
    expected[0, 0, 0, 3] = 20.0   # three equal 2s at (0,3), (1,2), (1,3): row 0 comes first
    expected[0, 0, 2, 1] = 30.0   # 3 at (2,1) and (3,0): row 2 comes first
    expected[0, 0, 2, 2] = 40.0   # 7 on the diagonal: (2,2) before (3,3)
    np.testing.assert_array_equal(dx, expected)
    np.testing.assert_array_equal(layers.max_pool_forward(x), [[[[5.0, 2.0], [3.0, 7.0]]]])


def test_max_pool_ties_with_overlapping_windows_accumulate_on_the_first_maximum():
    # size 2, stride 1 on a constant 3x4 map: every window's first element is its
    # top-left corner, so each output sends its gradient to a different input.
    x = np.ones((1, 1, 3, 4))
    dout = np.arange(1.0, 7.0).reshape(1, 1, 2, 3)
    dx = layers.max_pool_backward(dout, x, 2, 1)
    expected = np.zeros_like(x)
    expected[0, 0, :2, :3] = dout[0, 0]
    np.testing.assert_array_equal(dx, expected)

    # One shared maximum in the middle of overlapping windows collects every share.
    x = np.zeros((2, 1, 3, 3))
    x[:, 0, 1, 1] = 9.0
    dout = np.full((2, 1, 2, 2), 0.5)
    dx = layers.max_pool_backward(dout, x, 2, 1)
    expected = np.zeros_like(x)
    expected[:, 0, 1, 1] = 2.0
    np.testing.assert_array_equal(dx, expected)


def test_max_pool_ties_rule_on_random_small_integers():
    """Brute force: each window's gradient lands on np.argmax of its row-major flattening."""
    rng = np.random.default_rng(7)
    x = rng.integers(0, 3, size=(2, 3, 7, 5)).astype(np.float64)  # many ties
    size, stride = 3, 2
    out = layers.max_pool_forward(x, size, stride)
    dout = rng.standard_normal(out.shape)
    expected = np.zeros_like(x)
    for n, c, i, j in np.ndindex(*out.shape):
        window = x[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
        p, q = divmod(int(np.argmax(window)), size)
        expected[n, c, i * stride + p, j * stride + q] += dout[n, c, i, j]
        assert out[n, c, i, j] == window.max()
    np.testing.assert_allclose(layers.max_pool_backward(dout, x, size, stride), expected,
                               rtol=0, atol=1e-15)


@pytest.mark.parametrize("fn", [layers.max_pool_forward, layers.avg_pool_forward])
@pytest.mark.parametrize(("H", "W", "size", "stride"), [(5, 4, 2, 2), (4, 6, 3, 2), (2, 2, 3, 1)])
def test_pool_rejects_sizes_that_do_not_fit(fn, H, W, size, stride):
    with pytest.raises(ValueError) as info:
        fn(np.zeros((1, 1, H, W)), size, stride)
    msg = str(info.value)
    assert f"F={size}" in msg and f"S={stride}" in msg and "W=" in msg and "P=0" in msg


# ---------------------------------------------------------------- fully connected

@pytest.mark.parametrize("shape", [(3, 5), (2, 3, 4), (4, 2, 3, 5), (1, 2, 2, 3, 2)])
def test_flatten_is_row_major_like_torch(shape):
    x = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    np.testing.assert_array_equal(layers.flatten(x), torch.flatten(torch.tensor(x), 1).numpy())


@pytest.mark.parametrize(("x_shape", "M"), [((4, 6), 3), ((3, 2, 3, 4), 5), ((1, 3, 5), 2)])
def test_affine_forward_and_backward_match_torch(x_shape, M):
    rng = np.random.default_rng(len(x_shape) * 10 + M)
    x = rng.standard_normal(x_shape)
    D = int(np.prod(x_shape[1:]))
    w = rng.standard_normal((D, M))
    b = rng.standard_normal(M)
    xt, wt, bt = _t(x), _t(w), _t(b)
    ref = torch.flatten(xt, 1) @ wt + bt
    out = layers.affine_forward(x, w, b)
    _close(out, ref, FWD, "affine_forward")
    dout = rng.standard_normal(out.shape)
    ref.backward(torch.tensor(dout))
    dx, dw, db = layers.affine_backward(dout, x, w, b)
    _close(dx, xt.grad, GRAD, "affine_backward dx")
    _close(dw, wt.grad, GRAD, "affine_backward dw")
    _close(db, bt.grad, GRAD, "affine_backward db")


# ---------------------------------------------------------------- softmax and loss

SCORES = [
    np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]),
    np.array([[1000.0, 1001.0, 1002.0, 990.0], [-1000.0, -999.0, -1002.0, -1000.0],
              [1000.0, 0.0, -1000.0, 5.0]]),
    np.random.default_rng(3).standard_normal((5, 7)) * 10,
]


@pytest.mark.parametrize("scores", SCORES)
def test_softmax_matches_torch_and_stays_finite_for_scores_of_1000(scores):
    probs = layers.softmax(scores)
    _close(probs, torch.softmax(torch.tensor(scores), dim=1), FWD, "softmax")
    assert np.all(np.isfinite(probs))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@pytest.mark.parametrize("scores", SCORES)
def test_cross_entropy_loss_and_backward_match_torch(scores):
    N, C = scores.shape
    y = np.arange(N) % C
    y[-1] = C - 1  # with the 1000-row case, a class whose probability underflows to 0
    st = _t(scores)
    ref = F.cross_entropy(st, torch.tensor(y))
    loss = layers.cross_entropy_loss(scores, y)
    assert isinstance(loss, float)
    _close(np.array(loss), ref, FWD, "cross_entropy_loss")
    ref.backward()
    _close(layers.cross_entropy_backward(scores, y), st.grad, GRAD, "cross_entropy_backward")


def test_cross_entropy_loss_of_1000_is_exact():
    # -log softmax([1000, 0, -1000])[2] = 2000 + log(1 + e^-1000 + e^-2000) = 2000
    assert layers.cross_entropy_loss(np.array([[1000.0, 0.0, -1000.0]]), np.array([2])) == 2000.0


# ---------------------------------------------------------------- general

def test_functions_do_not_modify_their_inputs():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((2, 3, 6, 4))
    w = rng.standard_normal((2, 3, 3, 3))
    b = rng.standard_normal(2)
    dout_conv = rng.standard_normal((2, 2, 3, 2))
    dout_pool = rng.standard_normal((2, 3, 3, 2))
    scores = rng.standard_normal((4, 5))
    y = np.array([0, 4, 2, 1])
    saved = [a.copy() for a in (x, w, b, dout_conv, dout_pool, scores, y)]
    layers.conv_backward(dout_conv, x, w, b, stride=2, pad=1)
    layers.relu_backward(dout_pool, x[:, :, ::2, ::2])
    layers.max_pool_backward(dout_pool, x)
    layers.avg_pool_backward(dout_pool, x)
    layers.affine_backward(scores, x.reshape(4, -1)[:, :3], rng.standard_normal((3, 5)), y * 1.0)
    layers.softmax(scores)
    layers.cross_entropy_loss(scores, y)
    layers.cross_entropy_backward(scores, y)
    for before, after in zip(saved, (x, w, b, dout_conv, dout_pool, scores, y), strict=True):
        np.testing.assert_array_equal(before, after)


def test_float32_stays_float32():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 6, 4)).astype(np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    b = np.zeros(4, np.float32)
    out = layers.conv_forward(x, w, b, stride=1, pad=1)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layers.conv_backward(out, x, w, b, 1, 1))
    assert layers.max_pool_forward(x).dtype == np.float32
    assert layers.max_pool_backward(layers.max_pool_forward(x), x).dtype == np.float32
    assert layers.relu_forward(x).dtype == np.float32
    scores = layers.affine_forward(x, rng.standard_normal((72, 5)).astype(np.float32),
                                   np.zeros(5, np.float32))
    assert scores.dtype == np.float32
    assert layers.softmax(scores).dtype == np.float32


@pytest.mark.parametrize("stem", ["02_conv_layer", "05_backprop"])
def test_borrowing_the_im2col_helper_is_flagged_where_convolution_is_an_exercise(stem):
    """layers._im2col plus one matrix product is a whole conv_forward_fast: the grader's scan flags it."""
    from grader.integrity import references
    from grader.integrity import scan as integrity
    from grader.integrity.borrowed import borrowed

    code = ("from cnnlib import layers\n"
            "def conv_forward_fast(x, w, b, stride=1, pad=0):\n"
            "    return layers._im2col(layers._pad(x, pad), 3, 3, stride, 4, 4)\n")
    flags, _ = borrowed([("cell 9", code)], integrity.aliases([code]), references.reference_answers(stem))
    assert any("cnnlib.layers._im2col" in f for f in flags), flags
