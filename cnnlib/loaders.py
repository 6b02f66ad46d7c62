"""PyTorch data loaders for a :class:`cnnlib.data.Dataset` (re-exported by cnnlib.data).

torch is imported inside the functions, so that ``import cnnlib.data`` stays
light for the NumPy notebooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .data import Dataset

__all__ = ["BatchTransform", "make_loaders"]


class BatchTransform:
    """Resizes, pads and replicates a batch (x (B, C, H, W), y (B,)) of tensors.

    A module-level class (not a closure) so that DataLoader workers can pickle it.
    """

    def __init__(self, size: int | None = None, channels: int | None = None, pad: int = 0,
                 shift: int = 0, seed: int = 0):
        self.size, self.channels, self.pad, self.shift = size, channels, pad, shift
        self.seed, self._gen = seed, None

    def _random_shift(self, x):
        """Move each image by up to ``shift`` whole pixels in x and y (zeros come in)."""
        import torch
        import torch.nn.functional as F

        if self._gen is None:
            self._gen = torch.Generator().manual_seed(self.seed)
        n, _, h, w = x.shape
        d = torch.randint(-self.shift, self.shift + 1, (n, 2), generator=self._gen)
        theta = torch.zeros(n, 2, 3, dtype=x.dtype)
        theta[:, 0, 0] = theta[:, 1, 1] = 1
        theta[:, 0, 2] = -2 * d[:, 0].to(x.dtype) / w
        theta[:, 1, 2] = -2 * d[:, 1].to(x.dtype) / h
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        return F.grid_sample(x, grid, mode="nearest", padding_mode="zeros", align_corners=False)

    def __call__(self, batch):
        import torch.nn.functional as F

        x, y = batch
        if self.size is not None and x.shape[-1] != self.size:
            x = F.interpolate(x, size=(self.size, self.size), mode="bilinear",
                              align_corners=False).clamp_(0, 1)
        if self.pad:
            x = F.pad(x, (self.pad,) * 4)
        if self.shift:
            x = self._random_shift(x)
        if self.channels is not None and x.shape[1] != self.channels:
            if x.shape[1] != 1:
                raise ValueError(f"can only replicate 1 channel to {self.channels}, got {x.shape[1]}")
            x = x.expand(-1, self.channels, -1, -1).contiguous()
        return x, y


def make_loaders(ds: Dataset, batch_size: int = 64, *, size: int | None = None,
                 channels: int | None = None, pad: int = 0, shift: int = 0, num_workers: int = 0,
                 pin_memory: bool = False, seed: int = 0, test_batch_size: int | None = None):
    """(train_loader, test_loader) of torch tensors from a ``Dataset``.

    Each batch is x (B, C, H, W) float32 and y (B,) int64. ``size`` resizes
    each image bilinearly to size x size; ``pad`` adds that many zero pixels
    on every side (after resizing): LeNet-5's 32x32 input is MNIST's 28x28
    with ``pad=2``, as in LeCun et al. (1998), where the digits sit inside a
    larger field. ``channels=3`` replicates grey images. ``shift`` is data
    augmentation for the training batches only: each image moves by a random
    whole number of pixels, up to ``shift`` in each direction. The training loader
    shuffles with a generator seeded by ``seed``, so runs repeat exactly; the
    test loader keeps the order; its ``dataset.split`` is ``ds.held_out`` ("test", or
    "validation" for a split of ``experiments.split_validation``), the training
    loader's "train". Batches are sliced from the arrays whole
    (one index per batch, not per image), which keeps small models fast.
    """
    import torch
    from torch.utils.data import (
        BatchSampler,
        DataLoader,
        RandomSampler,
        SequentialSampler,
        TensorDataset,
    )

    gen = torch.Generator().manual_seed(seed)

    def loader(x, y, sampler, bs, transform, split):
        data = TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        data.split = split      # what training.fit reads to refuse a test split as validation data
        return DataLoader(data, sampler=BatchSampler(sampler, bs, drop_last=False),
                          batch_size=None, collate_fn=transform, num_workers=num_workers,
                          pin_memory=pin_memory, persistent_workers=num_workers > 0)

    train = loader(ds.x_train, ds.y_train, RandomSampler(range(len(ds.y_train)), generator=gen),
                   batch_size, BatchTransform(size, channels, pad, shift, seed), "train")
    test = loader(ds.x_test, ds.y_test, SequentialSampler(range(len(ds.y_test))),
                  test_batch_size or max(batch_size, 256), BatchTransform(size, channels, pad),
                  getattr(ds, "held_out", "test"))
    return train, test
