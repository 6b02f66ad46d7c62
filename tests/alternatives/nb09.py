"""Correct variants for notebook 09 (what CNNs learn: receptive fields, occlusion, saliency)."""

from tests.alternatives import Alternative

NOTEBOOK = "09_what_cnns_learn"

ALTERNATIVES = [
    # ------------------------------------------------------------ receptive_field
    Alternative(cell="receptive_field", name="rf-closed-form", source='''
def receptive_field(layers):
    # closed form: J_l is the product of the strides before layer l
    layers = [tuple(layer) for layer in layers]          # a copy: the caller's list stays as it is
    for k, s, p in layers:
        if min(k, s) < 1 or p < 0:
            raise ValueError(f"bad layer {(k, s, p)}: kernel and stride >= 1, padding >= 0")
    fields = []
    for n in range(1, len(layers) + 1):
        jumps = [1]
        for _, s, _ in layers[:n]:
            jumps.append(jumps[-1] * s)
        size = 1 + sum((k - 1) * jumps[i] for i, (k, _, _) in enumerate(layers[:n]))
        start = sum(((k - 1) / 2 - p) * jumps[i] for i, (k, _, p) in enumerate(layers[:n]))
        fields.append((size, jumps[n], float(start)))
    return fields
'''),
    Alternative(cell="receptive_field", name="rf-index-loop-previous-row", source='''
def receptive_field(layers):
    result = []
    for i in range(len(layers)):
        k, s, p = layers[i][0], layers[i][1], layers[i][2]
        if k <= 0 or s <= 0 or p < 0:
            raise ValueError("kernel and stride must be >= 1 and padding >= 0, got " + str(layers[i]))
        r, j, c = result[-1] if result else (1, 1, 0.0)
        result.append((r + (k - 1) * j, j * s, c + ((k - 1) / 2 - p) * j))
    return result
'''),
    Alternative(cell="receptive_field", name="rf-left-edge-then-centre", source='''
def receptive_field(layers):
    # track the left edge of the first unit's field; its centre is the edge plus (size - 1) / 2
    size, jump, left = 1, 1, 0
    table = []
    for kernel, stride, padding in layers:
        if kernel < 1:
            raise ValueError(f"kernel {kernel} must be at least 1")
        if stride < 1:
            raise ValueError(f"stride {stride} must be at least 1")
        if padding < 0:
            raise ValueError(f"padding {padding} must be at least 0")
        left = left - padding * jump
        size = size + (kernel - 1) * jump
        jump = jump * stride
        table.append((size, jump, left + (size - 1) / 2))
    return table
'''),
    # ------------------------------------------------------------ occlusion_map
    Alternative(cell="occlusion_map", name="occ-one-image-at-a-time", source='''
def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):
    if x.dim() != 3:
        raise ValueError(f"expected one image (C, H, W), got {tuple(x.shape)}")
    if patch < 1 or stride < 1:
        raise ValueError("patch and stride must be at least 1")
    C, H, W = x.shape
    if H < patch or (H - patch) % stride != 0:
        raise ValueError(f"H={H} does not fit patch={patch} and stride={stride}")
    if W < patch or (W - patch) % stride != 0:
        raise ValueError(f"W={W} does not fit patch={patch} and stride={stride}")
    Ho, Wo = (H - patch) // stride + 1, (W - patch) // stride + 1
    model.eval()
    heat = np.zeros((Ho, Wo))
    with torch.no_grad():
        base = F.softmax(model(x.unsqueeze(0)), dim=1)[0, target].item()
        for i in range(Ho):
            for j in range(Wo):
                hidden = x.clone()
                hidden[:, i * stride:i * stride + patch, j * stride:j * stride + patch] = fill
                heat[i, j] = base - F.softmax(model(hidden.unsqueeze(0)), dim=1)[0, target].item()
    return heat
'''),
    Alternative(cell="occlusion_map", name="occ-masks-with-where", source='''
def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):
    if len(x.shape) != 3:
        raise ValueError(f"x must have shape (C, H, W), not {tuple(x.shape)}")
    if patch < 1 or stride < 1:
        raise ValueError(f"patch={patch} and stride={stride} must be at least 1")
    _, h, w = x.shape
    sizes = []
    for label, n in (("H", h), ("W", w)):
        k = (n - patch) / stride + 1
        if not (k >= 1 and float(k).is_integer()):
            raise ValueError(f"{label}={n}: ({n} - {patch}) / {stride} + 1 = {k} is not a whole number >= 1")
        sizes.append(int(k))
    h_out, w_out = sizes
    # one boolean mask per square position, all at once
    tops = torch.arange(h_out) * stride
    lefts = torch.arange(w_out) * stride
    rows, cols = torch.arange(h), torch.arange(w)
    in_rows = (rows[None, :] >= tops[:, None]) & (rows[None, :] < tops[:, None] + patch)     # (h_out, h)
    in_cols = (cols[None, :] >= lefts[:, None]) & (cols[None, :] < lefts[:, None] + patch)  # (w_out, w)
    masks = (in_rows[:, None, :, None] & in_cols[None, :, None, :]).reshape(h_out * w_out, 1, h, w)
    model.train(False)
    with torch.inference_mode():
        hidden = torch.where(masks.to(x.device), x.new_tensor(fill), x.unsqueeze(0))
        p0 = torch.softmax(model(x.unsqueeze(0)), dim=-1)[0, target]
        p = torch.softmax(model(hidden), dim=-1)[:, target]
        drop = (p0 - p).view(h_out, w_out)
    return np.asarray(drop.cpu(), dtype=np.float64)
'''),
    Alternative(cell="occlusion_map", name="occ-row-batches-detach", source='''
def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):
    if x.ndim != 3:
        raise ValueError("x must be a single (C, H, W) image")
    if patch < 1 or stride < 1:
        raise ValueError("patch and stride must be >= 1")
    for n in x.shape[1:]:
        if patch > n or (n - patch) % stride:
            raise ValueError(f"size {n} with patch {patch} and stride {stride} gives no whole number of positions")
    n_rows = (x.shape[1] - patch) // stride + 1
    n_cols = (x.shape[2] - patch) // stride + 1
    model.eval()
    image = x.detach()
    p_orig = F.softmax(model(image[None]).detach(), dim=1)[0, target]
    rows = []
    for i in range(n_rows):
        batch = []
        for j in range(n_cols):
            img = image.clone()
            img[:, i * stride:i * stride + patch, j * stride:j * stride + patch].fill_(fill)
            batch.append(img)
        probs = F.softmax(model(torch.stack(batch)).detach(), dim=1)[:, target]
        rows.append(p_orig - probs)
    return torch.stack(rows).double().cpu().numpy()
'''),
    # ------------------------------------------------------------ saliency
    Alternative(cell="saliency", name="sal-backward-on-a-copy", source='''
def saliency(model, x, target):
    if x.dim() != 3:
        raise ValueError(f"x must be (C, H, W), got {tuple(x.shape)}")
    model.train(False)
    img = x.clone().detach()
    img.requires_grad = True
    scores = model(img.unsqueeze(0))
    scores[0, target].backward()
    sal, _ = img.grad.abs().max(dim=0)
    return sal.detach().cpu().numpy().astype(np.float64)
'''),
    Alternative(cell="saliency", name="sal-functional-jacobian", source='''
def saliency(model, x, target):
    if len(x.shape) != 3:
        raise ValueError("saliency takes one image of shape (C, H, W)")
    model.eval()

    def score(image):
        return model(image.unsqueeze(0))[0, target]

    grad = torch.autograd.functional.jacobian(score, x.detach())     # (C, H, W)
    return np.abs(grad.cpu().numpy()).max(axis=0).astype(np.float64)
'''),
    Alternative(cell="saliency", name="sal-enable-grad-sum-of-scores", source='''
def saliency(model, x, target):
    if x.ndim != 3:
        raise ValueError(f"one image (C, H, W) expected, got shape {tuple(x.shape)}")
    model.eval()
    with torch.enable_grad():
        inp = x.detach().clone()[None]
        inp.requires_grad_()
        out = model(inp)
        g = torch.autograd.grad(out[:, target].sum(), [inp])[0][0]
    return np.max(np.abs(g.cpu().numpy()), axis=0).astype(np.float64)
'''),
]

