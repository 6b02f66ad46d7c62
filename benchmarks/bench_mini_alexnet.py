"""AlexNet's shape on a CPU (notebook 08 without a GPU): accuracy and images per second.

Trains ``cnnlib.models.MiniAlexNet`` exactly as notebook 08's training cell does on a
machine without CUDA: ``data.load_cifar10(download=False)`` (CIFAR-10 when it is in the
cache, else the embedded digits upscaled to 32x32 and replicated to 3 channels), batches
of 64, Adam (lr 0.001), up to ten epochs, one call of the notebook's own ``train_step`` per
batch (executed from solutions/08_alexnet_gpu.ipynb, not copied). As in the notebook, a tenth
of the training images (at most 5,000) is held out for validation; training stops after three
epochs without a better validation accuracy and keeps the best epoch's weights
(cnnlib.training.fit with training.EarlyStopping); the test accuracy is measured once, after training.
Records the validation accuracy after every epoch and the training images per second
(evaluation not counted).

For comparison, in the same run: one timed training step of the full-size AlexNet
(62,378,344 parameters, 227x227, batch 8) through the same ``train_step``, after one
warm-up step.
"""

from __future__ import annotations

import os
import time

EPOCHS = 10
BATCH = 64


def run(quick: bool = False) -> str:
    import torch

    from benchmarks.bench_alexnet import notebook_namespace
    from cnnlib import data, experiments, training
    from cnnlib.models import MiniAlexNet

    # One thread by default: on a shared 2-core machine two OpenMP threads spin-wait for each
    # other (as in bench_lenet); CNNLIB_BENCH_THREADS changes it.
    torch.set_num_threads(int(os.environ.get("CNNLIB_BENCH_THREADS", "1")))
    ns = notebook_namespace()
    train_step, AlexNet = ns["train_step"], ns["AlexNet"]
    cpu = torch.device("cpu")
    ds = data.load_cifar10(download=False, quiet=True)
    epochs = 1 if quick else EPOCHS
    if quick:
        from dataclasses import replace
        ds = replace(ds, x_train=ds.x_train[:512], y_train=ds.y_train[:512],
                     x_test=ds.x_test[:200], y_test=ds.y_test[:200])

    training.seed_everything(0)
    net = MiniAlexNet(num_classes=len(ds.classes), in_channels=3).to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    train, val = experiments.split_validation(ds, min(5000, len(ds.y_train) // 10), seed=0)
    tr, te = data.make_loaders(train, batch_size=BATCH)
    _, va = data.make_loaders(val, batch_size=BATCH)

    def one_epoch(model, loader, optimizer, device):
        total, count = 0.0, 0
        for x, y in loader:
            total += train_step(model, x, y, optimizer, device) * len(y)
            count += len(y)
        return total / max(count, 1)

    hist = training.fit(net, tr, va, epochs=epochs, optimizer=opt, device=cpu, train_one_epoch=one_epoch,
                        stop=training.EarlyStopping(patience=3), test_loader=te)
    mini_ips = len(train.y_train) * hist.epochs / hist.seconds[-1]
    test_acc = hist.test_acc   # once, with the best epoch's weights

    # the full-size AlexNet, one timed step after one warm-up step
    training.seed_everything(0)
    big = AlexNet(num_classes=10).to(memory_format=torch.channels_last)
    big_opt = torch.optim.SGD(big.parameters(), lr=0.01, momentum=0.9)
    gen = torch.Generator().manual_seed(0)
    xb, yb = torch.rand(8, 3, 227, 227, generator=gen), torch.randint(0, 10, (8,), generator=gen)
    train_step(big, xb, yb, big_opt, cpu)
    start = time.perf_counter()
    train_step(big, xb, yb, big_opt, cpu)
    big_ips = 8 / (time.perf_counter() - start)

    accs = ", ".join(f"{a:.1%}" for a in hist.val_acc)
    lines = [
        "### MiniAlexNet on a CPU: notebook 08 without a GPU",
        "",
        f"`cnnlib.models.MiniAlexNet` ({training.count_parameters(net):,} parameters), trained with "
        f"notebook 08's `train_step` (float32 on the CPU, channels_last), Adam (lr 0.001), batches of "
        f"{BATCH}, {hist.epochs} epoch(s); data: {ds.source}. PyTorch used {torch.get_num_threads()} CPU "
        f"thread(s) on a machine with {os.cpu_count()} cores shared with other work.",
        "",
        "| network | parameters | input | test accuracy | training images/s |",
        "|---|---:|---|---:|---:|",
        f"| MiniAlexNet | {training.count_parameters(net):,} | 3x32x32 | {test_acc:.2%} after "
        f"{hist.epochs} epoch(s), {hist.seconds[-1]:.0f} s (weights of epoch {hist.best_epoch}) | "
        f"{mini_ips:,.0f} |",
        f"| AlexNet (full size, one timed step of 8) | {training.count_parameters(big):,} | 3x227x227 | "
        f"(not trained here) | {big_ips:,.1f} |",
        "",
        f"Validation accuracy after each epoch: {accs}; the test set was used once, at the end. "
        f"MiniAlexNet trains {mini_ips / big_ips:,.0f} times as "
        "many images per second as the full-size AlexNet on this CPU.",
    ]
    if quick:
        lines.append("\n_(quick run: one epoch on 512 images; the accuracy means nothing.)_")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick=True))
