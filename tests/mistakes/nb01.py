"""Plausible wrong implementations for notebook 01 (images and kernels).

Each one replaces one solution cell; the listed test cells must lose points.
"""

from tests.mistakes import Mistake

NOTEBOOK = "01_images_and_kernels"

_GRAY = "to_grayscale"
_CONV = "convolve2d"
_KERN = "KERNELS"

# A correct convolve2d with a marked hook, specialised below into mistakes.
_CONVOLVE_TEMPLATE = '''
def convolve2d(image, kernel, stride=1, padding=0):
    x = np.asarray(image, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    FH, FW = k.shape
    if int(stride) != stride or stride < 1:
        raise ValueError(f"stride must be a positive integer, got S={stride}")
    if isinstance(padding, str):
        if padding == "valid":
            ph, pw = 0, 0
        elif padding == "same":
            if FH % 2 == 0 or FW % 2 == 0:
                raise ValueError("padding='same' needs odd kernel sizes")
            ph, pw = SAME
        elif padding == "full":
            ph, pw = FULL
        else:
            raise ValueError(f"unknown padding {padding!r}")
    else:
        if padding < 0:
            raise ValueError(f"padding must be >= 0, got P={padding}")
        ph = pw = int(padding)

    def output_size(w, f, p):
        span = w - f + 2 * p
        CHECK
        return span // stride + 1

    H_out = output_size(x.shape[0], FH, ph)
    W_out = output_size(x.shape[1], FW, pw)
    padded = PAD
    out = np.zeros((H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            r, c = i * STEP, j * STEP
            out[i, j] = np.sum(padded[r:r + FH, c:c + FW] * KERNEL)
    return RESULT
'''

_RIGHT = {
    "SAME": "(FH - 1) // 2, (FW - 1) // 2",
    "FULL": "FH - 1, FW - 1",
    "CHECK": ('if span < 0 or span % stride != 0:\n'
              '            raise ValueError(f"invalid hyperparameters W={w}, F={f}, '
              'S={stride}, P={p}")'),
    "PAD": "np.pad(x, ((ph, ph), (pw, pw)))",
    "STEP": "stride",
    "KERNEL": "k",
    "RESULT": "out",
}


def _convolve(**changes: str) -> str:
    src = _CONVOLVE_TEMPLATE
    for key, value in {**_RIGHT, **changes}.items():
        src = src.replace(key, value)
    return src


_KERNELS_RIGHT = {
    "identity": "[[0, 0, 0], [0, 1, 0], [0, 0, 0]]",
    "edge_1": "[[1, 0, -1], [0, 0, 0], [-1, 0, 1]]",
    "edge_2": "[[0, 1, 0], [1, -4, 1], [0, 1, 0]]",
    "edge_3": "[[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]",
    "sharpen": "[[0, -1, 0], [-1, 5, -1], [0, -1, 0]]",
    "box_blur": "np.ones((3, 3)) / 9",
    "gaussian_blur": "np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16",
    "sobel_x": "[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]",
    "sobel_y": "[[-1, -2, -1], [0, 0, 0], [1, 2, 1]]",
}


def _kernels(**changes: str) -> str:
    entries = {**_KERNELS_RIGHT, **changes}
    lines = ["KERNELS = {}"]
    lines += [f'KERNELS["{name}"] = np.array({value}, dtype=np.float64)'
              for name, value in entries.items() if value is not None]
    return "\n".join(lines) + "\n"


