#!/usr/bin/env python3
"""Start JupyterLab (``make lab``) or Voila (``make live``) for self-learners, on 127.0.0.1.

``lab``   JupyterLab on the repository; ``chapters/*.md`` open as notebooks (jupytext) with MyST
          rendered in markdown cells (jupyterlab-myst). Works as root (``--allow-root``).
``live``  Voila on the generated notebook copies (``notebooks/``: rendered prose, live explorers),
          one chapter (``--chapter chapters/01-origins.md``) or all (``--chapter all``). Offline:
          the page's Font Awesome links to a CDN are removed (Voila bundles the font itself),
          only the widget manager's lab extension is loaded, and a kernel is shut down when its
          page closes (docs/decisions/0027).

A busy port or a missing chapter stops with one line saying which and what to do.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LIVE_DIR = ROOT / "_build" / "live"
TEMPLATE = "course-offline"
CDN_LINKS = ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/all.min.css",
             "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/v4-shims.min.css")
# The only JupyterLab extensions a course page needs in Voila (jupytext's and jupyterlab-myst's
# extensions are for the editor and log errors there).
# Voila's own widget managers (7 and 8; it picks the one matching ipywidgets) and the widgets'
# lab extension.
VOILA_EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager7",
                    "@voila-dashboards/widgets-manager8"]


def fail(message: str) -> None:
    print(f"ERROR: {message}", file=sys.stderr)
    raise SystemExit(2)


def check_port(port: int, target: str, var: str = "PORT") -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is not busy
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            fail(f"port {port} on 127.0.0.1 is busy (another server is using it). "
                 f"Choose another: make {target} {var}={port + 1}")


def root_flags() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def lab_settings(prefix: Path = Path(sys.prefix)) -> Path:
    """Make JupyterLab open Markdown (MyST) files with jupytext's notebook view by default."""
    path = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text()) if path.is_file() else {}
    settings.setdefault("@jupyterlab/docmanager-extension:plugin", {})["defaultViewers"] = {
        "markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    # Offline: no news feed or update check from jupyter.org (and no prompt asking for them).
    settings["@jupyterlab/apputils-extension:notification"] = {"checkForUpdates": False, "fetchNews": "false"}
    path.write_text(json.dumps(settings, indent=2) + "\n")
    return path


def lab_command(port: int) -> list[str]:
    return [str(BIN / "jupyter-lab"), "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", f"--ServerApp.root_dir={ROOT}", *root_flags()]


def offline_template(voila_share: Path, out: Path = LIVE_DIR / "jupyter") -> Path:
    """Copy Voila's ``lab`` template without its two CDN stylesheet links; return the data dir
    to put on JUPYTER_PATH."""
    src = voila_share / "voila" / "templates" / "lab"
    dest = out / "voila" / "templates" / TEMPLATE
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    index = dest / "index.html.j2"
    text = index.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines(keepends=True) if not any(url in ln for url in CDN_LINKS)]
    if len(lines) != len(text.splitlines()) - len(CDN_LINKS):
        fail(f"Voila's lab template ({index}) no longer has the two Font Awesome CDN links this script "
             "removes; check that the page still requests nothing from other hosts, then update CDN_LINKS.")
    index.write_text("".join(lines), encoding="utf-8")
    # Voila finds the rest of the template chain (lab -> base) through this file.
    (dest / "conf.json").write_text(json.dumps({"base_template": "lab"}) + "\n", encoding="utf-8")
    return out


def resolve_chapter(chapter: str) -> Path:
    """``chapters/01-origins.md`` (or its copy's path, or ``all``) -> the copy Voila serves."""
    copies = ROOT / "notebooks"
    if chapter in ("", "all"):
        return copies / "chapters"
    path = Path(chapter)
    rel = path.with_suffix(".ipynb")
    if rel.parts and rel.parts[0] == "notebooks":
        rel = Path(*rel.parts[1:])
    target = copies / rel
    if not (ROOT / path).is_file() and not target.is_file():
        fail(f"CHAPTER={chapter} not found. Use a chapter file, e.g. "
             "'make live CHAPTER=chapters/01-origins.md', or CHAPTER=all for every chapter.")
    if not target.is_file():
        fail(f"{target.relative_to(ROOT)} (the notebook copy of {chapter}) is missing. "
             "Fix: make book (it writes notebooks/), then make live again.")
    return target


VOILA_CONFIG = {
    "Voila": {
        "ip": "127.0.0.1",
        "open_browser": False,
        # The page's shutdown call on close is a sendBeacon POST, which cannot carry Jupyter's
        # _xsrf token (refused with 403 otherwise); this server listens on 127.0.0.1 only.
        "tornado_settings": {"disable_check_xsrf": True},
    },
    "VoilaConfiguration": {"template": TEMPLATE, "extension_allowlist": VOILA_EXTENSIONS},
    # Backstop for a browser that never sends the shutdown call (crash, killed tab).
    "MappingKernelManager": {"cull_idle_timeout": 900, "cull_interval": 60},
}


def voila_config(out: Path = LIVE_DIR / "config") -> Path:
    """Write ``voila.json`` (read through JUPYTER_CONFIG_PATH); return its folder."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "voila.json").write_text(json.dumps(VOILA_CONFIG, indent=2) + "\n", encoding="utf-8")
    return out


def live_command(port: int, target: Path) -> list[str]:
    return [str(BIN / "voila"), f"--Voila.port={port}", str(target)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["lab", "live"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--chapter", default="chapters/01-origins.md")
    parser.add_argument("--dry-run", action="store_true", help="print the command only")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if not args.dry_run:
        check_port(args.port, args.what, "LAB_PORT" if args.what == "lab" else "LIVE_PORT")
    if args.what == "lab":
        cmd = lab_command(args.port)
        if not args.dry_run:
            lab_settings()
    else:
        target = resolve_chapter(args.chapter)
        cmd = live_command(args.port, target)
        data = offline_template(Path(sys.prefix) / "share" / "jupyter")
        env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(data), env.get("JUPYTER_PATH", "")) if p)
        conf = voila_config()
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (str(conf), env.get("JUPYTER_CONFIG_PATH", "")) if p)
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    print(f"==> {args.what}: http://127.0.0.1:{args.port}/ (Ctrl-C stops)", flush=True)
    os.chdir(ROOT)
    os.execve(cmd[0], cmd, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
