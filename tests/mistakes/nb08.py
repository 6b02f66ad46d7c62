"""Plausible wrong implementations for 08_alexnet_gpu.

Each variant is the correct solution with one edit (``_edit`` checks that the
edit applies), so the mistake is visible at a glance and stays in step with
the solution. Every mistake here must lose points on a grader without a GPU:
the checks of device moves and autocast simulate device "cuda" on any
grader (see test_train_step_gpu_habits), so the ones below that concern
CUDA (no autocast, float16 without a GradScaler, the device ignored) lose
points on a CPU grader and a GPU grader alike.
"""

from __future__ import annotations

from tests.mistakes import Mistake

NOTEBOOK = "08_alexnet_gpu"

ALEXNET = '''
class AlexNet(nn.Module):
    def __init__(self, num_classes=1000, in_channels=3, dropout=0.5):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 96, kernel_size=11, stride=4),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(96, 256, kernel_size=5, padding=2),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(256, 384, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(384, 384, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )
        self.classifier = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(256 * 6 * 6, 4096),
            nn.ReLU(inplace=True),
            nn.Dropout(dropout),
            nn.Linear(4096, 4096),
            nn.ReLU(inplace=True),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)
'''

FEATURE_SHAPES = '''
def feature_shapes(model, input_shape):
    shapes = []
    handles = []
    for name, module in model.named_modules():
        if next(module.children(), None) is None:
            def hook(mod, inputs, output, name=name):
                shapes.append((name, tuple(output.shape)))
            handles.append(module.register_forward_hook(hook))
    first = next(model.parameters(), None)
    device = first.device if first is not None else torch.device("cpu")
    dtype = first.dtype if first is not None and first.is_floating_point() else torch.float32
    was_training = model.training
    try:
        model.eval()
        with torch.no_grad():
            model(torch.zeros(input_shape, device=device, dtype=dtype))
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    return shapes
'''

TRAIN_STEP = '''
def train_step(model, x, y, optimizer, device, scaler=None):
    device = torch.device(device)
    model.train()
    x = x.to(device, non_blocking=True, memory_format=torch.channels_last)
    y = y.to(device, non_blocking=True)
    optimizer.zero_grad(set_to_none=True)
    dtype = torch.float16 if scaler is not None else torch.bfloat16
    with torch.autocast(device_type=device.type, dtype=dtype, enabled=device.type == "cuda"):
        loss = F.cross_entropy(model(x), y)
    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return loss.item()
'''


