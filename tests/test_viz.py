"""cnnlib.viz: panels, titles and colour limits, drawn with the Agg backend."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from cnnlib import images, viz  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _image_of(ax):
    (im,) = ax.get_images()
    return im


def test_color_limits_follow_the_course_conventions():
    assert viz.color_limits(np.array([[0.2, 0.7]])) == (0.0, 1.0)
    assert viz.color_limits(np.array([[-3.0, 1.0]])) == (-3.0, 3.0)
    assert viz.color_limits(np.array([[2.0, 5.0]])) == (2.0, 5.0)
    assert viz.color_limits(np.zeros((2, 2)), signed=True) == (-1.0, 1.0)
    x = np.zeros(1000)
    x[0] = -100.0
    x[1:100] = np.linspace(-1, 1, 99)
    lo, hi = viz.color_limits(x, robust=True)
    assert lo == -hi and hi < 100


def test_show_images_one_panel_per_image_with_titles_and_limits():
    gray = np.linspace(0, 1, 12).reshape(3, 4)
    signed = gray - 0.75
    rgb = np.random.default_rng(0).random((3, 4, 3)) * 1.5  # out of range: clipped
    fig = viz.show_images([gray, signed, rgb], ["gray", "signed", "rgb"], ncols=2)
    assert len(fig.axes) == 3  # the unused fourth cell of the 2x2 grid is removed
    assert [ax.get_title() for ax in fig.axes] == ["gray", "signed", "rgb"]
    g, s, c = (_image_of(ax) for ax in fig.axes)
    assert g.get_clim() == (0.0, 1.0) and g.get_cmap().name == "gray"
    assert s.get_clim() == (-0.75, 0.75) and s.get_cmap().name == viz.SIGNED_CMAP
    assert c.get_array().shape == (3, 4, 3) and c.get_array().max() <= 1.0


def test_show_images_takes_one_array_and_explicit_limits_and_checks_titles():
    fig = viz.show_images(np.ones((4, 5)), vmin=-2, vmax=2, colorbar=True)
    assert len(fig.axes) == 2  # the panel and its colour bar
    assert _image_of(fig.axes[0]).get_clim() == (-2.0, 2.0)
    with pytest.raises(ValueError, match="titles"):
        viz.show_images([np.ones((2, 2))] * 2, ["only one"])
    with pytest.raises(ValueError, match="H, W"):
        viz.show_images([np.ones((2, 2, 2, 2))])


def test_show_kernel_writes_every_number_with_symmetric_limits():
    k = images.PRESET_KERNELS["sobel_x"]
    ax = viz.show_kernel(k, title="sobel_x")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["-1", "0", "1", "-2", "0", "2", "-1", "0", "1"]
    assert _image_of(ax).get_clim() == (-2.0, 2.0)
    assert ax.get_title() == "sobel_x"
    blur = viz.show_kernel(images.PRESET_KERNELS["gaussian_blur"])
    assert [t.get_text() for t in blur.texts][:2] == ["1/16", "1/8"]


def test_format_number():
    assert viz.format_number(3.0) == "3"
    assert viz.format_number(1 / 9) == "1/9"
    assert viz.format_number(0.123456) == "0.12"
    assert viz.format_number(0.5, ".3f") == "0.500"


def test_show_matrix_highlight_and_mask():
    ax = viz.show_matrix(np.arange(6.0).reshape(2, 3), highlight=(0, 1, 2, 2),
                         mask=[[True, True, False], [True, False, False]])
    assert [t.get_text() for t in ax.texts] == ["0", "1", "3"]
    (rect,) = ax.patches
    assert (rect.get_x(), rect.get_y(), rect.get_width(), rect.get_height()) == (0.5, -0.5, 2, 2)


def test_show_kernels_from_a_mapping_uses_the_keys_as_titles():
    fig = viz.show_kernels(images.PRESET_KERNELS)
    assert len(fig.axes) == 9
    assert [ax.get_title() for ax in fig.axes] == list(images.PRESET_KERNELS)


def test_show_feature_maps_chw_and_batch_of_one():
    maps = np.random.default_rng(0).normal(size=(5, 6, 7))
    fig = viz.show_feature_maps(maps, ncols=3)
    assert len(fig.axes) == 5
    assert fig.axes[4].get_title() == "channel 4"
    lo, hi = _image_of(fig.axes[0]).get_clim()
    assert lo == -hi == -np.abs(maps[0]).max()
    fig = viz.show_feature_maps(np.abs(maps)[None], shared_scale=True)
    lims = {_image_of(ax).get_clim() for ax in fig.axes}
    assert lims == {(np.abs(maps).min(), np.abs(maps).max())}
    with pytest.raises(ValueError, match="C, H, W"):
        viz.show_feature_maps(np.ones((2, 2, 3, 3)))


def test_show_filters_rgb_gray_and_grid():
    rng = np.random.default_rng(0)
    fig = viz.show_filters(rng.normal(size=(10, 3, 5, 5)), ncols=4)
    assert len(fig.axes) == 10
    arr = _image_of(fig.axes[0]).get_array()
    assert arr.shape == (5, 5, 3) and arr.min() >= 0 and arr.max() <= 1
    fig = viz.show_filters(rng.normal(size=(6, 1, 5, 5)))
    assert len(fig.axes) == 6 and _image_of(fig.axes[0]).get_cmap().name == viz.SIGNED_CMAP
    fig = viz.show_filters(rng.normal(size=(4, 2, 3, 3)))
    assert len(fig.axes) == 8 and fig.axes[3].get_title() == "1, ch 1"


def test_show_kernel_gallery_pairs_each_kernel_with_its_result():
    img = images.shapes_image(20, 30)
    calls = []

    def convolve(image, kernel, padding=0):
        calls.append(padding)
        return images.filter_image(image, kernel, padding)

    fig = viz.show_kernel_gallery(img, images.PRESET_KERNELS, convolve, ncols=5)
    assert len(fig.axes) == 18 and calls == ["valid"] * 9
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == list(images.PRESET_KERNELS)
    # sobel_x's result is signed (diverging map); the blur's is a picture in [0, 1]
    at = {(ax.get_subplotspec().rowspan.start, ax.get_subplotspec().colspan.start): ax
          for ax in fig.axes}

    def result_of(name):  # the panel right below the kernel's
        (ax,) = [a for a in fig.axes if a.get_title() == name]
        spec = ax.get_subplotspec()
        return _image_of(at[spec.rowspan.start + 1, spec.colspan.start])

    sobel, blur = result_of("sobel_x"), result_of("box_blur")
    assert sobel.get_cmap().name == viz.SIGNED_CMAP and sobel.get_clim()[0] < 0
    assert blur.get_clim() == (0.0, 1.0) and sobel.get_array().shape == (18, 28)
