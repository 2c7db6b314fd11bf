"""Build the site strictly and serve it on 127.0.0.1, for the tests and benchmarks.

site_url is set to the address served, so Material's instant navigation
(which only follows links listed in the sitemap under site_url) is live.
"""

import functools
import gzip
import io
import os
import platform
import shutil
import socket
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitebuild.sources import ROOT


def page_html(site, page):
    """The built HTML of a docs page, by its source path under docs/."""
    route = Path(page).with_suffix("")
    path = site / "index.html" if route.name == "index" else site / route / "index.html"
    return path.read_text(encoding="utf-8")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The generator that builds the site: mkdocs; for the trials of
# docs/measured/generators.md, a drop-in fork of MkDocs 1.x with the same command
# line (SITE_GENERATOR=properdocs), or zensical.
GENERATOR = os.environ.get("SITE_GENERATOR", "mkdocs")


def build(site_dir, site_url):
    """`mkdocs build --strict` into site_dir; returns (ok, what mkdocs printed)."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    if GENERATOR == "zensical":
        return build_with_zensical(site_dir, env)
    result = subprocess.run(
        [sys.executable, "-m", GENERATOR, "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )
    return result.returncode == 0, result.stderr


def build_with_zensical(site_dir, env):
    """The trial: `zensical build --strict`, then the HTML pass over its folder.

    Zensical has no option for the output folder: it writes mkdocs.yml's site_dir
    (site/), which is moved to site_dir. What the pass reports (the notebook page
    it cannot make) is printed, not fatal, so the tests show the rest.
    """
    built = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"],
                           cwd=ROOT, capture_output=True, text=True, env=env)
    if built.returncode != 0:
        return False, built.stdout + built.stderr
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.move(ROOT / "site", site_dir)
    finished = subprocess.run([sys.executable, "-m", "sitebuild.html_pass", str(site_dir)],
                              cwd=ROOT, capture_output=True, text=True, env=env)
    return True, built.stdout + finished.stdout + finished.stderr


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# Text a static host (GitHub Pages, say) sends gzipped; fonts and images are compressed already.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".py", ".out", ".ipynb"}


@functools.lru_cache(maxsize=512)
def gzipped(path, mtime_ns):
    return gzip.compress(Path(path).read_bytes(), 6)


class GzipHandler(QuietHandler):
    """Sends text gzipped (level 6) to a client that accepts it, over keep-alive HTTP/1.1."""
    protocol_version = "HTTP/1.1"

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix not in COMPRESSIBLE or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def serve(site_dir, port, compress=False):
    """Serve site_dir on 127.0.0.1:port from a background thread; returns the server.

    compress=True gzips text as a static host does (python -m http.server does not).
    """
    handler = functools.partial(GzipHandler if compress else QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def machine():
    """One line naming this machine, for benchmark records."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}; Python {platform.python_version()}, {platform.system()} {platform.machine()}"
