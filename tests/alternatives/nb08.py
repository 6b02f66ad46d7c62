"""Correct variants for notebook 08 (AlexNet on a GPU)."""

from tests.alternatives import Alternative

NOTEBOOK = "08_alexnet_gpu"

ALTERNATIVES = [
    Alternative(cell="AlexNet", name="alexnet-classifier-created-first", source='''
class AlexNet(nn.Module):
    def __init__(self, num_classes=1000, in_channels=3, dropout=0.5):
        super().__init__()
        self.classifier = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
            nn.Dropout(dropout), nn.Linear(4096, 4096), nn.ReLU(inplace=True),
            nn.Linear(4096, num_classes))
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 96, 11, stride=4), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
            nn.Conv2d(96, 256, 5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
            nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))
'''),
    Alternative(cell="AlexNet", name="alexnet-one-sequential-with-flatten", source='''
class AlexNet(nn.Module):
    def __init__(self, num_classes=1000, in_channels=3, dropout=0.5):
        super().__init__()
        layers = []
        c_in = in_channels
        for c_out, k, s, p, pool in [(96, 11, 4, 0, True), (256, 5, 1, 2, True), (384, 3, 1, 1, False),
                                     (384, 3, 1, 1, False), (256, 3, 1, 1, True)]:
            layers += [nn.Conv2d(c_in, c_out, k, stride=s, padding=p), nn.ReLU()]
            if pool:
                layers.append(nn.MaxPool2d(kernel_size=3, stride=2))
            c_in = c_out
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout), nn.Linear(9216, 4096), nn.ReLU(),
            nn.Dropout(p=dropout), nn.Linear(4096, 4096), nn.ReLU(),
            nn.Linear(4096, num_classes))

    def forward(self, x):
        x = self.features(x)
        return self.classifier(x.view(x.shape[0], -1))
'''),
]

ALTERNATIVES += [
    Alternative(cell="AlexNet", name="alexnet-named-attributes-shared-relu", source='''
class AlexNet(nn.Module):
    def __init__(self, num_classes=1000, in_channels=3, dropout=0.5):
        super().__init__()
        self.fc8 = nn.Linear(4096, num_classes)       # created last-first
        self.fc7 = nn.Linear(4096, 4096)
        self.fc6 = nn.Linear(9216, 4096)
        self.conv1 = nn.Conv2d(in_channels, 96, kernel_size=11, stride=4)
        self.conv2 = nn.Conv2d(96, 256, kernel_size=5, padding=2)
        self.conv3 = nn.Conv2d(256, 384, kernel_size=3, padding=1)
        self.conv4 = nn.Conv2d(384, 384, kernel_size=3, padding=1)
        self.conv5 = nn.Conv2d(384, 256, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(3, 2)
        self.relu = nn.ReLU()
        self.drop = nn.Dropout(dropout)

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
'''),
    Alternative(cell="feature_shapes", name="shapes-hooks-via-modules-and-names", source='''
def feature_shapes(model, input_shape):
    names = {module: name for name, module in model.named_modules()}
    leaves = [m for m in model.modules() if len(list(m.children())) == 0]
    found, handles = [], []
    for leaf in leaves:
        handles.append(leaf.register_forward_hook(
            lambda mod, inp, out: found.append((names[mod], tuple(int(d) for d in out.shape)))))
    mode = model.training
    p = next(iter(model.parameters()), None)
    x = torch.zeros(*input_shape, dtype=p.dtype if p is not None else torch.float32,
                    device=p.device if p is not None else "cpu")
    model.eval()
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
        model.train(mode)
    return found
'''),
    Alternative(cell="feature_shapes", name="shapes-global-hook-context", source='''
def feature_shapes(model, input_shape):
    result = []
    leaf_names = {m: n for n, m in model.named_modules() if not list(m.children())}

    def record(module, inputs, output):
        if module in leaf_names:
            result.append((leaf_names[module], tuple(output.shape)))

    handles = [m.register_forward_hook(record) for m in leaf_names]
    first = next(model.parameters(), None)
    kwargs = {} if first is None else {"device": first.device, "dtype": first.dtype}
    training = model.training
    model.train(False)
    try:
        with torch.inference_mode():
            model(torch.zeros(tuple(input_shape), **kwargs))
    finally:
        while handles:
            handles.pop().remove()
        model.train(training)
    return result
'''),
    Alternative(cell="feature_shapes", name="shapes-list-entries", source='''
def feature_shapes(model, input_shape):
    shapes, hooks = [], []
    for name, module in model.named_modules():
        if not any(True for _ in module.children()):
            hooks.append(module.register_forward_hook(
                lambda m, i, o, name=name: shapes.append((name, tuple(o.size())))))
    state = model.training
    model.eval()
    try:
        params = list(model.parameters())
        x = torch.zeros(input_shape) if not params else torch.zeros(
            input_shape, dtype=params[0].dtype, device=params[0].device)
        with torch.no_grad():
            model(x)
    finally:
        for hook in hooks:
            hook.remove()
        if state:
            model.train()
    return shapes
'''),
    Alternative(cell="train_step", name="step-contiguous-channels-last", source='''
def train_step(model, x, y, optimizer, device, scaler=None):
    device = torch.device(device)
    model.train()
    x = x.to(device).contiguous(memory_format=torch.channels_last)
    y = y.to(device)
    optimizer.zero_grad()
    use_amp = device.type == "cuda"
    amp_dtype = torch.float16 if scaler else torch.bfloat16
    with torch.autocast(device.type, dtype=amp_dtype, enabled=use_amp):
        logits = model(x)
        loss = nn.functional.cross_entropy(logits, y)
    if scaler:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return float(loss.detach())
'''),
    Alternative(cell="train_step", name="step-criterion-and-branches", source='''
def train_step(model, x, y, optimizer, device, scaler=None):
    device = torch.device(device)
    criterion = nn.CrossEntropyLoss()
    model.train(True)
    inputs = x.to(device=device, memory_format=torch.channels_last, non_blocking=True)
    targets = y.to(device=device, non_blocking=True)
    for group in optimizer.param_groups:           # zero the gradients by hand
        for p in group["params"]:
            p.grad = None
    if device.type == "cuda":
        dtype = torch.bfloat16 if scaler is None else torch.float16
        with torch.autocast(device_type="cuda", dtype=dtype):
            loss = criterion(model(inputs), targets)
    else:
        loss = criterion(model(inputs), targets)
    if scaler is None:
        loss.backward()
        optimizer.step()
    else:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    return loss.item()
'''),
]

ALTERNATIVES += [
    Alternative(cell="train_step", name="step-amp-settings-first", source='''
def train_step(model, x, y, optimizer, device, scaler=None):
    device = torch.device(device)
    on_gpu = device.type == "cuda"
    amp = {"device_type": device.type, "enabled": on_gpu,
           "dtype": torch.bfloat16 if scaler is None else torch.float16}
    x, y = x.to(device, memory_format=torch.channels_last), y.to(device)
    model.train()
    optimizer.zero_grad(set_to_none=True)
    with torch.autocast(**amp):
        loss = F.cross_entropy(model(x), y)
    before = loss.item()
    (scaler.scale(loss) if scaler is not None else loss).backward()
    if scaler is not None:
        scaler.step(optimizer)
        scaler.update()
    else:
        optimizer.step()
    return before
'''),
]
