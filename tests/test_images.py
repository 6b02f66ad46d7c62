"""cnnlib.images: shipped photos, the worked 5x5 example, and the scaffolding filter."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cnnlib import images


def test_grace_hopper_ships_with_matplotlib_as_float_rgb():
    photo = images.load_photo("grace_hopper")
    assert photo.shape == (600, 512, 3)
    assert photo.dtype == np.float64
    assert 0.0 <= photo.min() and photo.max() <= 1.0
    assert photo.max() > 0.9 and photo.min() < 0.1  # a real photo, not blank
    assert "grace_hopper" in images.photo_names()


def test_downscale_averages_blocks_and_gray_uses_bt601_weights():
    full = images.load_photo("grace_hopper")
    small = images.load_photo("grace_hopper", downscale=3)
    assert small.shape == (200, 170, 3)
    np.testing.assert_allclose(small[0, 0], full[:3, :3].mean(axis=(0, 1)))
    gray = images.load_photo("grace_hopper", downscale=3, gray=True)
    assert gray.shape == (200, 170)
    np.testing.assert_allclose(gray, small @ np.array([0.299, 0.587, 0.114]))


def test_downscale_drops_partial_blocks_and_rejects_bad_factors():
    x = np.arange(7 * 5, dtype=float).reshape(7, 5)
    out = images.downscale(x, 2)
    assert out.shape == (3, 2)
    assert out[0, 0] == np.mean([0, 1, 5, 6])
    for bad in (0, -1, 1.5):
        with pytest.raises(ValueError):
            images.downscale(x, bad)


def test_unknown_photo_names_the_choices():
    with pytest.raises(KeyError, match="grace_hopper"):
        images.load_photo("mona_lisa")


def test_binary_example_is_the_classic_feature_map():
    ex = images.binary_example()
    assert ex.image.shape == (5, 5) and set(np.unique(ex.image)) == {0.0, 1.0}
    np.testing.assert_array_equal(ex.kernel, [[1, 0, 1], [0, 1, 0], [1, 0, 1]])
    np.testing.assert_array_equal(ex.feature_map, [[4, 3, 4], [2, 4, 3], [2, 3, 4]])
    # computed by hand, window by window, as the notebook explains
    by_hand = np.array([[np.sum(ex.image[i:i + 3, j:j + 3] * ex.kernel) for j in range(3)]
                        for i in range(3)])
    np.testing.assert_array_equal(by_hand, ex.feature_map)
    ex.image[0, 0] = 9  # copies: changing one does not change the next
    assert images.binary_example().image[0, 0] == 1


def test_preset_kernels_are_the_catalogue_and_read_only():
    k = images.PRESET_KERNELS
    assert list(k) == ["identity", "edge_1", "edge_2", "edge_3", "sharpen", "box_blur",
                       "gaussian_blur", "sobel_x", "sobel_y"]
    np.testing.assert_array_equal(k["sobel_y"], k["sobel_x"].T)
    assert k["box_blur"].sum() == pytest.approx(1) and k["gaussian_blur"].sum() == pytest.approx(1)
    for name in ("edge_1", "edge_2", "edge_3", "sobel_x", "sobel_y"):
        assert k[name].sum() == 0
    with pytest.raises(ValueError):
        k["identity"][0, 0] = 1
    copies = images.preset_kernels({"mine": np.ones((3, 3))})
    copies["identity"][0, 0] = 5
    assert images.PRESET_KERNELS["identity"][0, 0] == 0 and "mine" in copies


@pytest.mark.parametrize("shape,kshape,padding,pad", [
    ((9, 7), (3, 3), "valid", (0, 0)),
    ((9, 7), (3, 5), "same", (1, 2)),
    ((6, 8), (2, 3), "full", (1, 2)),
    ((6, 8), (3, 2), 2, (2, 2)),
])
def test_filter_image_matches_torch_cross_correlation(shape, kshape, padding, pad):
    rng = np.random.default_rng(0)
    x, k = rng.normal(size=shape), rng.normal(size=kshape)
    ref = torch.nn.functional.conv2d(torch.from_numpy(x)[None, None],
                                     torch.from_numpy(k)[None, None], padding=pad)[0, 0].numpy()
    np.testing.assert_allclose(images.filter_image(x, k, padding), ref, rtol=1e-12, atol=1e-12)


def test_filter_image_filters_colour_channel_by_channel_and_keeps_size():
    rgb = np.random.default_rng(1).random((10, 12, 3))
    out = images.filter_image(rgb, images.PRESET_KERNELS["gaussian_blur"])
    assert out.shape == rgb.shape
    np.testing.assert_allclose(out[..., 1], images.filter_image(rgb[..., 1],
                                                               images.PRESET_KERNELS["gaussian_blur"]))
    np.testing.assert_allclose(images.filter_image(rgb, images.PRESET_KERNELS["identity"]), rgb)


def test_filter_image_rejects_bad_padding():
    x = np.zeros((5, 5))
    for padding, match in (("same", "odd"), ("half", "valid"), (-1, "non-negative")):
        with pytest.raises(ValueError, match=match):
            images.filter_image(x, np.ones((2, 2)) if padding == "same" else np.ones((3, 3)),
                                padding)


def test_impulse_reveals_the_flip_and_shapes_image_has_edges():
    k = np.arange(9.0).reshape(3, 3)
    out = images.filter_image(images.impulse((5, 5)), k)
    np.testing.assert_array_equal(out[1:4, 1:4], k[::-1, ::-1])  # cross-correlation flips
    s = images.shapes_image(40, 60)
    assert s.shape == (40, 60) and 0 <= s.min() and s.max() <= 1 and len(np.unique(s)) >= 3
