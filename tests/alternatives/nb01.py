"""Correct variants for notebook 01 (images and kernels)."""

from tests.alternatives import Alternative

NOTEBOOK = "01_images_and_kernels"

ALTERNATIVES = [
    Alternative(cell="to_grayscale", name="gray-channel-sum", source='''
def to_grayscale(rgb):
    rgb = np.asarray(rgb, dtype=np.float64)
    return 0.299 * rgb[:, :, 0] + 0.587 * rgb[:, :, 1] + 0.114 * rgb[:, :, 2]
'''),
    Alternative(cell="to_grayscale", name="gray-einsum", source='''
def to_grayscale(rgb):
    return np.einsum("hwc,c->hw", np.asarray(rgb, dtype=np.float64), np.array([0.299, 0.587, 0.114]))
'''),
    Alternative(cell="to_grayscale", name="gray-loops-over-a-copy", source='''
def to_grayscale(rgb):
    img = np.array(rgb, dtype=np.float64)          # a copy
    out = np.zeros(img.shape[:2])
    for c, weight in enumerate([0.299, 0.587, 0.114]):
        img[..., c] *= weight                      # changes the copy only
        out += img[..., c]
    return out
'''),
    Alternative(cell="convolve2d", name="conv-stride-tricks-einsum", source='''
def convolve2d(image, kernel, stride=1, padding=0):
    x = np.asarray(image, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    FH, FW = k.shape
    if not float(stride).is_integer() or stride < 1:
        raise ValueError(f"bad stride S={stride}")
    stride = int(stride)
    if isinstance(padding, str):
        name = padding.lower()                     # "Same" is read as "same"
        if name == "valid":
            ph = pw = 0
        elif name == "same":
            if FH % 2 == 0 or FW % 2 == 0:
                raise ValueError("same padding needs odd kernels")
            ph, pw = FH // 2, FW // 2
        elif name == "full":
            ph, pw = FH - 1, FW - 1
        else:
            raise ValueError(f"unknown padding {padding}")
    else:
        if padding < 0:
            raise ValueError(f"negative padding P={padding}")
        ph = pw = int(padding)
    for W, F, P in [(x.shape[0], FH, ph), (x.shape[1], FW, pw)]:
        if W - F + 2 * P < 0 or (W - F + 2 * P) % stride:
            raise ValueError(f"W={W}, F={F}, S={stride}, P={P} do not fit")
    xp = np.pad(x, ((ph, ph), (pw, pw)))
    windows = np.lib.stride_tricks.sliding_window_view(xp, (FH, FW))[::stride, ::stride]
    return np.einsum("ijuv,uv->ij", windows, k)
'''),
    Alternative(cell="convolve2d", name="conv-loops-over-kernel-taps", source='''
def convolve2d(image, kernel, stride=1, padding=0):
    image = np.array(image, dtype=np.float64)
    kernel = np.array(kernel, dtype=np.float64)
    fh, fw = kernel.shape
    if stride < 1 or int(stride) != stride:
        raise ValueError(f"S={stride} must be a positive integer")
    names = {"valid": (0, 0), "full": (fh - 1, fw - 1)}
    if padding == "same":
        if fh % 2 == 0 or fw % 2 == 0:
            raise ValueError("'same' needs an odd kernel")
        ph, pw = (fh - 1) // 2, (fw - 1) // 2
    elif isinstance(padding, str):
        if padding not in names:
            raise ValueError(f"padding {padding!r} is not valid, same or full")
        ph, pw = names[padding]
    elif padding < 0:
        raise ValueError(f"P={padding} < 0")
    else:
        ph = pw = padding
    h, w = image.shape
    span_h, span_w = h - fh + 2 * ph, w - fw + 2 * pw
    if span_h < 0 or span_h % stride:
        raise ValueError(f"W={h}, F={fh}, S={stride}, P={ph}")
    if span_w < 0 or span_w % stride:
        raise ValueError(f"W={w}, F={fw}, S={stride}, P={pw}")
    padded = np.zeros((h + 2 * ph, w + 2 * pw))
    padded[ph:ph + h, pw:pw + w] = image
    ho, wo = span_h // stride + 1, span_w // stride + 1
    out = np.zeros((ho, wo))
    for u in range(fh):                            # one shifted, strided slice per kernel tap
        for v in range(fw):
            out += kernel[u, v] * padded[u:u + stride * ho:stride, v:v + stride * wo:stride]
    return out
'''),
    Alternative(cell="convolve2d", name="conv-int-input-column-loop-first", source='''
def convolve2d(image, kernel, stride=1, padding=0):
    img = np.asarray(image).astype(float)
    ker = np.asarray(kernel).astype(float)
    kh, kw = ker.shape
    if not isinstance(stride, (int, np.integer)) or stride <= 0:
        raise ValueError(f"stride S={stride} must be a positive int")
    if padding in ("valid", "same", "full"):
        if padding == "same" and (kh % 2 == 0 or kw % 2 == 0):
            raise ValueError("padding='same' needs odd kernel sizes")
        pads = {"valid": (0, 0), "same": ((kh - 1) // 2, (kw - 1) // 2), "full": (kh - 1, kw - 1)}[padding]
    elif isinstance(padding, str):
        raise ValueError(f"unknown padding {padding!r}")
    elif padding < 0:
        raise ValueError(f"P={padding} must be >= 0")
    else:
        pads = (padding, padding)
    sizes = []
    for W, F, P in zip(img.shape, ker.shape, pads):
        n = (W - F + 2 * P) / stride + 1
        if n < 1 or n != int(n):
            raise ValueError(f"(W - F + 2P) / S + 1 = {n} for W={W}, F={F}, S={stride}, P={P}")
        sizes.append(int(n))
    img = np.pad(img, [(pads[0], pads[0]), (pads[1], pads[1])], mode="constant", constant_values=0)
    out = np.empty(sizes)
    for j in range(sizes[1]):                      # columns outside, rows inside
        for i in range(sizes[0]):
            out[i, j] = (img[i * stride:i * stride + kh, j * stride:j * stride + kw] * ker).sum()
    return out
'''),
    Alternative(cell="KERNELS", name="kernels-with-a-tenth", source='''
KERNELS = {}
KERNELS["identity"] = np.array([[0, 0, 0],
                                [0, 1, 0],
                                [0, 0, 0]], dtype=np.float64)
KERNELS["edge_1"] = np.array([[1, 0, -1], [0, 0, 0], [-1, 0, 1]], dtype=np.float64)
KERNELS["edge_2"] = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64)
KERNELS["edge_3"] = -np.ones((3, 3))
KERNELS["edge_3"][1, 1] = 8
KERNELS["sharpen"] = KERNELS["identity"] - KERNELS["edge_2"]
KERNELS["box_blur"] = np.full((3, 3), 1 / 9)
KERNELS["gaussian_blur"] = np.outer([1, 2, 1], [1, 2, 1]) / 16
KERNELS["sobel_x"] = np.outer([1, 2, 1], [-1, 0, 1]).astype(np.float64)
KERNELS["sobel_y"] = np.outer([-1, 0, 1], [1, 2, 1]).astype(np.float64)
KERNELS["emboss"] = np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], dtype=np.float64)   # my own
'''),
    Alternative(cell="KERNELS", name="kernels-dict-literal-of-lists", source='''
KERNELS = {}
KERNELS["identity"] = np.array([[0, 0, 0],
                                [0, 1, 0],
                                [0, 0, 0]], dtype=np.float64)
KERNELS.update({
    "edge_1": np.array([[1, 0, -1], [0, 0, 0], [-1, 0, 1]]),
    "edge_2": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "edge_3": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "box_blur": np.ones((3, 3)) / 9.0,
    "gaussian_blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16.0,
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
    "sobel_y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
})
'''),
    Alternative(cell="KERNELS", name="kernels-float32-arrays", source='''
KERNELS = {}
KERNELS["identity"] = np.array([[0, 0, 0],
                                [0, 1, 0],
                                [0, 0, 0]], dtype=np.float64)
edge = np.array([[1, 0, -1], [0, 0, 0], [-1, 0, 1]], dtype=np.float32)
KERNELS["edge_1"] = edge
KERNELS["edge_2"] = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float32)
KERNELS["edge_3"] = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float32)
KERNELS["sharpen"] = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float32)
KERNELS["box_blur"] = np.ones((3, 3)) / 9
KERNELS["gaussian_blur"] = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16
KERNELS["sobel_x"] = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32)
KERNELS["sobel_y"] = KERNELS["sobel_x"].T.copy()
'''),
]

