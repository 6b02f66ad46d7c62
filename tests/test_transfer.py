"""cnnlib.transfer and cnnlib.augment (notebook 11): ResNet-18 in torchvision's layout, the
weights downloader against a server on 127.0.0.1, the shipped digits network, and the
reproducibility of the tool that made it. Nothing here touches the network beyond 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnlib import augment, data, transfer
from tests import course
from tools import pretrain_digits


def torchvision_resnet18_table(num_classes: int) -> dict[str, tuple[int, ...]]:
    """torchvision.models.resnet18's state dict, key -> shape, from its documented architecture
    (torchvision/models/resnet.py: ResNet(BasicBlock, [2, 2, 2, 2]); He et al. 2016, Table 1)."""
    table: dict[str, tuple[int, ...]] = {"conv1.weight": (64, 3, 7, 7)}

    def bn(prefix: str, c: int) -> None:
        table.update({f"{prefix}.weight": (c,), f"{prefix}.bias": (c,), f"{prefix}.running_mean": (c,),
                      f"{prefix}.running_var": (c,), f"{prefix}.num_batches_tracked": ()})

    bn("bn1", 64)
    inplanes = 64
    for stage, planes in enumerate((64, 128, 256, 512), start=1):
        for block in range(2):
            p = f"layer{stage}.{block}"
            table[f"{p}.conv1.weight"] = (planes, inplanes, 3, 3)
            bn(f"{p}.bn1", planes)
            table[f"{p}.conv2.weight"] = (planes, planes, 3, 3)
            bn(f"{p}.bn2", planes)
            if block == 0 and stage > 1:  # stride 2 and more channels: a 1x1 projection
                table[f"{p}.downsample.0.weight"] = (planes, inplanes, 1, 1)
                bn(f"{p}.downsample.1", planes)
            inplanes = planes
    table["fc.weight"] = (num_classes, 512)
    table["fc.bias"] = (num_classes,)
    return table


@pytest.mark.parametrize("num_classes", [1000, 10])
def test_resnet18_has_torchvisions_keys_and_shapes(num_classes):
    got = {k: tuple(v.shape) for k, v in transfer.resnet18(num_classes).state_dict().items()}
    assert got == torchvision_resnet18_table(num_classes)


def test_resnet18_has_torchvisions_parameter_count():
    # torchvision's model card for ResNet18_Weights.IMAGENET1K_V1: 11,689,512 parameters
    assert sum(p.numel() for p in transfer.resnet18().parameters()) == 11_689_512
    assert len(transfer.resnet18().state_dict()) == 122


def test_digits_resnet_keeps_the_names_at_an_eighth_of_the_widths():
    small = transfer.digits_resnet(5)
    assert list(small.state_dict()) == [k for k in torchvision_resnet18_table(5)]
    assert sum(p.numel() for p in small.parameters()) == 175_933
    assert small(torch.zeros(2, 1, 28, 28)).shape == (2, 5)


@pytest.mark.parametrize(("cin", "cout", "stride", "shape"), [(4, 4, 1, (2, 4, 5, 6)), (3, 6, 2, (2, 3, 7, 5))])
def test_basic_block_matches_a_functional_reference(cin, cout, stride, shape):
    torch.manual_seed(0)
    block = transfer.BasicBlock(cin, cout, stride).double().eval()
    with torch.no_grad():
        for m in block.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_()
                m.running_mean.normal_()
                m.running_var.uniform_(0.5, 1.5)
    x = torch.randn(*shape, dtype=torch.float64)

    def bn(m, t):
        return F.batch_norm(t, m.running_mean, m.running_var, m.weight, m.bias, training=False)

    with torch.no_grad():
        out = F.relu(bn(block.bn1, F.conv2d(x, block.conv1.weight, stride=stride, padding=1)))
        out = bn(block.bn2, F.conv2d(out, block.conv2.weight, padding=1))
        short = x if block.downsample is None else bn(block.downsample[1], F.conv2d(x, block.downsample[0].weight,
                                                                                    stride=stride))
        want = F.relu(out + short)
        got = block(x)
    assert (block.downsample is None) == (stride == 1 and cin == cout)
    torch.testing.assert_close(got, want, rtol=1e-12, atol=1e-12)


# ------------------------------------------------------------------ downloading weights

class _Server:
    """A file server on 127.0.0.1 that counts its requests."""

    def __init__(self, files: dict[str, bytes]):
        self.files, self.requests = files, []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                server.requests.append(self.path)
                body = server.files.get(self.path.lstrip("/"))
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _state_dict_file(seed: int = 0) -> tuple[bytes, dict[str, torch.Tensor]]:
    """A small state dict in torchvision's file format (torch.save of name -> tensor)."""
    torch.manual_seed(seed)
    sd = transfer.digits_resnet(3).state_dict()
    buf = io.BytesIO()
    torch.save(sd, buf)
    return buf.getvalue(), sd


