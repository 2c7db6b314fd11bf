"""Build step: the site serves its own source as source.zip.

The archive holds the repository's files as git lists them (or, without git,
a walk that skips what is generated), and every page's footer links it
(overrides/partials/copyright.html) with the repository's URL when it is
known: REPO_URL, else GitHub Actions' GITHUB_SERVER_URL and
GITHUB_REPOSITORY, else `git remote get-url origin`.
"""

import io
import os
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlparse

from sitebuild.sources import ROOT

SOURCE_ARCHIVE = "source.zip"
# The folder the archive unpacks into when the repository's name is not known:
# the checkout's own folder name ("main", "tmp.x1Yz") means nothing to a reader.
FOLDER = "backprop-every-step"
# Never in the archive, whether git lists the files or a walk finds them: the
# build's and make's own folders at the top (tests/site/ is source), caches anywhere.
GENERATED_AT_TOP = {".venv", "venv", "site", "kits", "test-artifacts", ".lock-venv", "node_modules"}
GENERATED_DIRS = {".git", "__pycache__", ".pytest_cache", ".hypothesis", ".cache", ".mypy_cache",
                  ".ruff_cache", ".ipynb_checkpoints"}
GENERATED_SUFFIXES = (".pyc", ".pyo", ".egg-info")


def repository_url(env=os.environ):
    """The source repository's web address, or None when it cannot be known."""
    if env.get("REPO_URL"):
        return env["REPO_URL"].rstrip("/")
    if env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY"):
        return f"{env['GITHUB_SERVER_URL'].rstrip('/')}/{env['GITHUB_REPOSITORY']}"
    try:
        remote = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    url = remote.stdout.strip()
    if remote.returncode != 0 or not url:
        return None
    ssh = re.fullmatch(r"(?:ssh://)?git@([^:/]+)[:/](.+?)(?:\.git)?/?", url)
    if ssh:  # git@github.com:owner/name.git -> https://github.com/owner/name
        return f"https://{ssh.group(1)}/{ssh.group(2)}"
    if url.startswith(("https://", "http://")):
        parts = urlparse(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")  # drop any user:token@
        return f"{parts.scheme}://{host}{re.sub(r'[.]git/?$', '', parts.path)}"
    return None  # a local path or an unknown scheme: nothing a reader can open


def is_generated(relative):
    parts = Path(relative).parts
    return (parts[0] in GENERATED_AT_TOP or parts[0].startswith(".venv-")
            or any(part in GENERATED_DIRS or part.endswith(GENERATED_SUFFIXES) for part in parts))


def source_files(exclude=()):
    """The repository's files (relative POSIX paths): those git tracks, plus new
    files it does not ignore; without git, a walk that skips what is generated."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        listed = None
    if listed is not None and listed.returncode == 0:
        names = [name for name in listed.stdout.decode().split("\0") if name]
    else:
        names = [path.relative_to(ROOT).as_posix() for path in ROOT.rglob("*") if path.is_file()]
    excluded = [Path(path).resolve() for path in exclude]
    keep = []
    for name in sorted(set(names)):
        path = ROOT / name
        if is_generated(name) or not path.is_file() or path.is_symlink():
            continue
        if any(path.resolve().is_relative_to(folder) for folder in excluded):
            continue
        keep.append(name)
    return keep


def archive_folder(url):
    """The one folder every entry sits under: the repository's name, else FOLDER."""
    return (url or "").rstrip("/").rsplit("/", 1)[-1] or FOLDER


def source_archive(site_dir):
    """The zip of the site's source, every entry under one folder, with fixed
    timestamps so the same tree gives the same bytes."""
    folder = archive_folder(repository_url())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source_files(exclude=[site_dir]):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if os.access(ROOT / name, os.X_OK) else 0o644) << 16
            archive.writestr(info, (ROOT / name).read_bytes())
    return buffer.getvalue()
