"""Plausible wrong implementations for 11_cnns_in_practice.

Each one is the solution with one edit (``_edit`` checks that the edit applies), so the mistake
is visible at a glance and stays in step with the solution. ``keeps`` names the test cells of
aspects the mistake gets right, which must keep their points.
"""

from __future__ import annotations

from tests.mistakes import Mistake

NOTEBOOK = "11_cnns_in_practice"

RESNET18 = '''
def resnet18(num_classes=1000):
    class ResNet18(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
            self.bn1 = nn.BatchNorm2d(64)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
            cin = 64
            for i, cout in enumerate((64, 128, 256, 512), start=1):
                stride = 1 if i == 1 else 2
                setattr(self, f"layer{i}", nn.Sequential(BasicBlock(cin, cout, stride), BasicBlock(cout, cout)))
                cin = cout
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(512, num_classes)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(torch.flatten(self.avgpool(x), 1))

    return ResNet18()
'''

PREPARE = '''
def prepare_transfer(model, num_classes, train_layers=()):
    for name, child in model.named_children():
        for p in child.parameters():
            p.requires_grad = name in train_layers
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    return model
'''

CROP_FLIP = '''
def random_crop_flip(x, pad, rng):
    n, _, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    offsets = rng.integers(0, 2 * pad + 1, size=(n, 2))
    flips = rng.random(n) < 0.5
    out = np.empty_like(x)
    for i, ((dy, dx), flip) in enumerate(zip(offsets, flips, strict=True)):
        crop = padded[i, :, dy:dy + h, dx:dx + w]
        out[i] = crop[:, :, ::-1] if flip else crop
    return out
'''

GRAD_CAM = '''
def grad_cam(model, layer, x, target):
    model.eval()
    store = {}
    handle = layer.register_forward_hook(lambda module, inputs, output: store.update(a=output))
    try:
        score = model(x.detach().clone().unsqueeze(0))[0, target]
    finally:
        handle.remove()
    a = store["a"]
    (grad,) = torch.autograd.grad(score, a)
    alpha = grad[0].mean(dim=(1, 2))
    cam = F.relu((alpha[:, None, None] * a[0]).sum(dim=0))
    cam = F.interpolate(cam[None, None].detach(), size=tuple(x.shape[-2:]), mode="bilinear", align_corners=False)[0, 0]
    top = cam.max()
    return (cam / top if top > 0 else cam).double().numpy()
'''

FGSM = '''
def fgsm(model, x, y, eps):
    model.eval()
    xg = x.detach().clone().requires_grad_(True)
    loss = F.cross_entropy(model(xg), y)
    (grad,) = torch.autograd.grad(loss, xg)
    return (x.detach() + eps * grad.sign()).clamp(0, 1)
'''


def _edit(source: str, old: str, new: str) -> str:
    assert old in source, f"edit does not apply: {old!r}"
    return source.replace(old, new, 1)


