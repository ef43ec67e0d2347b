"""The test-only JavaScript (axe-core) matches its lock, the lock records the npm registry's
published sha512 integrity, and none of it is inside the site's ``_static/`` folder."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRI_SHA512 = re.compile(r"^sha512-[A-Za-z0-9+/]{86}==$")


@pytest.fixture(scope="module")
def tools():
    spec = importlib.util.spec_from_file_location("vendor_test_tools",
                                                  ROOT / "scripts" / "vendor_test_tools.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_test_tools_match_their_lock(tools):
    assert tools.verify() == []


def test_lock_pins_the_spec_with_registry_integrity(tools):
    lock = tools.vendor_static.read_lock(tools.TARGET)
    assert [(e["package"], e["version"]) for e in lock["packages"]] == \
        [(s["package"], s["version"]) for s in tools.SPEC]
    for entry in lock["packages"]:
        assert SRI_SHA512.match(entry["integrity"]), f"{entry['package']}: {entry['integrity']!r}"
        assert entry["tarball"].startswith("https://registry.npmjs.org/")
        assert entry["tarball"].endswith(f"-{entry['version']}.tgz")
        assert "LICENSE" in {Path(f["file"]).name for f in entry["files"]}


def test_test_tools_stay_out_of_the_site(tools):
    folder = tools.TARGET.folder.resolve()
    assert folder == (ROOT / "tests" / "vendor").resolve()
    assert not (ROOT / "_static").resolve() in folder.parents
    assert not list((ROOT / "_static").rglob("axe*.js"))
