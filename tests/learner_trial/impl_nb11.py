"""My own answers to notebook 11: WRONG has one beginner mistake, RIGHT is fixed."""

NOTEBOOK = "11_cnns_in_practice"

RESNET18 = '''
def resnet18(num_classes=1000):
    model = nn.Module()
    model.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
    model.bn1 = nn.BatchNorm2d(64)
    model.relu = nn.ReLU(inplace=True)
    model.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
    model.layer1 = nn.Sequential(BasicBlock(64, 64), BasicBlock(64, 64))
    model.layer2 = nn.Sequential(BasicBlock(64, 128, 2), BasicBlock(128, 128))
    model.layer3 = nn.Sequential(BasicBlock(128, 256, 2), BasicBlock(256, 256))
    model.layer4 = nn.Sequential(BasicBlock(256, 512, 2), BasicBlock(512, 512))
    model.avgpool = nn.AdaptiveAvgPool2d(1)
    model.fc = nn.Linear(512, num_classes)

    def forward(x):
        x = model.maxpool(model.relu(model.bn1(model.conv1(x))))
        x = model.layer4(model.layer3(model.layer2(model.layer1(x))))
        x = torch.flatten(model.avgpool(x), 1)
        return model.fc(x)

    model.forward = forward
    return model
'''

PREPARE = '''
def prepare_transfer(model, num_classes, train_layers=()):
    for p in model.parameters():
        p.requires_grad = False
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    for name, child in model.named_children():
        if name in train_layers:
            for p in child.parameters():
                p.requires_grad = True
    return model
'''

# mistake: flips along H (axis 2, upside down), not W
CROP_FLIP_WRONG = '''
def random_crop_flip(x, pad, rng):
    n, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.empty_like(x)
    for i in range(n):
        dy = rng.integers(0, 2 * pad + 1)
        dx = rng.integers(0, 2 * pad + 1)
        img = padded[i, :, dy:dy + h, dx:dx + w]
        if rng.random() < 0.5:
            img = img[:, ::-1, :]
        out[i] = img
    return out
'''
CROP_FLIP = CROP_FLIP_WRONG.replace("img[:, ::-1, :]", "img[:, :, ::-1]")

GRAD_CAM = '''
def grad_cam(model, layer, x, target):
    model.eval()
    saved = {}

    def hook(mod, inp, out):
        saved["A"] = out
        out.retain_grad()

    h = layer.register_forward_hook(hook)
    try:
        scores = model(x.detach().unsqueeze(0))
    finally:
        h.remove()
    A = saved["A"]
    grad = torch.autograd.grad(scores[0, target], A)[0]
    alpha = grad.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((alpha * A).sum(dim=1, keepdim=True))
    cam = F.interpolate(cam, size=x.shape[1:], mode="bilinear", align_corners=False)[0, 0]
    cam = cam.detach().double().numpy()
    if cam.max() > 0:
        cam = cam / cam.max()
    return cam
'''

FGSM = '''
def fgsm(model, x, y, eps):
    model.eval()
    x2 = x.detach().clone().requires_grad_(True)
    loss = F.cross_entropy(model(x2), y)
    g, = torch.autograd.grad(loss, x2)
    return (x2 + eps * g.sign()).clamp(0, 1).detach()
'''

WRONG = {"resnet18": RESNET18, "prepare_transfer": PREPARE, "random_crop_flip": CROP_FLIP_WRONG,
         "grad_cam": GRAD_CAM, "fgsm": FGSM}
RIGHT = dict(WRONG, random_crop_flip=CROP_FLIP)
