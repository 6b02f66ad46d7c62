"""cnnlib.features: Gabor filters, gratings, orientation tuning, activations and top patches."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from cnnlib import features  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_gabor_kernel_matches_the_formula_at_a_point():
    size, theta, lam, phase, sigma, gamma = 7, 0.3, 4.0, 0.5, 2.0, 0.6
    g = features.gabor_kernel(size, theta, lam, phase=phase, sigma=sigma, gamma=gamma)
    assert g.shape == (7, 7) and g.dtype == np.float64
    row, col = 1, 5                       # y = 1 - 3 = -2 (rows), x = 5 - 3 = 2 (columns)
    x, y = 2.0, -2.0
    xr = x * math.cos(theta) + y * math.sin(theta)
    yr = -x * math.sin(theta) + y * math.cos(theta)
    want = math.exp(-(xr ** 2 + gamma ** 2 * yr ** 2) / (2 * sigma ** 2)) * math.cos(2 * math.pi * xr / lam + phase)
    assert g[row, col] == pytest.approx(want, rel=1e-12)


def test_gabor_theta_zero_gives_vertical_stripes():
    g = features.gabor_kernel(9, 0.0, 4.0, gamma=0.0)   # no envelope along the stripes
    np.testing.assert_allclose(g, np.repeat(g[:1], 9, axis=0))          # every row the same
    assert not np.allclose(g[:, 0], g[:, 4])                            # columns differ
    turned = features.gabor_kernel(9, math.pi / 2, 4.0, gamma=0.0)
    np.testing.assert_allclose(turned, g.T, atol=1e-12)


@pytest.mark.parametrize("bad", [{"wavelength": 0.0}, {"wavelength": 3.0, "sigma": -1.0}])
def test_gabor_kernel_rejects_bad_parameters(bad):
    with pytest.raises(ValueError):
        features.gabor_kernel(5, 0.0, bad["wavelength"], sigma=bad.get("sigma"))
    with pytest.raises(ValueError):
        features.gabor_kernel(0, 0.0, 3.0)


def test_gabor_bank_is_normalised_and_described():
    bank, params = features.gabor_bank(5, orientations=4, wavelengths=(3.0, 6.0), phases=(0.0, math.pi / 2))
    assert bank.shape == (len(params), 5, 5) and len(params) <= 4 * 2 * 2
    np.testing.assert_allclose(bank.reshape(len(bank), -1).mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(bank.reshape(len(bank), -1), axis=1), 1.0)
    assert {p["theta"] for p in params} == {0.0, math.pi / 4, math.pi / 2, 3 * math.pi / 4}


def test_match_gabor_finds_a_scaled_shifted_member_of_the_bank():
    bank, _ = features.gabor_bank(5)
    picks = [3, 17, 40]
    filters = torch.from_numpy(np.stack([2.5 * bank[k] + 0.7 for k in picks]))   # scale and offset
    idx, sim = features.match_gabor(filters, bank)
    assert list(idx) == picks
    np.testing.assert_allclose(sim, 1.0)
    _, sim_noise = features.match_gabor(np.random.default_rng(0).normal(size=(50, 5, 5)), bank)
    assert sim_noise.max() < 0.99
    with pytest.raises(ValueError):
        features.match_gabor(np.zeros((2, 3, 3)), bank)


def test_orientation_tuning_peaks_at_the_filters_orientation():
    thetas = np.linspace(0, np.pi, 13)[:-1]                    # 0, 15, ..., 165 degrees
    filters = np.stack([features.gabor_kernel(9, t, 4.0) for t in (0.0, np.pi / 3)])
    tuning = features.orientation_tuning(filters, thetas, wavelength=4.0)
    assert tuning.shape == (2, 12)
    assert tuning[0].argmax() == 0 and tuning[1].argmax() == 4
    assert tuning[0, 6] < 0.1 * tuning[0, 0]                     # at right angles: almost nothing
    assert np.all(tuning >= 0)


def test_orientation_tuning_is_the_best_rectified_grating_response():
    rng = np.random.default_rng(1)
    f = rng.normal(size=(1, 5, 5))
    theta = 0.4
    want = max(0.0, max(float(np.sum(f[0] * features.grating(5, theta, 3.0, 2 * math.pi * p / 6))) for p in range(6)))
    got = features.orientation_tuning(f, [theta], wavelength=3.0, phases=6)
    assert got[0, 0] == pytest.approx(want)


def _net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Dropout(0.5), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))


def test_layer_activations_records_outputs_and_cleans_up():
    net = _net().train()
    x = torch.rand(2, 1, 6, 6)
    acts = features.layer_activations(net, x, ["0", "1"])
    assert list(acts) == ["0", "1"]
    torch.testing.assert_close(acts["0"], net[0](x))
    torch.testing.assert_close(acts["1"], torch.relu(net[0](x)))
    assert not acts["1"].requires_grad
    assert net.training                                            # mode restored
    assert all(not m._forward_hooks for m in net.modules())         # hooks removed
    with pytest.raises(KeyError, match="conv9"):
        features.layer_activations(net, x, ["conv9"])


def test_patch_box_and_crop_patch_follow_the_field():
    assert features.patch_box(1, 2, (5, 1, 2.0)) == (1, 2, 5)            # LeNet conv1
    assert features.patch_box(2, 3, (16, 4, 7.5)) == (8, 12, 16)          # LeNet pool2
    assert features.patch_box(0, 0, (3, 1, 0.0)) == (-1, -1, 3)           # same padding: starts outside
    with pytest.raises(ValueError):
        features.patch_box(0, 0, (4, 1, 0.0))                             # even size, whole centre
    img = np.arange(2 * 4 * 5, dtype=np.float64).reshape(2, 4, 5)
    np.testing.assert_array_equal(features.crop_patch(img, 1, 2, 2), img[:, 1:3, 2:4])
    edge = features.crop_patch(img, -1, 3, 3)
    np.testing.assert_array_equal(edge[:, 0], 0.0)                        # above the image
    np.testing.assert_array_equal(edge[:, :, 2], 0.0)                     # right of the image
    np.testing.assert_array_equal(edge[:, 1:, :2], img[:, 0:2, 3:5])


def test_top_patches_picks_the_strongest_images_and_their_windows():
    n, size = 5, 8
    images = np.zeros((n, 1, size, size))
    acts = np.zeros((n, 2, 6, 6))                  # a 3x3 valid convolution: rf (3, 1, 1.0)
    strengths = [0.5, 3.0, 1.0, 2.0, 0.1]
    spots = [(0, 0), (4, 1), (2, 5), (3, 3), (1, 2)]
    for k, (s, (i, j)) in enumerate(zip(strengths, spots, strict=True)):
        acts[k, 1, i, j] = s
        images[k, 0, i:i + 3, j:j + 3] = k + 1     # the field of unit (i, j)
    patches, values, where = features.top_patches(images, acts, 1, (3, 1, 1.0), k=3)
    assert patches.shape == (3, 1, 3, 3)
    np.testing.assert_array_equal(values, [3.0, 2.0, 1.0])
    np.testing.assert_array_equal(where, [[1, 4, 1], [3, 3, 3], [2, 2, 5]])
    for p, (img, _, _) in zip(patches, where, strict=True):
        np.testing.assert_array_equal(p, img + 1)                        # exactly the marked field
    with pytest.raises(ValueError):
        features.top_patches(images, acts, 2, (3, 1, 1.0))
    with pytest.raises(ValueError):
        features.top_patches(images[:4], acts, 0, (3, 1, 1.0))


def test_plots_draw_one_line_per_network_and_one_panel_per_patch():
    fig = features.plot_receptive_field_growth({"a": [(3, 1, 0), (5, 1, 0)], "b": [(5, 1, 2), (6, 2, 2.5)]},
                                               {"a": ["c1", "c2"]})
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [5, 6])
    fig = features.show_top_patches({"u0": np.ones((3, 1, 5, 5)), "u1": np.ones((2, 7, 7))}, suptitle="t")
    assert len(fig.axes) == 6
    assert sum(1 for a in fig.axes if a.get_images()) == 5
