"""Plausible wrong implementations for 09_what_cnns_learn.

Each one is the solution with one edit (``_edit`` checks that the edit
applies), so the mistake is visible at a glance and stays in step with the
solution.
"""

from __future__ import annotations

from tests.mistakes import Mistake

NOTEBOOK = "09_what_cnns_learn"

RECEPTIVE_FIELD = '''
def receptive_field(layers):
    out = []
    size, jump, start = 1, 1, 0.0
    for layer in layers:
        k, s, p = layer
        if k < 1 or s < 1 or p < 0:
            raise ValueError(f"layer {tuple(layer)}: kernel {k} and stride {s} must be at least 1 "
                             f"and padding {p} at least 0")
        size, jump, start = size + (k - 1) * jump, jump * s, start + ((k - 1) / 2 - p) * jump
        out.append((size, jump, start))
    return out
'''

OCCLUSION = '''
def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):
    if x.ndim != 3:
        raise ValueError(f"x must be one image of shape (C, H, W), got shape {tuple(x.shape)}")
    if patch < 1 or stride < 1:
        raise ValueError(f"patch={patch} and stride={stride} must be at least 1")
    _, h, w = x.shape
    for name, n in (("H", h), ("W", w)):
        if patch > n or (n - patch) % stride:
            raise ValueError(f"{name}={n}, patch={patch}, stride={stride}: not a whole number")
    h_out, w_out = (h - patch) // stride + 1, (w - patch) // stride + 1
    model.eval()
    with torch.no_grad():
        batch = x.detach().unsqueeze(0).repeat(1 + h_out * w_out, 1, 1, 1)
        for i in range(h_out):
            for j in range(w_out):
                batch[1 + i * w_out + j, :, i * stride:i * stride + patch, j * stride:j * stride + patch] = fill
        probs = torch.softmax(model(batch), dim=1)[:, target]
    return (probs[0] - probs[1:]).reshape(h_out, w_out).cpu().numpy().astype(np.float64)
'''

SALIENCY = '''
def saliency(model, x, target):
    if x.ndim != 3:
        raise ValueError(f"x must be one image of shape (C, H, W), got shape {tuple(x.shape)}")
    model.eval()
    xg = x.detach().clone().unsqueeze(0).requires_grad_(True)
    score = model(xg)[0, target]
    (grad,) = torch.autograd.grad(score, xg)
    return grad[0].abs().amax(dim=0).cpu().numpy().astype(np.float64)
'''


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


_RF_UPDATE = "size, jump, start = size + (k - 1) * jump, jump * s, start + ((k - 1) / 2 - p) * jump"
_OCC_LOOP = '''        batch = x.detach().unsqueeze(0).repeat(1 + h_out * w_out, 1, 1, 1)
        for i in range(h_out):
            for j in range(w_out):
                batch[1 + i * w_out + j, :, i * stride:i * stride + patch, j * stride:j * stride + patch] = fill
        probs = torch.softmax(model(batch), dim=1)[:, target]
    return (probs[0] - probs[1:]).reshape(h_out, w_out).cpu().numpy().astype(np.float64)'''

