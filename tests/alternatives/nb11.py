"""Correct variants for notebook 11 (ResNet-18, transfer, augmentation, Grad-CAM, FGSM)."""

from tests.alternatives import Alternative

NOTEBOOK = "11_cnns_in_practice"

ALTERNATIVES = [
    # ------------------------------------------------------------------ resnet18
    Alternative(cell="resnet18", name="resnet-sequential-ordereddict", source='''
def resnet18(num_classes=1000):
    from collections import OrderedDict

    def stage(cin, cout, stride):
        return nn.Sequential(BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1))

    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)),
        ("bn1", nn.BatchNorm2d(64)),
        ("relu", nn.ReLU()),
        ("maxpool", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
        ("layer1", stage(64, 64, 1)),
        ("layer2", stage(64, 128, 2)),
        ("layer3", stage(128, 256, 2)),
        ("layer4", stage(256, 512, 2)),
        ("avgpool", nn.AdaptiveAvgPool2d(1)),
        ("flatten", nn.Flatten()),
        ("fc", nn.Linear(512, num_classes)),
    ]))
'''),
    Alternative(cell="resnet18", name="resnet-module-level-class-make-layer", source='''
class MyResNet(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._make_layer(64, 2, stride=1)
        self.layer2 = self._make_layer(128, 2, stride=2)
        self.layer3 = self._make_layer(256, 2, stride=2)
        self.layer4 = self._make_layer(512, 2, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * BasicBlock.expansion, num_classes)

    def _make_layer(self, planes, blocks, stride):
        layers = [BasicBlock(self.inplanes, planes, stride)]
        self.inplanes = planes
        layers += [BasicBlock(planes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)
        for name in ("layer1", "layer2", "layer3", "layer4"):
            x = getattr(self, name)(x)
        x = self.avgpool(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)


def resnet18(num_classes=1000):
    return MyResNet(num_classes)
'''),
    Alternative(cell="resnet18", name="resnet-mean-pool-functional", source='''
def resnet18(num_classes=1000):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            # created in another order; a state dict's keys do not depend on it
            self.fc = nn.Linear(512, num_classes)
            self.layer4 = nn.Sequential(BasicBlock(256, 512, 2), BasicBlock(512, 512))
            self.layer3 = nn.Sequential(BasicBlock(128, 256, 2), BasicBlock(256, 256))
            self.layer2 = nn.Sequential(BasicBlock(64, 128, 2), BasicBlock(128, 128))
            self.layer1 = nn.Sequential(BasicBlock(64, 64), BasicBlock(64, 64))
            self.bn1 = nn.BatchNorm2d(64)
            self.conv1 = nn.Conv2d(3, 64, (7, 7), stride=(2, 2), padding=(3, 3), bias=False)

        def forward(self, x):
            x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
            for stage in (self.layer1, self.layer2, self.layer3, self.layer4):
                x = stage(x)
            return self.fc(x.mean(dim=(2, 3)))

    return Net()
'''),
    # ---------------------------------------------------------- prepare_transfer
    Alternative(cell="prepare_transfer", name="prepare-named-parameters-prefix", source='''
def prepare_transfer(model, num_classes, train_layers=()):
    in_features = model.fc.in_features
    model.fc = nn.Linear(in_features, num_classes, bias=True)
    keep = set(train_layers) | {"fc"}
    for name, param in model.named_parameters():
        param.requires_grad_(name.split(".")[0] in keep)
    return model
'''),
    Alternative(cell="prepare_transfer", name="prepare-freeze-all-then-unfreeze", source='''
def prepare_transfer(model, num_classes, train_layers=()):
    for p in model.parameters():
        p.requires_grad = False
    for name in train_layers:
        for p in getattr(model, name).parameters():
            p.requires_grad = True
    old = model.fc
    model.fc = nn.Linear(old.in_features, num_classes).to(old.weight.dtype)
    return model
'''),
    Alternative(cell="prepare_transfer", name="prepare-setattr-modules-dict", source='''
def prepare_transfer(model, num_classes, train_layers=()):
    head = nn.Linear(model._modules["fc"].weight.shape[1], num_classes)
    setattr(model, "fc", head)
    for name, module in model.named_children():
        module.requires_grad_(name == "fc" or name in list(train_layers))
    return model
'''),
    # ---------------------------------------------------------- random_crop_flip
    Alternative(cell="random_crop_flip", name="crop-flip-other-draw-order", source='''
def random_crop_flip(x, pad, rng):
    out = np.zeros_like(x)
    n, c, h, w = x.shape
    for i in range(n):
        flip = rng.random() < 0.5                  # the flip first, then the window
        dy = rng.integers(2 * pad + 1)
        dx = rng.integers(2 * pad + 1)
        img = x[i][:, :, ::-1] if flip else x[i]
        if flip:
            dx = 2 * pad - dx                      # the mirrored window of the padded image
        big = np.zeros((c, h + 2 * pad, w + 2 * pad), dtype=x.dtype)
        big[:, pad:pad + h, pad:pad + w] = img
        out[i] = big[:, dy:dy + h, dx:dx + w]
    return out
'''),
    Alternative(cell="random_crop_flip", name="crop-flip-torch", source='''
def random_crop_flip(x, pad, rng):
    t = torch.from_numpy(np.ascontiguousarray(x))
    padded = F.pad(t, (pad, pad, pad, pad))
    h, w = x.shape[-2:]
    crops = []
    for i in range(x.shape[0]):
        dy, dx = (int(v) for v in rng.integers(low=0, high=2 * pad, size=2, endpoint=True))
        crop = padded[i, :, dy:dy + h, dx:dx + w]
        if rng.uniform() < 0.5:
            crop = torch.flip(crop, dims=[2])
        crops.append(crop)
    return torch.stack(crops).numpy().copy()
'''),
    Alternative(cell="random_crop_flip", name="crop-flip-vectorized-gather", source='''
def random_crop_flip(x, pad, rng):
    n, c, h, w = x.shape
    padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant", constant_values=0)
    dy = rng.integers(0, 2 * pad + 1, n)
    dx = rng.integers(0, 2 * pad + 1, n)
    flip = rng.choice([False, True], size=n)
    rows = dy[:, None] + np.arange(h)[None, :]                       # (n, h)
    cols = dx[:, None] + np.arange(w)[None, :]                       # (n, w)
    cols = np.where(flip[:, None], cols[:, ::-1], cols)
    out = padded[np.arange(n)[:, None, None, None], np.arange(c)[None, :, None, None],
                 rows[:, None, :, None], cols[:, None, None, :]]
    return out.astype(x.dtype)
'''),
    # ------------------------------------------------------------------ grad_cam
    Alternative(cell="grad_cam", name="cam-tensor-hook-backward", source='''
def grad_cam(model, layer, x, target):
    model.eval()
    acts, grads = [], []

    def forward_hook(module, inputs, output):
        acts.append(output.detach())
        output.register_hook(lambda g: grads.append(g.detach()))

    h = layer.register_forward_hook(forward_hook)
    scores = model(x.detach().unsqueeze(0).clone())
    h.remove()
    model.zero_grad()
    scores[0, target].backward()
    weights = grads[0].mean(dim=(2, 3), keepdim=True)               # (1, K, 1, 1)
    cam = torch.clamp((weights * acts[0]).sum(dim=1, keepdim=True), min=0)
    cam = cam / cam.max() if cam.max() > 0 else cam                  # scaled before resizing
    cam = F.interpolate(cam, size=x.shape[1:], mode="bilinear", align_corners=False)
    return cam[0, 0].numpy().astype(np.float64)
'''),
    Alternative(cell="grad_cam", name="cam-full-backward-hook-einsum", source='''
def grad_cam(model, layer, x, target):
    model.eval()
    saved = {}
    fh = layer.register_forward_hook(lambda m, i, o: saved.__setitem__("A", o.detach()))
    bh = layer.register_full_backward_hook(lambda m, gi, go: saved.__setitem__("G", go[0].detach()))
    try:
        xin = x.clone().detach()[None]
        out = model(xin)
        onehot = torch.zeros_like(out)
        onehot[0, target] = 1.0
        out.backward(onehot)
    finally:
        fh.remove()
        bh.remove()
    A, G = saved["A"][0], saved["G"][0]
    alpha = G.sum(dim=(1, 2)) / (G.shape[1] * G.shape[2])
    cam = torch.relu(torch.einsum("k,khw->hw", alpha, A))
    up = torch.nn.functional.interpolate(cam.unsqueeze(0).unsqueeze(0), size=(x.shape[1], x.shape[2]),
                                         mode="bilinear")[0, 0].numpy()
    m = up.max()
    return (up / m if m > 0 else up).astype("float64")
'''),
    Alternative(cell="grad_cam", name="cam-numpy-after-autograd", source='''
def grad_cam(model, layer, x, target):
    was_training = model.training
    model.train(False)
    captured = []
    handle = layer.register_forward_hook(lambda mod, inp, out: captured.append(out))
    scores = model(torch.unsqueeze(x.detach(), 0))
    handle.remove()
    A = captured[-1]
    dA = torch.autograd.grad(scores[:, target].sum(), A)[0][0].numpy()
    A = A[0].detach().numpy()
    alpha = dA.mean(axis=(1, 2))
    cam = np.maximum(np.tensordot(alpha, A, axes=1), 0.0)
    t = torch.from_numpy(np.ascontiguousarray(cam, dtype=np.float64))[None, None]
    up = F.interpolate(t, size=tuple(x.shape[1:]), mode="bilinear", align_corners=False)[0, 0].numpy()
    if was_training:
        model.train(True)
    return up / up.max() if up.max() > 0 else up
'''),
    # ---------------------------------------------------------------------- fgsm
    Alternative(cell="fgsm", name="fgsm-sum-loss-backward", source='''
def fgsm(model, x, y, eps):
    model.eval()
    x_adv = x.clone().detach()
    x_adv.requires_grad = True
    loss = F.cross_entropy(model(x_adv), y, reduction="sum")   # the sign is the same for the mean
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        x_adv = x_adv + eps * x_adv.grad.sign()
        x_adv = torch.clamp(x_adv, min=0.0, max=1.0)
    return x_adv.detach()
'''),
    Alternative(cell="fgsm", name="fgsm-log-softmax-nll-where", source='''
def fgsm(model, x, y, eps):
    model.eval()
    xx = x.detach().clone().requires_grad_()
    loss = F.nll_loss(F.log_softmax(model(xx), dim=1), y)
    g = torch.autograd.grad(loss, [xx])[0]
    adv = x.detach() + eps * torch.where(g > 0, 1.0, torch.where(g < 0, -1.0, 0.0)).to(x.dtype)
    return torch.minimum(torch.maximum(adv, torch.zeros_like(adv)), torch.ones_like(adv))
'''),
    Alternative(cell="fgsm", name="fgsm-nn-loss-module-clip", source='''
def fgsm(model, x, y, eps):
    criterion = nn.CrossEntropyLoss()
    model.eval()
    inp = torch.tensor(x.detach().numpy(), dtype=x.dtype, requires_grad=True)
    criterion(model(inp), y.long()).backward()
    perturbed = inp.detach() + eps * inp.grad.detach().sign()
    return perturbed.clip(0.0, 1.0)
'''),
]

# Round 22: summed gradients as Grad-CAM weights (the normalisation removes the factor h * w); a boolean-mask flip of stacked crops.
ALTERNATIVES += [
    Alternative(cell="grad_cam", name="cam-sum-of-gradients", source='''
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
    alpha = grad[0].sum(dim=(1, 2))
    cam = F.relu((alpha[:, None, None] * a[0]).sum(dim=0))
    cam = (F.interpolate(cam[None, None].detach(), size=tuple(x.shape[-2:]), mode="bilinear", align_corners=False)[0, 0])
    top = cam.max()
    return (cam / top if top > 0 else cam).double().numpy()
'''),
    Alternative(cell="random_crop_flip", name="crop-flip-np-flip-copy-input", source='''
def random_crop_flip(x, pad, rng):
    n, c, h, w = x.shape
    big = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=x.dtype)
    big[:, :, pad:pad + h, pad:pad + w] = x
    offsets = rng.integers(0, 2 * pad + 1, size=(n, 2))
    flips = rng.random(n) < 0.5
    out = np.stack([big[i, :, dy:dy + h, dx:dx + w] for i, (dy, dx) in enumerate(offsets)])
    out[flips] = np.flip(out[flips], axis=-1)
    return out
'''),
]
