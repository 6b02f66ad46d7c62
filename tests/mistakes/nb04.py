"""Plausible wrong implementations for 04_fully_connected_and_softmax.

Each mistake uses only names that the solution of its own cell uses (the
learner's flatten in affine_forward), so that tests/course.py's data-flow
grouping of mistakes stays valid.
"""

from tests.mistakes import Mistake

NOTEBOOK = "04_fully_connected_and_softmax"

MISTAKES = [
    # ------------------------------------------------------------ flatten
    Mistake(
        cell="flatten",
        name="flatten-column-major",
        loses=["test_flatten"],
        source='''
def flatten(x):
    return x.reshape(x.shape[0], -1, order="F")
''',
    ),
    Mistake(
        cell="flatten",
        name="flatten-whole-batch",
        loses=["test_flatten"],
        source='''
def flatten(x):
    return x.ravel()
''',
    ),
    Mistake(
        cell="flatten",
        name="flatten-channels-last",
        loses=["test_flatten"],
        source='''
def flatten(x):
    N, C, H, W = x.shape
    return x.transpose(0, 2, 3, 1).reshape(N, H * W * C)
''',
    ),
    Mistake(
        cell="flatten",
        name="flatten-only-4d",
        loses=["test_flatten"],
        source='''
def flatten(x):
    N, C, H, W = x.shape
    return x.reshape(N, C * H * W)
''',
    ),
    # ------------------------------------------------------------ affine_forward
    Mistake(
        cell="affine_forward",
        name="affine-no-bias",
        loses=["test_affine_forward"],
        source='''
def affine_forward(x, w, b):
    return flatten(x) @ w
''',
    ),
    Mistake(
        cell="affine_forward",
        name="affine-no-flatten",
        loses=["test_affine_forward"],
        source='''
def affine_forward(x, w, b):
    return x @ w + b
''',
    ),
    Mistake(
        cell="affine_forward",
        name="affine-weights-transposed",
        loses=["test_affine_forward"],
        source='''
def affine_forward(x, w, b):
    return flatten(x) @ w.T + b
''',
    ),
    Mistake(
        cell="affine_forward",
        name="affine-column-major-flatten",
        loses=["test_affine_forward"],
        source='''
def affine_forward(x, w, b):
    return x.reshape(x.shape[0], -1, order="F") @ w + b
''',
    ),
    # ------------------------------------------------------------ softmax
    Mistake(
        cell="softmax",
        name="softmax-axis-0",
        loses=["test_softmax", "test_softmax_stable"],
        source='''
def softmax(scores):
    e = np.exp(scores - scores.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
''',
    ),
    Mistake(
        cell="softmax",
        name="softmax-no-max-subtraction",
        loses=["test_softmax_stable"],
        source='''
def softmax(scores):
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)
''',
    ),
    Mistake(
        cell="softmax",
        name="softmax-global-max",
        loses=["test_softmax_stable"],
        source='''
def softmax(scores):
    e = np.exp(scores - np.max(scores))
    return e / e.sum(axis=1, keepdims=True)
''',
    ),
    Mistake(
        cell="softmax",
        name="softmax-sum-over-batch",
        loses=["test_softmax"],
        source='''
def softmax(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / np.sum(e)
''',
    ),
    Mistake(
        cell="softmax",
        name="softmax-max-without-keepdims",
        loses=["test_softmax", "test_softmax_stable"],
        source='''
def softmax(scores):
    e = np.exp(scores - scores.max(axis=1))
    return e / e.sum(axis=1, keepdims=True)
''',
    ),
    # ------------------------------------------------------------ cross_entropy_loss
    Mistake(
        cell="cross_entropy_loss",
        name="ce-sum-over-batch",
        loses=["test_cross_entropy_loss", "test_cross_entropy_loss_stable"],
        source='''
def cross_entropy_loss(scores, y):
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(n), y].sum())
''',
    ),
    Mistake(
        cell="cross_entropy_loss",
        name="ce-log-of-softmax",
        loses=["test_cross_entropy_loss_stable"],
        source='''
def cross_entropy_loss(scores, y):
    n = scores.shape[0]
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    return float(-np.log(probs[np.arange(n), y]).mean())
''',
    ),
    Mistake(
        cell="cross_entropy_loss",
        name="ce-logsumexp-without-max",
        loses=["test_cross_entropy_loss_stable"],
        source='''
def cross_entropy_loss(scores, y):
    n = scores.shape[0]
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(n), y].mean())
''',
    ),
    Mistake(
        cell="cross_entropy_loss",
        name="ce-column-indexing",
        loses=["test_cross_entropy_loss"],
        source='''
def cross_entropy_loss(scores, y):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    return float(-np.log(probs[:, y]).mean())
''',
    ),
    Mistake(
        cell="cross_entropy_loss",
        name="ce-missing-minus",
        loses=["test_cross_entropy_loss", "test_cross_entropy_loss_stable"],
        source='''
def cross_entropy_loss(scores, y):
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(log_probs[np.arange(n), y].mean())
''',
    ),
    # ------------------------------------------------------------ squared_error
    Mistake(
        cell="squared_error",
        name="se-no-half",
        loses=["test_squared_error"],
        source='''
def squared_error(probs, targets):
    return float(np.sum((targets - probs) ** 2) / probs.shape[0])
''',
    ),
    Mistake(
        cell="squared_error",
        name="se-sum-over-batch",
        loses=["test_squared_error"],
        source='''
def squared_error(probs, targets):
    return float(0.5 * np.sum((targets - probs) ** 2))
''',
    ),
    Mistake(
        cell="squared_error",
        name="se-mean-over-everything",
        loses=["test_squared_error"],
        source='''
def squared_error(probs, targets):
    return float(0.5 * np.mean((targets - probs) ** 2))
''',
    ),
]