@pytest.fixture
def served(tmp_path):
    blob, sd = _state_dict_file()
    prefix = hashlib.sha256(blob).hexdigest()[:8]
    good, bad = f"resnet18-{prefix}.pth", "resnet18-0badc0de.pth"
    server = _Server({good: blob, bad: blob})
    yield server, good, bad, sd, tmp_path / "cache"
    server.close()


def test_weights_are_downloaded_checked_cached_and_load_strictly(served, capfd):
    server, good, _, sd, cache = served
    path = transfer.fetch_weights(server.url + good, cache)
    assert path == cache / "weights" / good
    err = capfd.readouterr().err
    assert "100%" in err, f"no progress bar on stderr: {err!r}"
    again = transfer.fetch_weights(server.url + good, cache, download=False, quiet=True)
    assert again == path and len(server.requests) == 1, "the cached file must be used without a request"
    loaded = transfer.imagenet_weights(server.url + good, cache, quiet=True)
    model = transfer.digits_resnet(3)
    model.load_state_dict(loaded, strict=True)
    for k, v in sd.items():
        assert torch.equal(model.state_dict()[k], v), k


def test_a_file_whose_hash_differs_is_refused_and_not_kept(served):
    server, _, bad, _, cache = served
    with pytest.raises(data.ChecksumError, match="0badc0de"):
        transfer.fetch_weights(server.url + bad, cache, quiet=True)
    assert not any((cache / "weights").iterdir()), "nothing half-checked may stay in the cache"


def test_a_changed_cached_copy_is_downloaded_again(served):
    server, good, _, _, cache = served
    path = transfer.fetch_weights(server.url + good, cache, quiet=True)
    path.write_bytes(b"not the published file")
    assert transfer.fetch_weights(server.url + good, cache, quiet=True).read_bytes() == server.files[good]
    assert len(server.requests) == 2


def test_nothing_is_downloaded_unless_asked(served, capsys):
    server, good, _, _, cache = served
    assert transfer.imagenet_weights(server.url + good, cache) is None    # download=False is the default
    assert "not in the cache" in capsys.readouterr().out
    assert server.requests == []
    with pytest.raises(FileNotFoundError, match="download=False"):
        transfer.fetch_weights(server.url + good, cache, download=False)


def test_a_url_without_a_hash_in_its_name_is_refused(tmp_path):
    with pytest.raises(ValueError, match="sha256 prefix"):
        transfer.fetch_weights("http://127.0.0.1:9/resnet18.pth", tmp_path, quiet=True)


def test_the_published_url_carries_the_hash_prefix_torch_hub_checks():
    assert transfer.RESNET18_URL == "https://download.pytorch.org/models/resnet18-f37072fd.pth"
    assert transfer._expected_prefix(transfer.RESNET18_URL.rsplit("/", 1)[-1]) == "f37072fd"


# -------------------------------------------------------------- the shipped digits network

def test_shipped_digits_network_is_checked_small_and_accurate():
    path = transfer.DIGITS_WEIGHTS
    assert path.stat().st_size < 1_000_000
    assert transfer.sha256_hex(path).startswith(path.stem.rsplit("-", 1)[1])
    ds = data.embedded_digits()
    x, y = transfer.digit_subset(ds.x_test, ds.y_test, transfer.SOURCE_CLASSES)
    # tools/pretrain_digits.py printed 98.40 % when it wrote the file
    assert transfer.accuracy(transfer.pretrained_digits(), x, y) >= 0.97


def test_a_tampered_digits_file_is_refused(tmp_path):
    copy = tmp_path / transfer.DIGITS_WEIGHTS.name
    copy.write_bytes(transfer.DIGITS_WEIGHTS.read_bytes() + b"\0")
    with pytest.raises(data.ChecksumError):
        transfer.pretrained_digits(copy)