# Round 22: NumPy's tensordot over the channel axis; all windows at once with sliding_window_view.
ALTERNATIVES += [
    Alternative(cell="to_grayscale", name="gray-tensordot", source='''
def to_grayscale(rgb):
    return np.tensordot(np.asarray(rgb, dtype=float), [0.299, 0.587, 0.114], axes=([2], [0]))
'''),
    Alternative(cell="convolve2d", name="conv-windows-tensordot-pad-pairs", source='''
from numpy.lib.stride_tricks import sliding_window_view


def convolve2d(image, kernel, stride=1, padding=0):
    x = np.array(image, dtype=float)
    k = np.array(kernel, dtype=float)
    fh, fw = k.shape
    if not float(stride).is_integer() or stride < 1:
        raise ValueError(f"stride S={stride} must be a positive integer")
    names = {"valid": (0, 0), "full": (fh - 1, fw - 1)}
    if isinstance(padding, str):
        if padding == "same":
            if fh % 2 == 0 or fw % 2 == 0:
                raise ValueError("'same' padding needs an odd kernel")
            pads = ((fh - 1) // 2, (fw - 1) // 2)
        elif padding in names:
            pads = names[padding]
        else:
            raise ValueError(f"unknown padding {padding!r}")
    elif padding < 0 or int(padding) != padding:
        raise ValueError(f"padding P={padding} must be a non-negative integer")
    else:
        pads = (int(padding), int(padding))
    sizes = []
    for n, f, p in zip(x.shape, (fh, fw), pads):
        q, r = divmod(n - f + 2 * p, stride)
        if n - f + 2 * p < 0 or r:
            raise ValueError(f"W={n}, F={f}, S={stride}, P={p} give no whole output size")
        sizes.append(q + 1)
    xp = np.pad(x, [(p, p) for p in pads])
    win = sliding_window_view(xp, (fh, fw))[::stride, ::stride]
    return np.tensordot(win, k, axes=([2, 3], [0, 1]))[:sizes[0], :sizes[1]]
'''),
]