def _edit(source: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        if source.count(old) < 1:
            raise ValueError(f"mistake edit does not apply: {old!r}")
        source = source.replace(old, new)
    return source


A = ["test_AlexNet_params"]
L = ["test_AlexNet_layers"]
FW = ["test_AlexNet_forward"]

MISTAKES = [
    # ------------------------------------------------------------------ AlexNet
    Mistake(cell="AlexNet", name="conv1-stride-2", loses=L + FW, source=_edit(
        ALEXNET, ("kernel_size=11, stride=4", "kernel_size=11, stride=2"))),
    Mistake(cell="AlexNet", name="conv2-no-padding", loses=L + FW, source=_edit(
        ALEXNET, ("nn.Conv2d(96, 256, kernel_size=5, padding=2)", "nn.Conv2d(96, 256, kernel_size=5)"))),
    Mistake(cell="AlexNet", name="fc7-2048-units", loses=A + L + FW, source=_edit(
        ALEXNET, ("nn.Linear(4096, 4096)", "nn.Linear(4096, 2048)"),
        ("nn.Linear(4096, num_classes)", "nn.Linear(2048, num_classes)"))),
    Mistake(cell="AlexNet", name="fc6-sized-for-224", loses=A + L + FW, source=_edit(
        ALEXNET, ("nn.Linear(256 * 6 * 6, 4096)", "nn.Linear(256 * 5 * 5, 4096)"))),
    Mistake(cell="AlexNet", name="no-dropout", loses=L, source=_edit(
        ALEXNET, ("            nn.Dropout(dropout),\n", ""))),
    Mistake(cell="AlexNet", name="dropout-argument-ignored", loses=L, source=_edit(
        ALEXNET, ("nn.Dropout(dropout)", "nn.Dropout(0.5)"))),
    Mistake(cell="AlexNet", name="no-relu-after-fc7", loses=L + FW, source=_edit(
        ALEXNET, ("nn.Linear(4096, 4096),\n            nn.ReLU(inplace=True),\n",
                  "nn.Linear(4096, 4096),\n"))),
    Mistake(cell="AlexNet", name="non-overlapping-pooling", loses=L + FW, source=_edit(
        ALEXNET, ("nn.MaxPool2d(kernel_size=3, stride=2)", "nn.MaxPool2d(kernel_size=2, stride=2)"))),
    Mistake(cell="AlexNet", name="average-pooling", loses=L + FW, source=_edit(
        ALEXNET, ("nn.MaxPool2d(kernel_size=3, stride=2)", "nn.AvgPool2d(kernel_size=3, stride=2)"))),
    Mistake(cell="AlexNet", name="conv1-padding-2", loses=L + FW, keeps=A, source=_edit(
        ALEXNET, ("kernel_size=11, stride=4", "kernel_size=11, stride=4, padding=2"))),
    Mistake(cell="AlexNet", name="in-channels-ignored", loses=A + L + FW, source=_edit(
        ALEXNET, ("nn.Conv2d(in_channels, 96", "nn.Conv2d(3, 96"))),
    Mistake(cell="AlexNet", name="torchvision-layout", loses=A + L + FW, source=_edit(
        ALEXNET, ("nn.Conv2d(in_channels, 96, kernel_size=11, stride=4)",
                  "nn.Conv2d(in_channels, 64, kernel_size=11, stride=4, padding=2)"),
        ("nn.Conv2d(96, 256, kernel_size=5, padding=2)", "nn.Conv2d(64, 192, kernel_size=5, padding=2)"),
        ("nn.Conv2d(256, 384, kernel_size=3, padding=1)", "nn.Conv2d(192, 384, kernel_size=3, padding=1)"))),

    # ------------------------------------------------------------ feature_shapes
    Mistake(cell="feature_shapes", name="records-input-shapes", loses=["test_feature_shapes", "test_feature_shapes_clean"],
            source=_edit(FEATURE_SHAPES, ("tuple(output.shape)", "tuple(inputs[0].shape)"))),
    Mistake(cell="feature_shapes", name="hooks-containers-too",
            loses=["test_feature_shapes", "test_feature_shapes_clean"],
            source=_edit(FEATURE_SHAPES, ("        if next(module.children(), None) is None:\n",
                                          "        if True:\n"))),
    Mistake(cell="feature_shapes", name="class-names", loses=["test_feature_shapes", "test_feature_shapes_clean"],
            source=_edit(FEATURE_SHAPES, ("shapes.append((name, ", "shapes.append((type(mod).__name__, "))),
    Mistake(cell="feature_shapes", name="last-part-of-name", loses=["test_feature_shapes"],
            source=_edit(FEATURE_SHAPES, ("shapes.append((name, ", "shapes.append((name.split('.')[-1], "))),
    Mistake(cell="feature_shapes", name="no-batch-dimension", loses=["test_feature_shapes", "test_feature_shapes_clean"],
            source=_edit(FEATURE_SHAPES, ("tuple(output.shape)", "tuple(output.shape[1:])"))),
    Mistake(cell="feature_shapes", name="hooks-left-behind", loses=["test_feature_shapes_clean"],
            source=_edit(FEATURE_SHAPES, ("            handle.remove()\n", "            pass\n"))),
    Mistake(cell="feature_shapes", name="survey-in-training-mode", loses=["test_feature_shapes_clean"],
            source=_edit(FEATURE_SHAPES, ("        model.eval()\n", ""))),
    Mistake(cell="feature_shapes", name="mode-not-restored", loses=["test_feature_shapes_clean"],
            source=_edit(FEATURE_SHAPES, ("        model.train(was_training)\n", ""))),
    Mistake(cell="feature_shapes", name="always-float32-cpu-input", loses=["test_feature_shapes_clean"],
            source=_edit(FEATURE_SHAPES, ("torch.zeros(input_shape, device=device, dtype=dtype)",
                                          "torch.zeros(input_shape)"))),

    # ---------------------------------------------------------------- train_step
    Mistake(cell="train_step", name="no-zero-grad", loses=["test_train_step_update"],
            source=_edit(TRAIN_STEP, ("    optimizer.zero_grad(set_to_none=True)\n", ""))),
    # a learner's trial (issue 23): the gradients cleared between backward and step
    Mistake(cell="train_step", name="zero-grad-between-backward-and-step", loses=["test_train_step_update"],
            keeps=["test_train_step_loss", "test_train_step_loss_type", "test_train_step_mode"],
            source=_edit(TRAIN_STEP, ("    optimizer.zero_grad(set_to_none=True)\n", ""),
                         ("        scaler.scale(loss).backward()\n",
                          "        scaler.scale(loss).backward()\n        optimizer.zero_grad(set_to_none=True)\n"),
                         ("        loss.backward()\n",
                          "        loss.backward()\n        optimizer.zero_grad(set_to_none=True)\n"))),
    Mistake(cell="train_step", name="returns-tensor", loses=["test_train_step_loss_type"],
            keeps=["test_train_step_loss", "test_train_step_update", "test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("return loss.item()", "return loss"))),
    Mistake(cell="train_step", name="no-backward", loses=["test_train_step_update", "test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("        loss.backward()\n", ""))),
    Mistake(cell="train_step", name="no-optimizer-step", loses=["test_train_step_update", "test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("        loss.backward()\n        optimizer.step()\n",
                                      "        loss.backward()\n"))),
    Mistake(cell="train_step", name="loss-after-update", loses=["test_train_step_loss"],
            source=_edit(TRAIN_STEP, ("    return loss.item()",
                                      "    with torch.no_grad():\n"
                                      "        return F.cross_entropy(model(x), y).item()"))),
    Mistake(cell="train_step", name="stays-in-eval-mode", loses=["test_train_step_mode"],
            keeps=["test_train_step_loss", "test_train_step_update"],
            source=_edit(TRAIN_STEP, ("    model.train()\n", ""))),
    Mistake(cell="train_step", name="bf16-autocast-on-cpu", loses=["test_train_step_loss", "test_train_step_update"],
            source=_edit(TRAIN_STEP, ('enabled=device.type == "cuda"', "enabled=True"),
                         ("dtype = torch.float16 if scaler is not None else torch.bfloat16",
                          "dtype = torch.bfloat16"))),
    Mistake(cell="train_step", name="no-channels-last", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, (", memory_format=torch.channels_last", ""))),
    Mistake(cell="train_step", name="scaler-ignored", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("    if scaler is not None:", "    if False:"))),
    Mistake(cell="train_step", name="returns-scaled-loss", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("        scaler.scale(loss).backward()\n",
                                      "        loss = scaler.scale(loss)\n        loss.backward()\n"))),
    # CUDA habits, checked with device "cuda" simulated on every grader
    Mistake(cell="train_step", name="no-autocast", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ('    with torch.autocast(device_type=device.type, dtype=dtype, '
                                      'enabled=device.type == "cuda"):\n        loss',
                                      "    if True:\n        loss"))),
    Mistake(cell="train_step", name="fp16-without-scaler", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("dtype = torch.float16 if scaler is not None else torch.bfloat16",
                                      "dtype = torch.float16"))),
    Mistake(cell="train_step", name="bf16-with-scaler", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("dtype = torch.float16 if scaler is not None else torch.bfloat16",
                                      "dtype = torch.bfloat16"))),
    Mistake(cell="train_step", name="autocast-never-enabled", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ('enabled=device.type == "cuda"', "enabled=False"))),
    Mistake(cell="train_step", name="autocast-device-type-cpu", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("device_type=device.type", 'device_type="cpu"'))),
    Mistake(cell="train_step", name="device-ignored", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("x = x.to(device, non_blocking=True, memory_format=torch.channels_last)",
                                      "x = x.contiguous(memory_format=torch.channels_last)"),
                         ("    y = y.to(device, non_blocking=True)\n", ""))),
    Mistake(cell="train_step", name="labels-left-on-host", loses=["test_train_step_gpu_habits"],
            source=_edit(TRAIN_STEP, ("    y = y.to(device, non_blocking=True)\n", ""))),
]

# Round 22: dropout after fc6 and fc7 instead of before them (the paper's and torchvision's order).
MISTAKES += [
    Mistake(cell="AlexNet", name="dropout-after-the-fc-layers", loses=["test_AlexNet_layers"],
            source=_edit(ALEXNET, ("            nn.Dropout(dropout),\n            nn.Linear(", "            nn.Linear("),
                         ("nn.ReLU(inplace=True),\n            nn.Linear(4096, 4096)",
                          "nn.ReLU(inplace=True),\n            nn.Dropout(dropout),\n            nn.Linear(4096, 4096)"),
                         ("nn.ReLU(inplace=True),\n            nn.Linear(4096, num_classes)",
                          "nn.ReLU(inplace=True),\n            nn.Dropout(dropout),\n            nn.Linear(4096, num_classes)"))),
]