def test_pretraining_tool_is_reproducible():
    """The tool, shortened to 256 images and one epoch, writes the same bytes twice; another seed
    writes others (the full run, `tools/pretrain_digits.py --check`, takes about a minute)."""
    blobs = [pretrain_digits.serialise(pretrain_digits.train(1, seed, quiet=True, limit=256)[0])
             for seed in (0, 0, 1)]
    assert blobs[0] == blobs[1]
    assert blobs[0] != blobs[2]


# ----------------------------------------------------------------------- data, training

def test_digit_subset_relabels_and_draws_per_class():
    ds = data.embedded_digits()
    x, y = transfer.digit_subset(ds.x_train, ds.y_train, (7, 5), 4, seed=1)
    assert x.shape == (8, 1, 28, 28) and y.tolist() == [0] * 4 + [1] * 4
    picked = {tuple(img.flatten()[:50].tolist()) for img in x[:4].numpy()}
    sevens = {tuple(img.flatten()[:50].tolist()) for img in ds.x_train[ds.y_train == 7]}
    assert picked <= sevens
    with pytest.raises(ValueError, match="fewer than per_class"):
        transfer.digit_subset(ds.x_train, ds.y_train, (5,), 10_000)


def test_fit_keeps_frozen_batch_norm_statistics_and_trains_the_head():
    torch.manual_seed(0)
    model = transfer.digits_resnet(3)
    for name, p in model.named_parameters():
        p.requires_grad = name.startswith("fc.")
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x, y = torch.rand(16, 1, 28, 28), torch.arange(16) % 3
    losses = transfer.fit(model, x, y, steps=3, lr=0.1)
    after = model.state_dict()
    assert len(losses) == 3
    assert all(torch.equal(before[k], after[k]) for k in before if not k.startswith("fc.")), \
        "frozen layers, their running statistics included, must not change"
    assert not torch.equal(before["fc.weight"], after["fc.weight"])


# ------------------------------------------------------------------------- augmentation

def test_rotation_by_0_and_90_degrees():
    x = torch.rand(2, 3, 5, 5)
    torch.testing.assert_close(augment.rotate(x, 0.0), x)
    torch.testing.assert_close(augment.rotate(x, 90.0), torch.rot90(x, 1, dims=(2, 3)), atol=1e-6, rtol=0)


def test_color_jitter_is_the_identity_at_zero_strength_and_grey_at_zero_saturation():
    x = torch.rand(2, 3, 4, 6)
    rng = np.random.default_rng(0)
    torch.testing.assert_close(augment.color_jitter(x, rng), x)
    grey = augment.color_jitter(x, rng, saturation=1.0)   # factors in [0, 2]: not the identity
    assert not torch.allclose(grey, x)
    torch.testing.assert_close(augment.hflip(augment.hflip(x)), x)


def test_imagenet_input_is_a_normalised_centre_crop():
    photo = np.ones((300, 400, 3)) * np.asarray(transfer.IMAGENET_MEAN)   # the mean colour everywhere
    x = augment.imagenet_input(photo)
    assert x.shape == (1, 3, 224, 224)
    torch.testing.assert_close(x, torch.zeros_like(x), atol=1e-5, rtol=0)
    ramp = np.broadcast_to(np.linspace(0, 1, 512)[None, :, None], (256, 512, 3))
    centre = augment.imagenet_input(ramp)[0, 0]
    # the middle column of the crop is the middle of the image: value 0.5 before normalising
    assert abs(float(centre[:, 112].mean()) * transfer.IMAGENET_STD[0] + transfer.IMAGENET_MEAN[0] - 0.5) < 0.01


def test_notebook_11_never_uses_cnnlibs_resnet18():
    """resnet18 is notebook 11's exercise: the notebook builds its networks from BasicBlock and
    digits_resnet, never from cnnlib's own ResNet-18 (CONTRIBUTING.md: no borrowed answers)."""
    for folder in (course.SOLUTIONS, course.NOTEBOOKS):
        nb = course.load(folder / "11_cnns_in_practice.ipynb")
        for cell in nb["cells"]:
            text = course.source(cell)
            assert "transfer.resnet18" not in text and "transfer.ResNet" not in text, (folder.name, text[:80])
            assert "import resnet18" not in text and "ResNet," not in text
