"""Rebuild the tidy datasets in ``data/`` from the raw copies in ``data/raw/``.

Usage
-----
    python scripts/make_data.py            # write data/*.csv and data/datapackage.json
    python scripts/make_data.py --out DIR  # write them into DIR instead
    python scripts/make_data.py --check    # rebuild into a temp dir, compare byte for byte

The output is deterministic: fixed column order, rows sorted by the primary key, floats
written with 12 significant digits, "\\n" line endings, UTF-8.
``--check`` never writes into ``data/``; it exits 1 and names each file that differs.
"""
import argparse
import copy
import filecmp
import hashlib
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from data_build.schema import RESOURCES  # noqa: E402
from data_build.tidyio import to_csv_text  # noqa: E402

REPO = HERE.parent
#: Keys of a resource declaration that the build uses but the descriptor does not publish.
BUILD_ONLY = ("builder",)
DATA = REPO / "data"
RAW = DATA / "raw"

PACKAGE = {
    "profile": "data-package",
    "name": "allied-autonomy-course-data",
    "title": "Data for the course 'How US pressure for allied defense autonomy could backfire'",
    "description": "Tidy CSVs made by scripts/make_data.py from the raw copies in data/raw "
                   "(see data/raw/PROVENANCE.md). Each resource keeps its own licence.",
}


def build(out):
    """Write every resource and the descriptor into ``out``; return the file names written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    resources = []
    for res in RESOURCES:
        frame = res["builder"](RAW)
        text = to_csv_text(frame, res)
        data = text.encode("utf-8")
        (out / res["path"]).write_bytes(data)
        written.append(res["path"])
        desc = copy.deepcopy({k: v for k, v in res.items() if k not in BUILD_ONLY})
        desc.update({"profile": "tabular-data-resource", "format": "csv",
                     "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(data),
                     "hash": "sha256:" + hashlib.sha256(data).hexdigest()})
        resources.append(desc)
    package = dict(PACKAGE, resources=resources)
    text = json.dumps(package, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
    (out / "datapackage.json").write_bytes(text.encode("utf-8"))
    written.append("datapackage.json")
    return written


def check():
    """Rebuild into a temporary folder and compare with ``data/``; return a list of problems."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in build(tmp):
            committed = DATA / name
            if not committed.exists():
                problems.append(f"{committed} is missing (run `make data`)")
            elif not filecmp.cmp(committed, Path(tmp) / name, shallow=False):
                problems.append(f"{committed} differs from a fresh build from data/raw "
                                "(run `make data` and review the diff)")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--out", type=Path, help="write into this folder instead of data/")
    group.add_argument("--check", action="store_true",
                       help="rebuild into a temp dir and compare with data/ (writes nothing)")
    args = parser.parse_args(argv)
    if not RAW.is_dir():
        print(f"ERROR: raw folder {RAW} not found; restore it with `git checkout -- data/raw`",
              file=sys.stderr)
        return 2
    if args.check:
        problems = check()
        for p in problems:
            print("DIFF:", p, file=sys.stderr)
        print("make_data --check:", "OK, data/ reproduces byte for byte" if not problems
              else f"{len(problems)} file(s) differ")
        return 1 if problems else 0
    names = build(args.out or DATA)
    print(f"wrote {len(names)} files into {args.out or DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