MISTAKES = [
    # ----------------------------------------------------------------- resnet18
    Mistake(cell="resnet18", name="conv1-with-bias", loses=["test_resnet18_state_dict"],
            source=_edit(RESNET18, "padding=3, bias=False)", "padding=3)")),
    Mistake(cell="resnet18", name="no-maxpool", loses=["test_resnet18_forward"], keeps=["test_resnet18_state_dict"],
            source=_edit(RESNET18, "x = self.maxpool(self.relu(self.bn1(self.conv1(x))))",
                         "x = self.relu(self.bn1(self.conv1(x)))")),
    Mistake(cell="resnet18", name="stages-in-a-modulelist", loses=["test_resnet18_state_dict"], source='''
def resnet18(num_classes=1000):
    class ResNet18(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
            self.bn1 = nn.BatchNorm2d(64)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
            stages, cin = [], 64
            for i, cout in enumerate((64, 128, 256, 512)):
                stages.append(nn.Sequential(BasicBlock(cin, cout, 1 if i == 0 else 2), BasicBlock(cout, cout)))
                cin = cout
            self.layers = nn.ModuleList(stages)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(512, num_classes)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            for stage in self.layers:
                x = stage(x)
            return self.fc(torch.flatten(self.avgpool(x), 1))

    return ResNet18()
'''),
    Mistake(cell="resnet18", name="layer2-without-stride", loses=["test_resnet18_forward"],
            keeps=["test_resnet18_state_dict"],
            source=_edit(RESNET18, "stride = 1 if i == 1 else 2", "stride = 1 if i <= 2 else 2")),
    # --------------------------------------------------------- prepare_transfer
    Mistake(cell="prepare_transfer", name="head-frozen-too", loses=["test_prepare_transfer_frozen"],
            keeps=["test_prepare_transfer_head"], source='''
def prepare_transfer(model, num_classes, train_layers=()):
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    for name, child in model.named_children():
        for p in child.parameters():
            p.requires_grad = name in train_layers
    return model
'''),
    Mistake(cell="prepare_transfer", name="train-layers-ignored", loses=["test_prepare_transfer_frozen"],
            keeps=["test_prepare_transfer_head"],
            source=_edit(PREPARE, "p.requires_grad = name in train_layers", "p.requires_grad = False")),
    Mistake(cell="prepare_transfer", name="head-sized-for-resnet18", loses=["test_prepare_transfer_head"],
            keeps=["test_prepare_transfer_frozen"],
            source=_edit(PREPARE, "nn.Linear(model.fc.in_features, num_classes)", "nn.Linear(512, num_classes)")),
    Mistake(cell="prepare_transfer", name="head-not-replaced", loses=["test_prepare_transfer_head"],
            source=_edit(PREPARE, "    model.fc = nn.Linear(model.fc.in_features, num_classes)\n", "")),
    # --------------------------------------------------------- random_crop_flip
    Mistake(cell="random_crop_flip", name="one-draw-per-batch", loses=["test_random_crop_flip_random"],
            keeps=["test_random_crop_flip_values", "test_random_crop_flip_input_unchanged"],
            source=_edit(_edit(CROP_FLIP, "rng.integers(0, 2 * pad + 1, size=(n, 2))",
                               "np.repeat(rng.integers(0, 2 * pad + 1, size=(1, 2)), n, axis=0)"),
                         "flips = rng.random(n) < 0.5", "flips = np.repeat(rng.random() < 0.5, n)")),
    Mistake(cell="random_crop_flip", name="vertical-flip",
            loses=["test_random_crop_flip_values", "test_random_crop_flip_random"],
            source=_edit(CROP_FLIP, "crop[:, :, ::-1] if flip", "crop[:, ::-1, :] if flip")),
    Mistake(cell="random_crop_flip", name="edge-padding",  # leaving the inputs alone counts only on a right result
            loses=["test_random_crop_flip_values", "test_random_crop_flip_input_unchanged"],
            source=_edit(CROP_FLIP, "(pad, pad), (pad, pad)))", "(pad, pad), (pad, pad)), mode=\"edge\")")),
    Mistake(cell="random_crop_flip", name="global-numpy-random", loses=["test_random_crop_flip_random"],
            keeps=["test_random_crop_flip_values"],
            source=_edit(_edit(CROP_FLIP, "offsets = rng.integers(0, 2 * pad + 1, size=(n, 2))",
                               "offsets = np.random.randint(0, 2 * pad + 1, size=(n, 2))"),
                         "flips = rng.random(n) < 0.5", "flips = np.random.rand(n) < 0.5")),
    Mistake(cell="random_crop_flip", name="offsets-up-to-pad", loses=["test_random_crop_flip_random"],
            source=_edit(CROP_FLIP, "rng.integers(0, 2 * pad + 1, size=(n, 2))", "rng.integers(0, pad + 1, size=(n, 2))")),
    Mistake(cell="random_crop_flip", name="flips-in-place", loses=["test_random_crop_flip_input_unchanged"],
            keeps=["test_random_crop_flip_values", "test_random_crop_flip_random"], source='''
def random_crop_flip(x, pad, rng):
    n, _, h, w = x.shape
    flips = rng.random(n) < 0.5
    x[flips] = x[flips][..., ::-1]          # flips the caller's array
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    offsets = rng.integers(0, 2 * pad + 1, size=(n, 2))
    return np.stack([padded[i, :, dy:dy + h, dx:dx + w] for i, (dy, dx) in enumerate(offsets)])
'''),
    # ------------------------------------------------------------------ grad_cam
    Mistake(cell="grad_cam", name="cam-no-relu",  # leaving the inputs alone counts only on a right result
            loses=["test_grad_cam_values", "test_grad_cam_input_unchanged"],
            source=_edit(GRAD_CAM, "cam = F.relu((alpha[:, None, None] * a[0]).sum(dim=0))",
                         "cam = (alpha[:, None, None] * a[0]).sum(dim=0)")),
    Mistake(cell="grad_cam", name="cam-gradient-times-activation", loses=["test_grad_cam_values"],
            source=_edit(GRAD_CAM, "cam = F.relu((alpha[:, None, None] * a[0]).sum(dim=0))",
                         "cam = F.relu((grad[0] * a[0]).sum(dim=0))")),
    Mistake(cell="grad_cam", name="cam-of-probability", loses=["test_grad_cam_values"],
            source=_edit(GRAD_CAM, "score = model(x.detach().clone().unsqueeze(0))[0, target]",
                         "score = torch.softmax(model(x.detach().clone().unsqueeze(0)), dim=1)[0, target]")),
    Mistake(cell="grad_cam", name="cam-not-resized", loses=["test_grad_cam_values"],
            source=_edit(GRAD_CAM, "    cam = F.interpolate(cam[None, None].detach(), size=tuple(x.shape[-2:]), "
                         "mode=\"bilinear\", align_corners=False)[0, 0]\n", "    cam = cam.detach()\n")),
    Mistake(cell="grad_cam", name="cam-training-mode", loses=["test_grad_cam_values"],
            source=_edit(GRAD_CAM, "    model.eval()\n", "")),
    Mistake(cell="grad_cam", name="cam-grad-into-callers-x", loses=["test_grad_cam_input_unchanged"],
            keeps=["test_grad_cam_values"], source='''
def grad_cam(model, layer, x, target):
    model.eval()
    store = {}

    def keep(module, inputs, output):
        output.retain_grad()
        store["a"] = output

    handle = layer.register_forward_hook(keep)
    x.requires_grad_(True)                     # changes the caller's tensor
    try:
        score = model(x.unsqueeze(0))[0, target]
    finally:
        handle.remove()
    score.backward()
    a = store["a"]
    alpha = a.grad[0].mean(dim=(1, 2))
    cam = F.relu((alpha[:, None, None] * a[0]).sum(dim=0))
    cam = F.interpolate(cam[None, None].detach(), size=tuple(x.shape[-2:]), mode="bilinear", align_corners=False)[0, 0]
    return (cam / cam.max() if cam.max() > 0 else cam).double().numpy()
'''),
    # ---------------------------------------------------------------------- fgsm
    Mistake(cell="fgsm", name="fgsm-descends", loses=["test_fgsm_values", "test_fgsm_input_unchanged"],  # leaving the inputs alone counts only on a right result
            source=_edit(FGSM, "x.detach() + eps * grad.sign()", "x.detach() - eps * grad.sign()")),
    Mistake(cell="fgsm", name="fgsm-raw-gradient", loses=["test_fgsm_values"],
            source=_edit(FGSM, "x.detach() + eps * grad.sign()", "x.detach() + eps * grad")),
    Mistake(cell="fgsm", name="fgsm-no-clip", loses=["test_fgsm_clip", "test_fgsm_input_unchanged"],  # leaving the inputs alone counts only on a right result
            keeps=["test_fgsm_values"],
            source=_edit(FGSM, "(x.detach() + eps * grad.sign()).clamp(0, 1)", "x.detach() + eps * grad.sign()")),
    Mistake(cell="fgsm", name="fgsm-training-mode", loses=["test_fgsm_values"],
            source=_edit(FGSM, "    model.eval()\n", "")),
    Mistake(cell="fgsm", name="fgsm-grad-on-callers-x", loses=["test_fgsm_input_unchanged"],
            keeps=["test_fgsm_values", "test_fgsm_clip"], source='''
def fgsm(model, x, y, eps):
    model.eval()
    x.requires_grad_(True)                     # the caller's tensor now tracks gradients
    F.cross_entropy(model(x), y).backward()
    return (x + eps * x.grad.sign()).clamp(0, 1).detach()
'''),
]