# Round 22: the recurrence unrolled into sums over running products of the strides.
ALTERNATIVES += [
    Alternative(cell="receptive_field", name="rf-list-comprehension-of-running-products", source='''
def receptive_field(layers):
    for k, s, p in layers:
        if min(k, s) < 1 or p < 0:
            raise ValueError(f"invalid layer (kernel={k}, stride={s}, padding={p})")
    jumps = [1]
    for _, s, _ in layers:
        jumps.append(jumps[-1] * s)
    out = []
    for n in range(1, len(layers) + 1):
        size = 1 + sum((layers[i][0] - 1) * jumps[i] for i in range(n))
        start = sum(((layers[i][0] - 1) / 2 - layers[i][2]) * jumps[i] for i in range(n))
        out.append((size, jumps[n], start))
    return out
'''),
]

# Round 22: torch.inference_mode() for torch.no_grad().
ALTERNATIVES += [
    Alternative(cell="occlusion_map", name="occ-inference-mode", source='''
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
    with torch.inference_mode():
        batch = x.detach().unsqueeze(0).repeat(1 + h_out * w_out, 1, 1, 1)
        for i in range(h_out):
            for j in range(w_out):
                batch[1 + i * w_out + j, :, i * stride:i * stride + patch, j * stride:j * stride + patch] = fill
        probs = torch.softmax(model(batch), dim=1)[:, target]
    return (probs[0] - probs[1:]).reshape(h_out, w_out).cpu().numpy().astype(np.float64)
'''),
]