# Right values, but the caller's arrays are changed: every exercise's tests check
# that the inputs are left alone (checks.call_unchanged).
MISTAKES += [
    Mistake(cell="softmax", name="softmax-shifts-scores-in-place",
            loses=["test_softmax_input_unchanged"], keeps=["test_softmax", "test_softmax_stable"], source='''
def softmax(scores):
    scores -= scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)
'''),
    Mistake(cell="cross_entropy_loss", name="ce-shifts-scores-in-place",
            loses=["test_cross_entropy_loss_input_unchanged"],
            keeps=["test_cross_entropy_loss", "test_cross_entropy_loss_stable"], source='''
def cross_entropy_loss(scores, y):
    n = scores.shape[0]
    scores -= scores.max(axis=1, keepdims=True)
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(n), y].mean())
'''),
    Mistake(cell="flatten", name="flatten-sets-the-callers-shape",
            loses=["test_flatten", "test_flatten_input_unchanged"], source='''
def flatten(x):
    x.shape = (x.shape[0], -1)
    return x
'''),
    Mistake(cell="affine_forward", name="affine-reshapes-the-callers-x",
            loses=["test_affine_forward_input_unchanged"], keeps=["test_affine_forward"], source='''
def affine_forward(x, w, b):
    x.shape = (x.shape[0], -1)
    return x @ w + b
'''),
    Mistake(cell="squared_error", name="squared-subtracts-in-place",
            loses=["test_squared_error_input_unchanged"], keeps=["test_squared_error"], source='''
def squared_error(probs, targets):
    probs -= targets
    return float(0.5 * np.sum(probs ** 2) / probs.shape[0])
'''),
]

# Round 22: the log-sum-exp over the whole batch instead of each row.
MISTAKES += [
    Mistake(cell="cross_entropy_loss", name="ce-lse-over-whole-batch", loses=["test_cross_entropy_loss"], source='''
def cross_entropy_loss(scores, y):
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum())
    return float(-log_probs[np.arange(n), y].mean())
'''),
]