MISTAKES = [
    # -- to_grayscale ---------------------------------------------------------
    Mistake(cell=_GRAY, name="gray-mean-of-channels",
            loses=["test_to_grayscale_weights", "test_to_grayscale_shape"], source='''
def to_grayscale(rgb):
    return np.asarray(rgb, dtype=np.float64).mean(axis=2)
'''),
    Mistake(cell=_GRAY, name="gray-bgr-order",
            loses=["test_to_grayscale_weights", "test_to_grayscale_shape"], source='''
def to_grayscale(rgb):
    b, g, r = rgb[..., 0], rgb[..., 1], rgb[..., 2]     # OpenCV's channel order
    return 0.299 * r + 0.587 * g + 0.114 * b
'''),
    Mistake(cell=_GRAY, name="gray-keeps-channel-axis",
            loses=["test_to_grayscale_weights", "test_to_grayscale_shape"], source='''
def to_grayscale(rgb):
    return np.sum(rgb * np.array([0.299, 0.587, 0.114]), axis=2, keepdims=True)
'''),
    Mistake(cell=_GRAY, name="gray-rec709-weights",
            loses=["test_to_grayscale_weights", "test_to_grayscale_shape"], source='''
def to_grayscale(rgb):
    return rgb @ np.array([0.2126, 0.7152, 0.0722])
'''),
    # (rgb *= weights cannot run on a uint8 picture, which test_to_grayscale_weights holds: that cell may fail)
    Mistake(cell=_GRAY, name="gray-changes-its-input",
            loses=["test_to_grayscale_input_unchanged"],
            keeps=["test_to_grayscale_shape"], source='''
def to_grayscale(rgb):
    rgb *= np.array([0.299, 0.587, 0.114])
    return rgb.sum(axis=2)
'''),

    # -- convolve2d -------------------------------------------------------------
    Mistake(cell=_CONV, name="conv-flipped-kernel",
            loses=["test_convolve2d_basic", "test_convolve2d_stride", "test_convolve2d_padding"],
            source=_convolve(KERNEL="k[::-1, ::-1]")),
    Mistake(cell=_CONV, name="conv-transposed-output",
            loses=["test_convolve2d_basic", "test_convolve2d_stride", "test_convolve2d_padding"],
            source=_convolve(RESULT="out.T")),
    Mistake(cell=_CONV, name="conv-ignores-stride",
            loses=["test_convolve2d_stride"],
            source=_convolve(CHECK="stride = 1  # forgot the stride", STEP="1")),
    # the output has the strided size, but the window still moves one pixel at a time
    Mistake(cell=_CONV, name="conv-window-not-moved-by-stride",
            loses=["test_convolve2d_stride", "test_convolve2d_padding"],
            source=_convolve(STEP="1")),
    Mistake(cell=_CONV, name="conv-stride-rows-only",
            loses=["test_convolve2d_stride"], source='''
def convolve2d(image, kernel, stride=1, padding=0):
    if isinstance(padding, str):
        padding = {"valid": 0, "same": (kernel.shape[0] - 1) // 2, "full": kernel.shape[0] - 1}[padding]
    x = np.pad(np.asarray(image, dtype=np.float64), padding)
    FH, FW = kernel.shape
    H_out = (x.shape[0] - FH) // stride + 1
    W_out = x.shape[1] - FW + 1
    out = np.zeros((H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[i, j] = np.sum(x[i * stride:i * stride + FH, j:j + FW] * kernel)
    return out
'''),
    Mistake(cell=_CONV, name="conv-ignores-padding",
            loses=["test_convolve2d_padding"],
            source=_convolve(PAD="x", SAME="0, 0", FULL="0, 0",
                             CHECK=('p = 0\n        span = w - f\n'
                                    '        if span < 0 or span % stride != 0:\n'
                                    '            raise ValueError(f"invalid hyperparameters '
                                    'W={w}, F={f}, S={stride}, P={p}")'))),
    Mistake(cell=_CONV, name="conv-pads-with-edge-values",
            loses=["test_convolve2d_padding"],
            source=_convolve(PAD='np.pad(x, ((ph, ph), (pw, pw)), mode="edge")')),
    Mistake(cell=_CONV, name="conv-same-off-by-one",
            loses=["test_convolve2d_padding"],
            source=_convolve(SAME="(FH + 1) // 2, (FW + 1) // 2")),
    Mistake(cell=_CONV, name="conv-full-pads-like-same",
            loses=["test_convolve2d_padding"],
            source=_convolve(FULL="(FH - 1) // 2, (FW - 1) // 2")),
    Mistake(cell=_CONV, name="conv-square-kernel-assumed",
            loses=["test_convolve2d_basic", "test_convolve2d_stride", "test_convolve2d_padding"],
            source=_convolve(SAME="(FH - 1) // 2, (FH - 1) // 2", FULL="FH - 1, FH - 1").replace(
                "FH, FW = k.shape", "FH = FW = k.shape[0]")),
    Mistake(cell=_CONV, name="conv-flips-callers-kernel",   # flips in place, then flips back in the sum
            loses=["test_convolve2d_input_unchanged"],
            keeps=["test_convolve2d_basic", "test_convolve2d_stride", "test_convolve2d_padding",
                   "test_convolve2d_errors"],
            source=_convolve(KERNEL="k[::-1, ::-1]").replace(
                "FH, FW = k.shape", "k[...] = k[::-1, ::-1].copy()   # np.asarray did not copy\n    FH, FW = k.shape")),
    Mistake(cell=_CONV, name="conv-floors-like-pytorch",
            loses=["test_convolve2d_errors"],
            source=_convolve(CHECK="pass  # floor, like PyTorch")),
    Mistake(cell=_CONV, name="conv-error-without-numbers",
            loses=["test_convolve2d_errors"],
            source=_convolve(CHECK=('if span < 0 or span % stride != 0:\n'
                                    '            raise ValueError("invalid stride or padding")'))),
    Mistake(cell=_CONV, name="conv-names-the-wrong-axis",
            loses=["test_convolve2d_errors"],
            source=_convolve().replace(  # always reports the image's width as W
                'raise ValueError(f"invalid hyperparameters W={w}',
                'raise ValueError(f"invalid hyperparameters W={x.shape[1]}')),

    # -- KERNELS ----------------------------------------------------------------
    Mistake(cell=_KERN, name="kernels-sobel-swapped",
            loses=["test_KERNELS_sobel"],
            source=_kernels(sobel_x=_KERNELS_RIGHT["sobel_y"], sobel_y=_KERNELS_RIGHT["sobel_x"])),
    Mistake(cell=_KERN, name="kernels-sobel-sign-flipped",
            loses=["test_KERNELS_sobel"],
            source=_kernels(sobel_x="[[1, 0, -1], [2, 0, -2], [1, 0, -1]]",
                            sobel_y="[[1, 2, 1], [0, 0, 0], [-1, -2, -1]]")),
    Mistake(cell=_KERN, name="kernels-edge-2-sign-flipped",
            loses=["test_KERNELS_edges"],
            source=_kernels(edge_2="[[0, -1, 0], [-1, 4, -1], [0, -1, 0]]")),
    Mistake(cell=_KERN, name="kernels-edge-1-transcribed-wrong",
            loses=["test_KERNELS_edges"],
            source=_kernels(edge_1="[[1, 0, -1], [0, 0, 0], [1, 0, -1]]")),
    Mistake(cell=_KERN, name="kernels-box-blur-not-normalised",
            loses=["test_KERNELS_smoothing"],
            source=_kernels(box_blur="np.ones((3, 3))")),
    Mistake(cell=_KERN, name="kernels-gaussian-divided-by-9",
            loses=["test_KERNELS_smoothing"],
            source=_kernels(gaussian_blur="np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 9")),
    Mistake(cell=_KERN, name="kernels-misspelt-name",
            loses=["test_KERNELS_catalogue"],
            source=_kernels(gaussian_blur=None) + 'KERNELS["gaussian"] = '
                                                  'np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16\n'),
    Mistake(cell=_KERN, name="kernels-sobel-y-missing",
            loses=["test_KERNELS_catalogue", "test_KERNELS_sobel"],
            source=_kernels(sobel_y=None)),
]

