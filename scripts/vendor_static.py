#!/usr/bin/env python3
"""Vendor the site's third-party JavaScript so the built course requests nothing off-site.

Only MathJax is vendored: the kernel-free explorers are plain HTML with a small site script
(``_static/explorers.js``), so no ipywidgets HTML manager is shipped (docs/decisions/0010).

What is vendored (``SPEC`` below) goes to ``_static/vendor/`` with a lock file
``_static/vendor/vendor-lock.json`` recording, per package, the version, the tarball URL,
the registry's published ``dist.integrity`` (sha512) of the tarball, and the sha256 of every
file taken from it.

Modes
-----
``--check-or-fetch`` (``make static``)
    If every vendored file exists and matches the lock, and the lock matches ``SPEC``, do
    nothing. Otherwise download each tarball from the npm registry, check it against the
    integrity hash the *registry* publishes (never a hash computed here), extract the files
    into a temporary folder, and only then replace ``_static/vendor/`` and write the lock.
``--verify`` (tests/test_vendor.py)
    Check the sha256 of every vendored file against the lock, and that the folder holds no
    file the lock does not list. Never touches the network.

Examples
--------
>>> # python scripts/vendor_static.py --verify
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = "https://registry.npmjs.org"

# package, version, destination folder, and (member prefix in tarball, path under dest, suffix).
# A member is taken when it starts with the prefix and ends with the suffix.
SPEC = [
    {
        "package": "mathjax",
        "version": "3.2.2",
        "dest": "mathjax",
        "take": [
            ("package/es5/tex-chtml.js", "tex-chtml.js", ""),
            # MathJax resolves [mathjax] from the script's folder: fonts and TeX extensions
            # that it may autoload must sit at the same relative paths as in es5/.
            ("package/es5/output/chtml/fonts/woff-v2/", "output/chtml/fonts/woff-v2/", ".woff"),
            ("package/es5/input/tex/extensions/", "input/tex/extensions/", ".js"),
            ("package/LICENSE", "LICENSE", ""),
        ],
        "skip": ["package/es5/input/tex/extensions/all-packages.js"],
        "write": {},
    },
]


@dataclass(frozen=True)
class Target:
    """Where one set of packages is vendored: the folder (its lock sits inside), what goes in
    it, and the command that restores it (named in every error message)."""

    folder: Path
    spec: list
    fix: str

    @property
    def lock(self) -> Path:
        return self.folder / "vendor-lock.json"


#: The site's vendored JavaScript.
SITE = Target(ROOT / "_static" / "vendor", SPEC, "make static")


class VendorError(ValueError):
    """Raised when a vendored file, the lock or a downloaded tarball does not check out."""


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sri_sha512(data: bytes) -> str:
    """Return the Subresource-Integrity form ``sha512-<base64>`` used by npm's ``dist.integrity``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (https only)
        return response.read()


def registry_dist(package: str, version: str) -> dict:
    """Return the registry's ``dist`` record (``tarball``, ``integrity``) of ``package@version``."""
    url = f"{REGISTRY}/{urllib.parse.quote(package, safe='@')}/{version}"
    try:
        meta = json.loads(_get(url))
    except Exception as exc:  # network or JSON error: one message naming the package and fix
        raise VendorError(
            f"could not read {package}@{version} from the npm registry ({url}): {exc}. "
            "Check network access to registry.npmjs.org, then run the vendoring command again."
        ) from exc
    dist = meta.get("dist", {})
    if not str(dist.get("integrity", "")).startswith("sha512-") or not dist.get("tarball"):
        raise VendorError(f"the registry's record of {package}@{version} has no sha512 integrity")
    return dist


def _members(spec: dict, tar: tarfile.TarFile):
    """Yield (member, relative destination) pairs selected by ``spec['take']``."""
    skip = set(spec.get("skip", []))
    for member in tar.getmembers():
        if not member.isfile() or member.name in skip:
            continue
        for prefix, dest, suffix in spec["take"]:
            if suffix:  # folder rule
                rest = member.name[len(prefix):]
                if member.name.startswith(prefix) and rest.endswith(suffix) and "/" not in rest:
                    yield member, dest + rest
                    break
            elif member.name == prefix:
                yield member, dest
                break