MISTAKES = [
    # ------------------------------------------------------------ receptive_field
    Mistake(cell="receptive_field", name="rf-new-jump",
            loses=["test_receptive_field_values", "test_receptive_field_autograd"],
            # the layer's own stride used at once, for its size and start
            source=_edit(RECEPTIVE_FIELD, _RF_UPDATE,
                         "jump = jump * s\n        size, start = size + (k - 1) * jump, start + ((k - 1) / 2 - p) * jump")),
    Mistake(cell="receptive_field", name="rf-start-without-jump",
            loses=["test_receptive_field_values", "test_receptive_field_autograd"],
            # wrong values, caller's list untouched: the inputs test (hidden part included) keeps its point
            keeps=["test_receptive_field_input_unchanged", "test_receptive_field_errors"],
            source=_edit(RECEPTIVE_FIELD, "start + ((k - 1) / 2 - p) * jump", "start + ((k - 1) / 2 - p)")),
    Mistake(cell="receptive_field", name="rf-size-without-jump",
            loses=["test_receptive_field_values", "test_receptive_field_autograd"],
            source=_edit(RECEPTIVE_FIELD, "size + (k - 1) * jump,", "size + (k - 1),")),
    Mistake(cell="receptive_field", name="rf-padding-ignored",
            loses=["test_receptive_field_values", "test_receptive_field_autograd"],
            source=_edit(RECEPTIVE_FIELD, "((k - 1) / 2 - p) * jump", "(k - 1) / 2 * jump")),
    Mistake(cell="receptive_field", name="rf-left-edge",
            loses=["test_receptive_field_values", "test_receptive_field_autograd"],
            # start as the left edge of the field (the padding shifts it) instead of its centre
            source=_edit(RECEPTIVE_FIELD, "start + ((k - 1) / 2 - p) * jump", "start - p * jump")),
    Mistake(cell="receptive_field", name="rf-no-validation", loses=["test_receptive_field_errors"],
            source=_edit(RECEPTIVE_FIELD, "if k < 1 or s < 1 or p < 0:", "if False:")),
    Mistake(cell="receptive_field", name="rf-pops-the-input", loses=["test_receptive_field_input_unchanged"],
            keeps=["test_receptive_field_errors"],
            # consumes the caller's list
            source=_edit(RECEPTIVE_FIELD, "    for layer in layers:\n        k, s, p = layer\n",
                         "    while layers:\n        layer = layers.pop(0)\n        k, s, p = layer\n")),
    # ------------------------------------------------------------ occlusion_map
    Mistake(cell="occlusion_map", name="occ-score-drop", loses=["test_occlusion_map_known"],
            source=_edit(OCCLUSION, "torch.softmax(model(batch), dim=1)[:, target]", "model(batch)[:, target]")),
    Mistake(cell="occlusion_map", name="occ-occluded-probability", loses=["test_occlusion_map_known"],
            source=_edit(OCCLUSION, "(probs[0] - probs[1:])", "probs[1:]")),
    Mistake(cell="occlusion_map", name="occ-sign", loses=["test_occlusion_map_known"],
            source=_edit(OCCLUSION, "(probs[0] - probs[1:])", "(probs[1:] - probs[0])")),
    Mistake(cell="occlusion_map", name="occ-transposed", loses=["test_occlusion_map_known"],
            source=_edit(OCCLUSION, ".reshape(h_out, w_out)", ".reshape(h_out, w_out).T")),
    Mistake(cell="occlusion_map", name="occ-column-order",
            # x stays alone and errors are raised, but those points count only on a right map
            loses=["test_occlusion_map_known", "test_occlusion_map_inputs", "test_occlusion_map_errors"],
            source=_edit(OCCLUSION, ".reshape(h_out, w_out)", ".reshape(w_out, h_out).T")),
    Mistake(cell="occlusion_map", name="occ-fill-ignored", loses=["test_occlusion_map_fill_stride"],
            source=_edit(OCCLUSION, "j * stride:j * stride + patch] = fill", "j * stride:j * stride + patch] = 0.0")),
    Mistake(cell="occlusion_map", name="occ-no-eval", loses=["test_occlusion_map_eval"],
            source=_edit(OCCLUSION, "    model.eval()\n", "")),
    Mistake(cell="occlusion_map", name="occ-in-place",
            loses=["test_occlusion_map_known", "test_occlusion_map_inputs"],
            # hides every square in x itself, one after the other, and never puts the pixels back
            source=_edit(OCCLUSION, _OCC_LOOP, '''        p0 = torch.softmax(model(x[None]), dim=1)[0, target]
        out = np.zeros((h_out, w_out))
        for i in range(h_out):
            for j in range(w_out):
                x[:, i * stride:i * stride + patch, j * stride:j * stride + patch] = fill
                out[i, j] = float(p0 - torch.softmax(model(x[None]), dim=1)[0, target])
    return out''')),
    # a learner's trial (issue 23): one forward pass per square, the map indexed by pixel position
    Mistake(cell="occlusion_map", name="occ-indexed-by-pixel",
            # the errors test also asks a valid image to work: this one crashes on every image
            loses=["test_occlusion_map_known", "test_occlusion_map_fill_stride", "test_occlusion_map_eval",
                   "test_occlusion_map_inputs", "test_occlusion_map_errors"], source='''
def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):
    if x.dim() != 3:
        raise ValueError(f"x must be (C, H, W), got {tuple(x.shape)}")
    c, h, w = x.shape
    if patch > h or patch > w or (h - patch) % stride or (w - patch) % stride:
        raise ValueError(f"size {h}x{w}, patch={patch}, stride={stride}: not a whole number of steps")
    out = np.zeros(((h - patch) // stride + 1, (w - patch) // stride + 1))
    model.eval()
    with torch.no_grad():
        p0 = torch.softmax(model(x.unsqueeze(0)), dim=1)[0, target].item()
        for i in range(0, h - patch + 1, stride):
            for j in range(0, w - patch + 1, stride):
                hidden = x.clone()
                hidden[:, i:i + patch, j:j + patch] = fill
                out[i, j] = p0 - torch.softmax(model(hidden.unsqueeze(0)), dim=1)[0, target].item()
    return out
'''),
    Mistake(cell="occlusion_map", name="occ-floors-like-pytorch", loses=["test_occlusion_map_errors"],
            keeps=["test_occlusion_map_inputs", "test_occlusion_map_known"],
            source=_edit(OCCLUSION, "if patch > n or (n - patch) % stride:", "if patch > n:")),
    # ------------------------------------------------------------ saliency
    Mistake(cell="saliency", name="sal-no-abs", loses=["test_saliency_linear", "test_saliency_gradient"],
            source=_edit(SALIENCY, "grad[0].abs().amax(dim=0)", "grad[0].amax(dim=0)")),
    Mistake(cell="saliency", name="sal-sum-channels", loses=["test_saliency_linear", "test_saliency_gradient"],
            source=_edit(SALIENCY, "grad[0].abs().amax(dim=0)", "grad[0].abs().sum(dim=0)")),
    Mistake(cell="saliency", name="sal-probability", loses=["test_saliency_linear", "test_saliency_gradient"],
            source=_edit(SALIENCY, "score = model(xg)[0, target]", "score = torch.softmax(model(xg), dim=1)[0, target]")),
    Mistake(cell="saliency", name="sal-callers-x", loses=["test_saliency_inputs"],
            keeps=["test_saliency_eval", "test_saliency_errors"],
            # differentiates with respect to the caller's tensor: it is left requiring gradients, with a .grad
            source=_edit(SALIENCY, '''    xg = x.detach().clone().unsqueeze(0).requires_grad_(True)
    score = model(xg)[0, target]
    (grad,) = torch.autograd.grad(score, xg)
    return grad[0].abs().amax(dim=0).cpu().numpy().astype(np.float64)''', '''    x.requires_grad_(True)
    model(x[None])[0, target].backward()
    return x.grad.abs().amax(dim=0).cpu().numpy().astype(np.float64)''')),
    Mistake(cell="saliency", name="sal-no-eval", loses=["test_saliency_eval"],
            keeps=["test_saliency_inputs", "test_saliency_errors"],
            source=_edit(SALIENCY, "    model.eval()\n", "")),
]