# The wrong exception type inside a visible assert_raises: the grader must call it a
# visible failure (tests/mistake_messages.py holds what it says).
MISTAKES += [
    Mistake(cell=_CONV, name="conv-keyerror-for-unknown-padding",
            loses=["test_convolve2d_errors"],
            source=_convolve().replace('raise ValueError(f"unknown padding {padding!r}")', "raise KeyError(padding)")),
]

# float32 arithmetic: right to about 1e-7, which the float64 bound of 1e-7 rejects;
# the message must say so (tests/mistake_messages.py).
MISTAKES += [
    Mistake(cell=_CONV, name="conv-computes-in-float32",
            loses=["test_convolve2d_basic", "test_convolve2d_stride", "test_convolve2d_padding"],
            source=_convolve(RESULT="out").replace(
                "x = np.asarray(image, dtype=np.float64)", "x = np.asarray(image, dtype=np.float32)").replace(
                "k = np.asarray(kernel, dtype=np.float64)", "k = np.asarray(kernel, dtype=np.float32)").replace(
                "out = np.zeros((H_out, W_out))", "out = np.zeros((H_out, W_out), dtype=np.float32)")),
]

# Integer pictures (uint8 files, integer images): the results are float64 (found in round 22; before, the
# tests held only float inputs, or integer images with a kernel of ones, whose sums are whole).
MISTAKES += [
    Mistake(cell=_GRAY, name="gray-keeps-input-dtype", loses=["test_to_grayscale_weights"], source='''
def to_grayscale(rgb):
    rgb = np.asarray(rgb)
    return (rgb @ np.array([0.299, 0.587, 0.114])).astype(rgb.dtype)
'''),
    Mistake(cell=_CONV, name="conv-output-in-image-dtype", loses=["test_convolve2d_basic"],
            source=_convolve().replace("x = np.asarray(image, dtype=np.float64)", "x = np.asarray(image)")
            .replace("out = np.zeros((H_out, W_out))", "out = np.zeros((H_out, W_out), dtype=x.dtype)")),
]