def fetch_package(spec: dict, into: Path) -> dict:
    """Download, verify and extract one package into ``into``; return its lock entry."""
    package, version = spec["package"], spec["version"]
    dist = registry_dist(package, version)
    data = _get(dist["tarball"])
    got = sri_sha512(data)
    if got != dist["integrity"]:
        raise VendorError(
            f"{package}@{version}: downloaded tarball has {got}, but the registry publishes "
            f"{dist['integrity']}; nothing was changed. Retry; if it persists, do not vendor it."
        )
    files = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member, rel in _members(spec, tar):
            target = into / spec["dest"] / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
            files.append({"file": f"{spec['dest']}/{rel}", "from": member.name,
                          "sha256": sha256_file(target)})
    for rel, text in spec["write"].items():
        target = into / spec["dest"] / rel
        target.write_text(text, encoding="utf-8")
        files.append({"file": f"{spec['dest']}/{rel}", "from": "written by scripts/vendor_static.py",
                      "sha256": sha256_file(target)})
    wanted = [t[1] for t in spec["take"] if not t[2]]
    missing = [w for w in wanted if not any(f["file"] == f"{spec['dest']}/{w}" for f in files)]
    if missing:
        raise VendorError(f"{package}@{version}: tarball lacks {missing}; check SPEC in {__file__}")
    return {"package": package, "version": version, "tarball": dist["tarball"],
            "integrity": dist["integrity"], "files": sorted(files, key=lambda f: f["file"])}


def read_lock(target: Target = SITE) -> dict:
    """Return the lock, or raise VendorError naming the file and the fix."""
    try:
        return json.loads(target.lock.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VendorError(f"{target.lock} is missing: run '{target.fix}' to vendor the files") from None
    except json.JSONDecodeError as exc:
        raise VendorError(f"{target.lock} is not valid JSON ({exc}): run '{target.fix}'") from None


def verify(target: Target = SITE) -> list[str]:
    """Return a list of problems (empty when every vendored file matches the lock)."""
    try:
        lock = read_lock(target)
    except VendorError as exc:
        return [str(exc)]
    problems, listed = [], {target.lock.resolve()}
    for entry in lock.get("packages", []):
        for f in entry["files"]:
            path = target.folder / f["file"]
            listed.add(path.resolve())
            if not path.is_file():
                problems.append(f"{path} is missing (run '{target.fix}')")
            elif sha256_file(path) != f["sha256"]:
                problems.append(f"{path} differs from the lock (run '{target.fix}' to restore it)")
    extra = [p for p in target.folder.rglob("*") if p.is_file() and p.resolve() not in listed]
    problems += [f"{p} is not in {target.lock.name}: remove it or add it to SPEC" for p in extra]
    return problems


def lock_matches_spec(target: Target = SITE) -> bool:
    """True when the lock names exactly the packages and versions in ``target.spec``."""
    try:
        lock = read_lock(target)
    except VendorError:
        return False
    have = [(e["package"], e["version"]) for e in lock.get("packages", [])]
    return have == [(s["package"], s["version"]) for s in target.spec]


def fetch_all(target: Target = SITE) -> None:
    """Fetch every package into a temporary folder, then swap it in as ``target.folder``."""
    with tempfile.TemporaryDirectory(prefix="course-vendor-") as tmp:
        tmp = Path(tmp) / "vendor"
        tmp.mkdir()
        entries = [fetch_package(spec, tmp) for spec in target.spec]
        lock = {"about": f"Written by '{target.fix}'. 'integrity' is the npm registry's "
                         "published dist.integrity of the tarball; sha256 is per vendored file.",
                "registry": REGISTRY, "packages": entries}
        (tmp / target.lock.name).write_text(json.dumps(lock, indent=1) + "\n", encoding="utf-8")
        if target.folder.exists():
            shutil.rmtree(target.folder)
        shutil.move(str(tmp), str(target.folder))


def main(argv: list[str] | None = None, target: Target = SITE) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check-or-fetch", action="store_true", help="fetch only if needed")
    mode.add_argument("--verify", action="store_true", help="check files against the lock")
    args = parser.parse_args(argv)
    problems = verify(target)
    if args.verify:
        for p in problems:
            print(f"ERROR: {p}", file=sys.stderr)
        if not problems:
            print(f"vendored files match {target.lock.relative_to(ROOT)}")
        return 1 if problems else 0
    if not problems and lock_matches_spec(target):
        print(f"vendored JavaScript in {target.folder.relative_to(ROOT)} is up to date")
        return 0
    print("==> vendoring " + ", ".join(f"{s['package']}@{s['version']}" for s in target.spec))
    try:
        fetch_all(target)
    except VendorError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    problems = verify(target)
    for p in problems:
        print(f"ERROR: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
