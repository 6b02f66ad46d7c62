"""My own answers to notebook 04: WRONG has one beginner mistake, RIGHT is fixed."""

NOTEBOOK = "04_fully_connected_and_softmax"

FLATTEN = '''
def flatten(x):
    return x.reshape(x.shape[0], -1)
'''

AFFINE = '''
def affine_forward(x, w, b):
    x2 = flatten(x)
    return x2 @ w + b
'''

# mistake: the maximum of the whole batch is subtracted, not each row's own
SOFTMAX_WRONG = '''
def softmax(scores):
    shifted = scores - np.max(scores)
    e = np.exp(shifted)
    return e / np.sum(e, axis=1, keepdims=True)
'''
SOFTMAX = SOFTMAX_WRONG.replace("np.max(scores)", "np.max(scores, axis=1, keepdims=True)")

CROSS_ENTROPY = '''
def cross_entropy_loss(scores, y):
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    n = scores.shape[0]
    return float(-np.mean(log_probs[np.arange(n), y]))
'''

SQUARED = '''
def squared_error(probs, targets):
    diff = targets - probs
    return float(np.mean(0.5 * np.sum(diff ** 2, axis=1)))
'''

WRONG = {"flatten": FLATTEN, "affine_forward": AFFINE, "softmax": SOFTMAX_WRONG,
         "cross_entropy_loss": CROSS_ENTROPY, "squared_error": SQUARED}
RIGHT = dict(WRONG, softmax=SOFTMAX)
