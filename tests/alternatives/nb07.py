"""Correct variants for notebook 07 (LeNet-5 in PyTorch)."""

from tests.alternatives import Alternative

NOTEBOOK = "07_lenet"

ALTERNATIVES = [
    Alternative(cell="LeNet5", name="lenet-modules-and-flatten", source='''
class LeNet5(nn.Module):
    def __init__(self, num_classes=10, in_channels=1):
        super().__init__()
        self.fc3 = nn.Linear(84, num_classes)       # created last-first: the order must not matter
        self.fc2 = nn.Linear(120, 84)
        self.fc1 = nn.Linear(400, 120)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.conv1 = nn.Conv2d(in_channels, 6, 5)
        self.pool = nn.MaxPool2d(2)
        self.act = nn.ReLU()
        self.flat = nn.Flatten()

    def forward(self, x):
        x = self.pool(self.act(self.conv1(x)))
        x = self.pool(self.act(self.conv2(x)))
        x = self.flat(x)
        return self.fc3(self.act(self.fc2(self.act(self.fc1(x)))))
'''),
    Alternative(cell="LeNet5", name="lenet-view-and-relu-in-place", source='''
class LeNet5(nn.Module):
    def __init__(self, num_classes=10, in_channels=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, kernel_size=(5, 5), stride=1, padding=0)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=(5, 5))
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x), inplace=True), kernel_size=2, stride=2)
        x = F.max_pool2d(F.relu(self.conv2(x), inplace=True), kernel_size=2, stride=2)
        x = x.reshape(x.size(0), -1)
        x = F.relu(self.fc1(x))
        return self.fc3(F.relu(self.fc2(x)))
'''),
    Alternative(cell="train_one_epoch", name="train-counts-images-first", source='''
def train_one_epoch(model, loader, optimizer, device):
    n_images = sum(len(y) for _, y in loader)      # walks the loader once more
    model.train()
    total = 0.0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad(set_to_none=True)
        out = model(x)
        loss = F.cross_entropy(out, y, reduction="sum")
        (loss / len(y)).backward()
        optimizer.step()
        total += loss.item()
    return total / n_images
'''),
    Alternative(cell="train_one_epoch", name="train-criterion-and-list", source='''
def train_one_epoch(model, loader, optimizer, device):
    criterion = nn.CrossEntropyLoss()
    model.train(True)
    losses, sizes = [], []
    for batch in loader:
        inputs, labels = (t.to(device) for t in batch)
        loss = criterion(model(inputs), labels)
        model.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
        sizes.append(labels.shape[0])
    sizes = torch.tensor(sizes, dtype=torch.float32)
    return float((torch.stack(losses) * sizes).sum() / sizes.sum())
'''),
    Alternative(cell="evaluate", name="evaluate-inference-mode", source='''
def evaluate(model, loader, device):
    model.eval()
    hits, seen = 0, 0
    with torch.inference_mode():
        for x, y in loader:
            pred = model(x.to(device)).argmax(1)
            hits += int((pred == y.to(device)).sum())
            seen += y.numel()
    return hits / seen
'''),
    Alternative(cell="evaluate", name="evaluate-collects-predictions", source='''
def evaluate(model, loader, device):
    model.train(False)
    preds, labels = [], []
    with torch.no_grad():
        for x, y in loader:
            preds.append(torch.max(model(x.to(device)), dim=1).indices.cpu())
            labels.append(y)
    return (torch.cat(preds) == torch.cat(labels)).float().mean().item()
'''),
]

ALTERNATIVES += [
    Alternative(cell="LeNet5", name="lenet-two-sequentials", source='''
class LeNet5(nn.Module):
    def __init__(self, num_classes=10, in_channels=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, num_classes)
        self.features = nn.Sequential(self.conv1, nn.ReLU(), nn.MaxPool2d(2, 2),
                                      self.conv2, nn.ReLU(), nn.MaxPool2d(2, 2))
        self.head = nn.Sequential(nn.Flatten(), self.fc1, nn.ReLU(), self.fc2, nn.ReLU(), self.fc3)

    def forward(self, x):
        return self.head(self.features(x))
'''),
    Alternative(cell="train_one_epoch", name="train-enumerate-running-sum", source='''
def train_one_epoch(model, loader, optimizer, device):
    model.train()
    running, seen = 0.0, 0
    for step, (images, targets) in enumerate(loader):
        images, targets = images.to(device), targets.to(device)
        logits = model(images)
        loss = F.cross_entropy(logits, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running += float(loss) * images.size(0)
        seen += images.size(0)
    return running / max(seen, 1)
'''),
    Alternative(cell="evaluate", name="evaluate-float-counts-restores-mode", source='''
def evaluate(model, loader, device):
    was = model.training
    model.eval()
    correct = total = 0.0
    with torch.no_grad():
        for x, y in loader:
            out = model(x.to(device))
            correct += (out.argmax(dim=-1).cpu() == y).float().sum().item()
            total += float(len(x))
    model.train(was)
    return correct / total
'''),
]

# Round 22: counts divided by len(loader.dataset); a summed loss divided by the batch, gradients set to None.
ALTERNATIVES += [
    Alternative(cell="evaluate", name="evaluate-divides-by-dataset-size", source='''
def evaluate(model, loader, device):
    model.train(False)
    right = 0
    with torch.no_grad():
        for images, labels in loader:
            scores = model(images.to(device))
            right += int(torch.sum(scores.argmax(1) == labels.to(device)))
    return right / len(loader.dataset)
'''),
    Alternative(cell="train_one_epoch", name="train-divides-by-dataset-size", source='''
def train_one_epoch(model, loader, optimizer, device):
    model.train(True)
    total = 0.0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        for p in model.parameters():
            p.grad = None
        loss = nn.CrossEntropyLoss(reduction="sum")(model(images), labels) / len(labels)
        loss.backward()
        optimizer.step()
        total += float(loss) * labels.numel()
    return total / len(loader.dataset)
'''),
]

# Round 22: predictions compared on the host (the labels stay there, rightly); labels moved to the scores' device.
ALTERNATIVES += [
    Alternative(cell="evaluate", name="evaluate-compares-on-the-host", source='''
def evaluate(model, loader, device):
    model.eval()
    right, seen = 0, 0
    with torch.no_grad():
        for x, y in loader:
            pred = model(x.to(device)).argmax(dim=1).cpu()
            right += int((pred == y).sum())
            seen += y.shape[0]
    return right / seen
'''),
    Alternative(cell="train_one_epoch", name="train-labels-to-the-scores-device", source='''
def train_one_epoch(model, loader, optimizer, device):
    model.train()
    losses, sizes = [], []
    for x, y in loader:
        scores = model(x.to(device))
        loss = F.cross_entropy(scores, y.to(scores.device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        sizes.append(len(x))
    return sum(l * s for l, s in zip(losses, sizes)) / sum(sizes)
'''),
]
