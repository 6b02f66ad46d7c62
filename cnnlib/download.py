"""Downloading one file: a progress bar, a published checksum, nothing half-written kept.

Used by :mod:`cnnlib.data` (which re-exports these names).
"""

from __future__ import annotations

import hashlib
import os
import urllib.request
from pathlib import Path

__all__ = ["ChecksumError", "download", "md5sum", "TIMEOUT_S"]

TIMEOUT_S = 20.0  # per network operation


class ChecksumError(OSError):
    """A downloaded file does not have its published checksum (it is not kept)."""


def md5sum(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(url: str, dest: str | os.PathLike, md5: str | None = None, *,
             quiet: bool = False) -> Path:
    """Download ``url`` to ``dest`` with a progress bar; check its MD5.

    The file is written next to ``dest`` under a temporary name and renamed
    only once it is complete and its checksum matches, so a failed or corrupt
    download leaves nothing in the cache. Raises ``ChecksumError`` or
    ``OSError`` (``urllib.error.URLError`` is one).
    """
    from tqdm.auto import tqdm

    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as resp, open(part, "wb") as out:
            total = int(resp.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024,
                      desc=dest.name, disable=quiet, leave=False) as bar:
                for block in iter(lambda: resp.read(1 << 16), b""):
                    out.write(block)
                    bar.update(len(block))
        if md5 is not None:
            got = md5sum(part)
            if got != md5:
                raise ChecksumError(f"{dest.name} from {url} has MD5 {got}, expected {md5}; "
                                    "the download is corrupt or was changed, so it is not kept")
        part.replace(dest)
    finally:
        part.unlink(missing_ok=True)
    return dest