# Round 22: float32 images came back float64 (the tests held float64 images only), an adversarial batch that
# keeps its graph (the tests detached it themselves), a Grad-CAM map scaled to [0, 1] by its
# minimum too, and one left in a float32 model's dtype.
MISTAKES += [
    Mistake(cell="random_crop_flip", name="crop-returns-float64", loses=["test_random_crop_flip_values"],
            keeps=["test_random_crop_flip_random", "test_random_crop_flip_input_unchanged"],
            source=_edit(CROP_FLIP, "out = np.empty_like(x)", "out = np.zeros(x.shape)")),
    Mistake(cell="fgsm", name="fgsm-result-keeps-graph", loses=["test_fgsm_values"],
            keeps=["test_fgsm_clip", "test_fgsm_input_unchanged"],
            source=_edit(_edit(FGSM, "torch.autograd.grad(loss, xg)", "torch.autograd.grad(loss, xg, create_graph=True)"),
                         "(x.detach() + eps * grad.sign())", "(xg + eps * grad.sign())")),
    Mistake(cell="grad_cam", name="cam-min-max-normalised", loses=["test_grad_cam_values"],
            source=_edit(GRAD_CAM, "top = cam.max()\n    return (cam / top if top > 0 else cam).double().numpy()",
                         "lo, hi = cam.min(), cam.max()\n    return ((cam - lo) / (hi - lo) if hi > lo else cam * 0).double().numpy()")),
    Mistake(cell="grad_cam", name="cam-returns-model-dtype", loses=["test_grad_cam_values"],
            source=_edit(GRAD_CAM, ".double().numpy()", ".numpy()")),
]
