"""Plausible wrong implementations for notebook 07 (LeNet-5 in PyTorch).

Each one replaces one solution cell; the listed test cells must lose points.
"""

from tests.mistakes import Mistake

NOTEBOOK = "07_lenet"

_LAYERS = '''
        self.conv1 = nn.Conv2d(in_channels, 6, kernel_size=5)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)
'''

_FORWARD = '''
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
'''


def _lenet(layers=_LAYERS, forward=_FORWARD) -> str:
    return f'''
class LeNet5(nn.Module):
    def __init__(self, num_classes=10, in_channels=1):
        super().__init__()
{layers}
    def forward(self, x):
{forward}
'''


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


_TRAIN = '''
def train_one_epoch(model, loader, optimizer, device):
{body}
'''

_EVAL = '''
def evaluate(model, loader, device):
{body}
'''

MISTAKES = [
    # ------------------------------------------------------------ LeNet5
    Mistake(cell="LeNet5", name="same-padding",
            loses=["test_LeNet5_architecture", "test_LeNet5_forward", "test_LeNet5_numpy"],
            source=_lenet(layers=_LAYERS.replace("kernel_size=5)", "kernel_size=5, padding=2)")
                          .replace("16 * 5 * 5", "16 * 8 * 8"))),
    Mistake(cell="LeNet5", name="fc-sizes-swapped", loses=["test_LeNet5_architecture"],
            source=_lenet(layers=_LAYERS.replace("nn.Linear(16 * 5 * 5, 120)", "nn.Linear(16 * 5 * 5, 84)")
                          .replace("nn.Linear(120, 84)", "nn.Linear(84, 120)")
                          .replace("nn.Linear(84, num_classes)", "nn.Linear(120, num_classes)"))),
    Mistake(cell="LeNet5", name="ten-classes-hard-coded", loses=["test_LeNet5_architecture"],
            source=_lenet(layers=_LAYERS.replace("nn.Linear(84, num_classes)", "nn.Linear(84, 10)"))),
    Mistake(cell="LeNet5", name="conv1-single-channel-hard-coded",
            loses=["test_LeNet5_architecture", "test_LeNet5_numpy"],
            source=_lenet(layers=_LAYERS.replace("nn.Conv2d(in_channels, 6", "nn.Conv2d(1, 6"))),
    Mistake(cell="LeNet5", name="no-activation", loses=["test_LeNet5_forward"],
            source=_lenet(forward=_FORWARD.replace("F.relu(", "("))),
    Mistake(cell="LeNet5", name="flatten-channels-last", loses=["test_LeNet5_forward"],
            source=_lenet(forward=_swap(_FORWARD, "torch.flatten(x, 1)", "x.permute(0, 2, 3, 1).reshape(len(x), -1)"))),
    Mistake(cell="LeNet5", name="forward-returns-softmax", loses=["test_LeNet5_forward"],
            source=_lenet(forward=_swap(_FORWARD, "return self.fc3(x)", "return torch.softmax(self.fc3(x), dim=1)"))),
    Mistake(cell="LeNet5", name="relu-after-last-layer", loses=["test_LeNet5_forward"],
            source=_lenet(forward=_swap(_FORWARD, "return self.fc3(x)", "return F.relu(self.fc3(x))"))),
    Mistake(cell="LeNet5", name="average-pooling", loses=["test_LeNet5_forward"],
            source=_lenet(forward=_FORWARD.replace("F.max_pool2d(", "F.avg_pool2d("))),
    Mistake(cell="LeNet5", name="forward-without-gradients", loses=["test_LeNet5_forward_gradients"],
            keeps=["test_LeNet5_forward"],   # right scores: only the gradients test may fail
            source=_lenet(forward=_swap(_FORWARD, "return self.fc3(x)", "return self.fc3(x).detach()"))),
    Mistake(cell="LeNet5", name="conv1-without-bias", loses=["test_LeNet5_architecture", "test_LeNet5_numpy"],
            source=_lenet(layers=_LAYERS.replace("nn.Conv2d(in_channels, 6, kernel_size=5)",
                                                 "nn.Conv2d(in_channels, 6, kernel_size=5, bias=False)"))),
    # ------------------------------------------------------------ train_one_epoch
    Mistake(cell="train_one_epoch", name="forgets-zero-grad",
            loses=["test_train_one_epoch_updates", "test_train_one_epoch_loss"],
            source=_TRAIN.format(body='''
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count
''')),
    Mistake(cell="train_one_epoch", name="returns-last-loss", loses=["test_train_one_epoch_loss"],
            source=_TRAIN.format(body='''
    model.train()
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    return loss.item()
''')),
    Mistake(cell="train_one_epoch", name="no-train-mode", loses=["test_train_one_epoch_mode"],
            keeps=["test_train_one_epoch_updates", "test_train_one_epoch_loss"],   # right steps from train mode
            source=_TRAIN.format(body='''
    total, count = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count
''')),
    Mistake(cell="train_one_epoch", name="unweighted-mean-of-batches", loses=["test_train_one_epoch_loss"],
            source=_TRAIN.format(body='''
    model.train()
    losses = []
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
''')),
    Mistake(cell="train_one_epoch", name="sum-of-batch-losses", loses=["test_train_one_epoch_loss"],
            source=_TRAIN.format(body='''
    model.train()
    total = 0.0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total
''')),
    Mistake(cell="train_one_epoch", name="forgets-optimizer-step", loses=["test_train_one_epoch_updates"],
            source=_TRAIN.format(body='''
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        total += loss.item() * len(y)
        count += len(y)
    return total / count
''')),
    Mistake(cell="train_one_epoch", name="never-moves-batches-to-device", loses=["test_train_one_epoch_device"],
            keeps=["test_train_one_epoch_loss", "test_train_one_epoch_updates", "test_train_one_epoch_mode"],
            source=_TRAIN.format(body='''
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count
''')),
    # ------------------------------------------------------------ evaluate
    Mistake(cell="evaluate", name="no-eval-mode", loses=["test_evaluate_mode"],
            keeps=["test_evaluate_no_grad", "test_evaluate"],
            source=_EVAL.format(body='''
    correct, count = 0, 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            correct += (model(x).argmax(dim=1) == y).sum().item()
            count += len(y)
    return correct / count
''')),
    Mistake(cell="evaluate", name="no-no-grad", loses=["test_evaluate_no_grad"],
            keeps=["test_evaluate_mode", "test_evaluate"],
            source=_EVAL.format(body='''
    model.eval()
    correct, count = 0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        correct += (model(x).argmax(dim=1) == y).sum().item()
        count += len(y)
    return correct / count
''')),
    Mistake(cell="evaluate", name="divides-by-batches", loses=["test_evaluate"],
            source=_EVAL.format(body='''
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x.to(device)).argmax(dim=1) == y.to(device)).sum().item()
    return correct / len(loader)
''')),
    Mistake(cell="evaluate", name="mean-of-batch-accuracies", loses=["test_evaluate"],
            source=_EVAL.format(body='''
    model.eval()
    accs = []
    with torch.no_grad():
        for x, y in loader:
            accs.append((model(x.to(device)).argmax(dim=1) == y.to(device)).float().mean().item())
    return sum(accs) / len(accs)
''')),
    Mistake(cell="evaluate", name="percentage", loses=["test_evaluate"],
            source=_EVAL.format(body='''
    model.eval()
    correct, count = 0, 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x.to(device)).argmax(dim=1) == y.to(device)).sum().item()
            count += len(y)
    return 100.0 * correct / count
''')),
    Mistake(cell="evaluate", name="full-batches-assumed", loses=["test_evaluate"],
            source=_EVAL.format(body='''
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x.to(device)).argmax(dim=1) == y.to(device)).sum().item()
    return correct / (loader.batch_size * len(loader))
''')),
    Mistake(cell="evaluate", name="argmax-over-batch-axis", loses=["test_evaluate"],
            source=_EVAL.format(body='''
    model.eval()
    correct, count = 0, 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x.to(device)).argmax(dim=0)[:len(y)] == y.to(device)).sum().item()
            count += len(y)
    return correct / count
''')),
]