# Round 22: an integer centre after even kernels, the square filled in one channel only, the mean over
# channels, the gradient of the log-probability.
MISTAKES += [
    Mistake(cell="receptive_field", name="rf-start-floor-division", loses=["test_receptive_field_values"],
            source=_edit(RECEPTIVE_FIELD, "((k - 1) / 2 - p)", "((k - 1) // 2 - p)")),
    Mistake(cell="occlusion_map", name="occ-fills-first-channel-only", loses=["test_occlusion_map_fill_stride"],
            source=_edit(OCCLUSION, "batch[1 + i * w_out + j, :,", "batch[1 + i * w_out + j, 0,")),
    Mistake(cell="saliency", name="sal-mean-over-channels", loses=["test_saliency_linear"],
            source=_edit(SALIENCY, ".amax(dim=0)", ".mean(dim=0)")),
    Mistake(cell="saliency", name="sal-log-probability", loses=["test_saliency_linear"],
            source=_edit(SALIENCY, "score = model(xg)[0, target]", "score = torch.log_softmax(model(xg), dim=1)[0, target]")),
]

# Round 22: the map left in the model's dtype (the tests held float64 models only; the docstring says float64).
MISTAKES += [
    Mistake(cell="occlusion_map", name="occ-returns-model-dtype", loses=["test_occlusion_map_known"],
            source=_edit(OCCLUSION, ".cpu().numpy().astype(np.float64)", ".cpu().numpy()")),
    Mistake(cell="saliency", name="sal-returns-model-dtype", loses=["test_saliency_linear"],
            source=_edit(SALIENCY, ".cpu().numpy().astype(np.float64)", ".cpu().numpy()")),
]
