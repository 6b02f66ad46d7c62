"""My own answers to notebook 08: WRONG has one beginner mistake, RIGHT is fixed."""

NOTEBOOK = "08_alexnet_gpu"

ALEXNET = '''
class AlexNet(nn.Module):
    def __init__(self, num_classes=1000, in_channels=3, dropout=0.5):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 96, 11, stride=4)
        self.conv2 = nn.Conv2d(96, 256, 5, padding=2)
        self.conv3 = nn.Conv2d(256, 384, 3, padding=1)
        self.conv4 = nn.Conv2d(384, 384, 3, padding=1)
        self.conv5 = nn.Conv2d(384, 256, 3, padding=1)
        self.pool = nn.MaxPool2d(3, 2)
        self.relu = nn.ReLU()
        self.drop = nn.Dropout(dropout)
        self.fc6 = nn.Linear(256 * 6 * 6, 4096)
        self.fc7 = nn.Linear(4096, 4096)
        self.fc8 = nn.Linear(4096, num_classes)

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = self.relu(self.conv3(x))
        x = self.relu(self.conv4(x))
        x = self.pool(self.relu(self.conv5(x)))
        x = torch.flatten(x, 1)
        x = self.relu(self.fc6(self.drop(x)))
        x = self.relu(self.fc7(self.drop(x)))
        return self.fc8(x)
'''

FEATURE_SHAPES = '''
def feature_shapes(model, input_shape):
    p = next(model.parameters())
    x = torch.zeros(input_shape, dtype=p.dtype, device=p.device)
    result = []
    handles = []
    for name, m in model.named_modules():
        if len(list(m.children())) == 0:
            def hook(mod, inp, out, name=name):
                result.append((name, tuple(out.shape)))
            handles.append(m.register_forward_hook(hook))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    return result
'''

# mistake: zero_grad between backward and step, so step sees no gradient
TRAIN_STEP_WRONG = '''
def train_step(model, x, y, optimizer, device, scaler=None):
    device = torch.device(device)
    model.train()
    x = x.to(device, non_blocking=True, memory_format=torch.channels_last)
    y = y.to(device, non_blocking=True)
    if device.type == "cuda":
        dtype = torch.float16 if scaler is not None else torch.bfloat16
        with torch.autocast("cuda", dtype=dtype):
            loss = F.cross_entropy(model(x), y)
    else:
        loss = F.cross_entropy(model(x), y)
    if scaler is not None:
        scaler.scale(loss).backward()
        optimizer.zero_grad()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
    return loss.item()
'''
TRAIN_STEP = TRAIN_STEP_WRONG.replace(
    "    if scaler is not None:\n        scaler.scale", "    optimizer.zero_grad()\n    if scaler is not None:\n        scaler.scale"
).replace("backward()\n        optimizer.zero_grad()\n", "backward()\n")

WRONG = {"AlexNet": ALEXNET, "feature_shapes": FEATURE_SHAPES, "train_step": TRAIN_STEP_WRONG}
RIGHT = {"AlexNet": ALEXNET, "feature_shapes": FEATURE_SHAPES, "train_step": TRAIN_STEP}
