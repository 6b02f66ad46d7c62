"""Correct variants for notebook 04 (fully connected layers and softmax)."""

from tests.alternatives import Alternative

NOTEBOOK = "04_fully_connected_and_softmax"

ALTERNATIVES = [
    Alternative(cell="softmax", name="softmax-copy-then-in-place", source='''
def softmax(scores):
    z = np.array(scores, dtype=np.float64)        # a copy: the in-place steps below are safe
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z
'''),
    Alternative(cell="softmax", name="softmax-logsumexp", source='''
def softmax(scores):
    m = np.max(scores, axis=1, keepdims=True)
    log_z = m + np.log(np.sum(np.exp(scores - m), axis=1, keepdims=True))
    return np.exp(scores - log_z)
'''),
    Alternative(cell="softmax", name="softmax-row-loop", source='''
def softmax(scores):
    out = np.empty(np.shape(scores))
    for i, row in enumerate(scores):
        e = np.exp(row - np.max(row))
        out[i] = e / e.sum()
    return out
'''),
    Alternative(cell="cross_entropy_loss", name="ce-loop-over-samples", source='''
def cross_entropy_loss(scores, y):
    total = 0.0
    for row, label in zip(scores, y):
        m = row.max()
        total += m + np.log(np.exp(row - m).sum()) - row[label]
    return total / len(y)
'''),
    Alternative(cell="cross_entropy_loss", name="ce-one-hot", source='''
def cross_entropy_loss(scores, y):
    n, c = scores.shape
    shifted = scores - scores.max(axis=1)[:, None]
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1))[:, None]
    onehot = np.eye(c)[y]
    return -np.sum(onehot * log_p) / n
'''),
    Alternative(cell="cross_entropy_loss", name="ce-take-along-axis", source='''
def cross_entropy_loss(scores, y):
    s = scores - np.max(scores, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(s), axis=1))
    picked = np.take_along_axis(s, np.asarray(y)[:, None], axis=1)[:, 0]
    return float(np.mean(lse - picked))
'''),
    Alternative(cell="flatten", name="flatten-prod-of-shape", source='''
def flatten(x):
    return np.reshape(x, (x.shape[0], int(np.prod(x.shape[1:]))))
'''),
    Alternative(cell="flatten", name="flatten-ravel-rows", source='''
def flatten(x):
    return np.stack([np.ravel(sample) for sample in x])
'''),
    Alternative(cell="flatten", name="flatten-copy", source='''
def flatten(x):
    return x.copy().reshape(len(x), -1)
'''),
    Alternative(cell="squared_error", name="squared-loop", source='''
def squared_error(probs, targets):
    total = 0.0
    for p, t in zip(probs, targets):
        total += 0.5 * sum((ti - pi) ** 2 for pi, ti in zip(p, t))
    return total / len(probs)
'''),
    Alternative(cell="squared_error", name="squared-mean-of-sums", source='''
def squared_error(probs, targets):
    return 0.5 * np.mean(np.sum(np.square(np.subtract(targets, probs)), axis=1))
'''),
    Alternative(cell="squared_error", name="squared-einsum", source='''
def squared_error(probs, targets):
    d = targets - probs
    return 0.5 * np.einsum("ij,ij->", d, d) / d.shape[0]
'''),
    Alternative(cell="affine_forward", name="affine-einsum", source='''
def affine_forward(x, w, b):
    return np.einsum("nd,dm->nm", x.reshape(x.shape[0], -1), w) + b
'''),
    Alternative(cell="affine_forward", name="affine-dot-then-bias-loop", source='''
def affine_forward(x, w, b):
    out = np.dot(flatten(x), w)
    for m in range(out.shape[1]):
        out[:, m] += b[m]
    return out
'''),
    Alternative(cell="affine_forward", name="affine-matmul-transposed", source='''
def affine_forward(x, w, b):
    return (w.T @ flatten(x).T).T + b[None, :]
'''),
]

# Round 22: x reshaped by w's rows; np.logaddexp.reduce; exp(s - logsumexp).
ALTERNATIVES += [
    Alternative(cell="affine_forward", name="affine-reshape-by-rows-of-w", source='''
def affine_forward(x, w, b):
    return x.reshape(-1, w.shape[0]) @ w + b
'''),
    Alternative(cell="cross_entropy_loss", name="ce-logaddexp-reduce", source='''
def cross_entropy_loss(scores, y):
    lse = np.logaddexp.reduce(scores, axis=1)
    picked = np.take_along_axis(scores, np.asarray(y).reshape(-1, 1), axis=1)[:, 0]
    return float(np.mean(lse - picked))
'''),
    Alternative(cell="softmax", name="softmax-exp-minus-logsumexp-rows", source='''
def softmax(scores):
    top = np.max(scores, axis=1)[:, None]
    lse = top + np.log(np.sum(np.exp(scores - top), axis=1))[:, None]
    return np.exp(scores - lse)
'''),
]
