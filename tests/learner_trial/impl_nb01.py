"""My own (a new learner's) answers to notebook 01: WRONG has one beginner mistake, RIGHT is fixed."""

NOTEBOOK = "01_images_and_kernels"

TO_GRAYSCALE = '''
def to_grayscale(rgb):
    r = rgb[:, :, 0]
    g = rgb[:, :, 1]
    b = rgb[:, :, 2]
    return 0.299 * r + 0.587 * g + 0.114 * b
'''

KERNELS = '''
KERNELS = {}
KERNELS["identity"] = np.array([[0, 0, 0],
                                [0, 1, 0],
                                [0, 0, 0]], dtype=np.float64)
KERNELS["edge_1"] = np.array([[1, 0, -1], [0, 0, 0], [-1, 0, 1]], dtype=np.float64)
KERNELS["edge_2"] = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64)
KERNELS["edge_3"] = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float64)
KERNELS["sharpen"] = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64)
KERNELS["box_blur"] = np.ones((3, 3)) / 9
KERNELS["gaussian_blur"] = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16
KERNELS["sobel_x"] = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64)
KERNELS["sobel_y"] = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float64)
'''

# mistake: the window starts at (i, j), not at (i * stride, j * stride)
CONVOLVE2D_WRONG = '''
def convolve2d(image, kernel, stride=1, padding=0):
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    fh, fw = kernel.shape
    if padding == "valid":
        ph, pw = 0, 0
    elif padding == "same":
        if fh % 2 == 0 or fw % 2 == 0:
            raise ValueError("same padding needs an odd kernel")
        ph, pw = (fh - 1) // 2, (fw - 1) // 2
    elif padding == "full":
        ph, pw = fh - 1, fw - 1
    elif isinstance(padding, str):
        raise ValueError("unknown padding " + padding)
    else:
        if padding < 0:
            raise ValueError("padding must be >= 0")
        ph, pw = padding, padding
    if stride < 1:
        raise ValueError("stride must be >= 1")
    h, w = image.shape
    if (h - fh + 2 * ph) % stride != 0 or h - fh + 2 * ph < 0:
        raise ValueError(f"W={h}, F={fh}, S={stride}, P={ph}")
    if (w - fw + 2 * pw) % stride != 0 or w - fw + 2 * pw < 0:
        raise ValueError(f"W={w}, F={fw}, S={stride}, P={pw}")
    out_h = (h - fh + 2 * ph) // stride + 1
    out_w = (w - fw + 2 * pw) // stride + 1
    padded = np.zeros((h + 2 * ph, w + 2 * pw))
    padded[ph:ph + h, pw:pw + w] = image
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            out[i, j] = np.sum(padded[i:i + fh, j:j + fw] * kernel)
    return out
'''
CONVOLVE2D = CONVOLVE2D_WRONG.replace(
    "padded[i:i + fh, j:j + fw]", "padded[i * stride:i * stride + fh, j * stride:j * stride + fw]")

# a correct variant with stride tricks and a float32 image
CONVOLVE2D_STRIDE_TRICKS = CONVOLVE2D.replace(
    '''    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            out[i, j] = np.sum(padded[i * stride:i * stride + fh, j * stride:j * stride + fw] * kernel)
    return out''',
    '''    windows = np.lib.stride_tricks.sliding_window_view(padded, (fh, fw))[::stride, ::stride]
    return np.einsum("ijkl,kl->ij", windows, kernel)''')

WRONG = {"to_grayscale": TO_GRAYSCALE, "KERNELS": KERNELS, "convolve2d": CONVOLVE2D_WRONG}
RIGHT = {"to_grayscale": TO_GRAYSCALE, "KERNELS": KERNELS, "convolve2d": CONVOLVE2D}
OTHER = {"to_grayscale": TO_GRAYSCALE, "KERNELS": KERNELS, "convolve2d": CONVOLVE2D_STRIDE_TRICKS}
