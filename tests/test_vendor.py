"""The vendored JavaScript matches its lock, and the lock records the npm registry's
published integrity (sha512, Subresource-Integrity format) for every tarball."""
from __future__ import annotations

import dataclasses
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRI_SHA512 = re.compile(r"^sha512-[A-Za-z0-9+/]{86}==$")


@pytest.fixture(scope="module")
def vendor():
    spec = importlib.util.spec_from_file_location("vendor_static", ROOT / "scripts" / "vendor_static.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_vendored_files_match_the_lock(vendor):
    assert vendor.verify() == []


def test_lock_pins_the_spec_with_registry_integrity(vendor):
    lock = vendor.read_lock()
    assert vendor.lock_matches_spec(), "lock and SPEC name different packages: run 'make static'"
    for entry in lock["packages"]:
        assert SRI_SHA512.match(entry["integrity"]), f"{entry['package']}: {entry['integrity']!r}"
        assert entry["tarball"].startswith(vendor.REGISTRY + "/")
        assert entry["tarball"].endswith(f"-{entry['version']}.tgz")
        names = {Path(f["file"]).name for f in entry["files"]}
        assert "LICENSE" in names, f"{entry['package']}: no LICENSE vendored"
        assert all(re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) for f in entry["files"])


def test_the_config_points_at_the_vendored_files(vendor):
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    static = ROOT / "_static"
    assert (static / config["mathjax_path"]).is_file()
    # No widget manager: the kernel-free explorers are plain HTML (docs/decisions/0010).
    assert config["nb_ipywidgets_js"] == {}
    assert not (static / "vendor" / "jupyter-widgets").exists()
    assert [e["package"] for e in vendor.read_lock()["packages"]] == ["mathjax"]


def test_verify_reports_a_changed_and_an_unlisted_file(vendor, tmp_path, monkeypatch):
    copy = tmp_path / "vendor"
    shutil.copytree(vendor.SITE.folder, copy)
    target = dataclasses.replace(vendor.SITE, folder=copy)
    changed = copy / "mathjax" / "LICENSE"
    changed.write_bytes(changed.read_bytes() + b"\n")
    (copy / "stray.js").write_text("//", encoding="utf-8")
    problems = vendor.verify(target)
    assert len(problems) == 2
    assert "mathjax/LICENSE differs from the lock" in problems[0]
    assert "stray.js is not in vendor-lock.json" in problems[1]


def test_sri_format_is_npm_compatible(vendor):
    # npm's integrity is "sha512-" + base64(sha512(tarball bytes)); check the helper's form.
    assert vendor.sri_sha512(b"") == ("sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8"
                                      "XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==")


def test_a_tarball_that_fails_the_registry_integrity_changes_nothing(vendor, tmp_path, monkeypatch):
    copy = tmp_path / "vendor"
    shutil.copytree(vendor.SITE.folder, copy)
    target = dataclasses.replace(vendor.SITE, folder=copy)
    published = vendor.sri_sha512(b"the real tarball")
    monkeypatch.setattr(vendor, "registry_dist",
                        lambda pkg, ver: {"tarball": "https://registry.example/x.tgz",
                                          "integrity": published})
    monkeypatch.setattr(vendor, "_get", lambda url: b"a tampered tarball")
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    with pytest.raises(vendor.VendorError, match="registry publishes"):
        vendor.fetch_all(target)
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before