# Found in round 22: labels left on the host (only the model's inputs were watched), an evaluate that
# never moves its batches (no test looked), and a loss or accuracy returned as a tensor.
MISTAKES += [
    Mistake(cell="train_one_epoch", name="returns-loss-tensor-with-graph", loses=["test_train_one_epoch_loss"],
            keeps=["test_train_one_epoch_updates", "test_train_one_epoch_mode"], source=_TRAIN.format(body='''
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total = total + loss * len(y)
        count += len(y)
    return total / count''')),
    Mistake(cell="train_one_epoch", name="labels-left-on-host", loses=["test_train_one_epoch_device"],
            keeps=["test_train_one_epoch_loss", "test_train_one_epoch_updates", "test_train_one_epoch_mode"],
            source=_TRAIN.format(body='''
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        x = x.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count''')),
    Mistake(cell="evaluate", name="evaluate-never-moves-batches", loses=["test_evaluate"],
            keeps=["test_evaluate_mode", "test_evaluate_no_grad"], source=_EVAL.format(body='''
    model.eval()
    correct, count = 0, 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(dim=1) == y).sum().item()
            count += len(y)
    return correct / count''')),
    Mistake(cell="evaluate", name="evaluate-labels-left-on-host", loses=["test_evaluate"],
            keeps=["test_evaluate_mode", "test_evaluate_no_grad"], source=_EVAL.format(body='''
    model.eval()
    correct, count = 0, 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x.to(device)).argmax(dim=1) == y).sum().item()
            count += len(y)
    return correct / count''')),
    Mistake(cell="evaluate", name="evaluate-returns-tensor", loses=["test_evaluate"],
            keeps=["test_evaluate_mode", "test_evaluate_no_grad"], source=_EVAL.format(body='''
    model.eval()
    correct, count = 0, 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            correct += (model(x).argmax(dim=1) == y).sum()
            count += len(y)
    return correct / count''')),
]
