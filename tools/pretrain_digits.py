"""Pretrain the course's small ResNet on digits 0-4 and write the weights cnnlib ships.

    .venv/bin/python tools/pretrain_digits.py            # writes cnnlib/weights/digits04_resnet-<sha>.pth
    .venv/bin/python tools/pretrain_digits.py --check    # retrains and compares with the shipped file

Notebook 11 transfers this network to digits 5-9, the way ImageNet networks are transferred
to new tasks: the source task is digits 0-4 of the embedded MNIST training split (about 2,000
images, cnnlib.data.embedded_digits), never the digits 5-9 that the notebook learns from a few
labels, nor any test image. ``cnnlib.transfer.digits_resnet(5)`` (ResNet-18's layout at 1/8 of
its widths), Adam (lr 2e-3, cosine annealing to 0), batches of 64, random shifts of up to 2
pixels, seed 0, one CPU thread and PyTorch's deterministic algorithms: a rerun writes the same
bytes (tests/test_transfer.py reruns it shortened and compares twice-made files).

The weights are stored as float16 (half the size; the notebook casts them back to float32);
the file name ends in the first 8 hex digits of its SHA-256, torch.hub's convention, which
``cnnlib.transfer.pretrained_digits`` checks. Prints the test accuracy on digits 0-4.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def train(epochs: int, seed: int, quiet: bool = False, limit: int | None = None):
    """(the trained model in eval mode, its test accuracy on digits 0-4); ``limit`` trains on the
    first that many images only (the tests' short rerun)."""
    import torch

    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    try:
        return _train(epochs, seed, quiet, limit)
    finally:  # leave the caller's process as it was (the tests call this)
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)


class _ShiftedBatches:
    """The training batches of one epoch, drawn afresh on each pass: a permutation from ``gen``,
    then batches of 64, each padded by 2 and cut back to 28 x 28 at one random offset (``rng``)."""

    def __init__(self, x, y, gen, rng):
        self.x, self.y, self.gen, self.rng = x, y, gen, rng

    def __len__(self):
        return -(-len(self.x) // 64)

    def __iter__(self):
        import torch
        import torch.nn.functional as F

        order = torch.randperm(len(self.x), generator=self.gen)
        for i in range(0, len(self.x), 64):
            idx = order[i:i + 64]
            xb = F.pad(self.x[idx], (2, 2, 2, 2))
            dy, dx = self.rng.integers(0, 5, 2)  # one random shift per batch, up to 2 pixels each way
            yield xb[..., dy:dy + 28, dx:dx + 28], self.y[idx]


def _train(epochs, seed, quiet, limit):
    import numpy as np
    import torch

    from cnnlib import data, training, transfer

    torch.manual_seed(seed)
    ds = data.embedded_digits()
    x, y = transfer.digit_subset(ds.x_train, ds.y_train, transfer.SOURCE_CLASSES)
    x, y = x[:limit], y[:limit]
    xt, yt = transfer.digit_subset(ds.x_test, ds.y_test, transfer.SOURCE_CLASSES)
    model = transfer.digits_resnet(len(transfer.SOURCE_CLASSES))
    batches = _ShiftedBatches(x, y, torch.Generator().manual_seed(seed), np.random.default_rng(seed))
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * len(batches))

    def one_epoch(model, loader, optimizer, device):
        # cnnlib's train_epoch, plus the cosine schedule stepped after every batch (not every epoch)
        model.train()
        total = 0.0
        for xb, yb in loader:
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            sched.step()
            total += loss.item() * len(yb)
        return total / len(x)

    # no validation and no stop rule: the source task trains for its fixed epochs (the one loop of
    # cnnlib.training); the test digits are read once, after training
    training.fit(model, batches, epochs=epochs, optimizer=opt, device=torch.device("cpu"),
                 train_one_epoch=one_epoch, verbose=not quiet)
    acc = transfer.accuracy(model, xt, yt)
    return model, acc


def serialise(model) -> bytes:
    """The state dict as float16 (integers kept), in torch.save's format."""
    import torch

    sd = {k: (v.half() if v.is_floating_point() else v) for k, v in model.state_dict().items()}
    buf = io.BytesIO()
    torch.save(sd, buf)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=ROOT / "cnnlib" / "weights",
                   help="folder to write digits04_resnet-<sha256 prefix>.pth into")
    p.add_argument("--check", action="store_true",
                   help="retrain and compare with cnnlib.transfer.DIGITS_WEIGHTS; exit 1 when they differ")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.epochs < 1:
        p.error("--epochs must be at least 1")
    model, acc = train(args.epochs, args.seed, args.quiet)
    blob = serialise(model)
    name = f"digits04_resnet-{hashlib.sha256(blob).hexdigest()[:8]}.pth"
    print(f"test accuracy on digits 0-4: {acc:.2%}; {len(blob):,} bytes; {name}")
    if args.check:
        from cnnlib import transfer

        same = transfer.DIGITS_WEIGHTS.exists() and transfer.DIGITS_WEIGHTS.read_bytes() == blob
        print("the shipped weights are reproduced" if same else
              f"differs from the shipped {transfer.DIGITS_WEIGHTS.name}")
        return 0 if same else 1
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / name).write_bytes(blob)
    print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
