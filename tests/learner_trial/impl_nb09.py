"""My own answers to notebook 09: WRONG has one beginner mistake, RIGHT is fixed."""

NOTEBOOK = "09_what_cnns_learn"

RECEPTIVE_FIELD = '''
def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    result = []
    for k, s, p in layers:
        if k < 1 or s < 1 or p < 0:
            raise ValueError(f"bad layer: kernel={k}, stride={s}, padding={p}")
        size = size + (k - 1) * jump
        start = start + ((k - 1) / 2 - p) * jump
        jump = jump * s
        result.append((size, jump, start))
    return result
'''

# mistake: the result is indexed by pixel position (i, j in steps of stride), not by window number
OCCLUSION_WRONG = '''
def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):
    if x.dim() != 3:
        raise ValueError(f"x must be (C, H, W), got {tuple(x.shape)}")
    c, h, w = x.shape
    if (h - patch) % stride != 0 or (w - patch) % stride != 0 or patch > h or patch > w:
        raise ValueError(f"size {h}x{w}, patch={patch}, stride={stride}: not a whole number of steps")
    h_out = (h - patch) // stride + 1
    w_out = (w - patch) // stride + 1
    model.eval()
    out = np.zeros((h_out, w_out))
    with torch.no_grad():
        p0 = torch.softmax(model(x.unsqueeze(0)), dim=1)[0, target].item()
        for i in range(0, h - patch + 1, stride):
            for j in range(0, w - patch + 1, stride):
                x2 = x.clone()
                x2[:, i:i + patch, j:j + patch] = fill
                p = torch.softmax(model(x2.unsqueeze(0)), dim=1)[0, target].item()
                out[i, j] = p0 - p
    return out
'''
OCCLUSION = OCCLUSION_WRONG.replace("out[i, j] = p0 - p", "out[i // stride, j // stride] = p0 - p")

SALIENCY = '''
def saliency(model, x, target):
    if x.dim() != 3:
        raise ValueError(f"x must be (C, H, W), got {tuple(x.shape)}")
    model.eval()
    x2 = x.detach().clone().unsqueeze(0)
    x2.requires_grad_(True)
    scores = model(x2)
    scores[0, target].backward()
    g = x2.grad[0].abs()
    return g.max(dim=0).values.numpy().astype(np.float64)
'''

WRONG = {"receptive_field": RECEPTIVE_FIELD, "occlusion_map": OCCLUSION_WRONG, "saliency": SALIENCY}
RIGHT = {"receptive_field": RECEPTIVE_FIELD, "occlusion_map": OCCLUSION, "saliency": SALIENCY}
