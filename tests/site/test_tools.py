"""The site's tools that are not snippets: the benchmark script runs."""

import os
import subprocess
import sys

from sitebuild.sources import SNIPPETS


def test_benchmark_script_runs_at_a_tiny_size(tmp_path):
    figure = tmp_path / "bench.svg"
    result = subprocess.run(  # as `make bench` runs it, the snippets on its path
        [sys.executable, "-m", "measurements.bench_loop_vs_vectorised", "--tiny", "--out", str(figure)],
        env={**os.environ, "PYTHONPATH": str(SNIPPETS)}, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout and figure.read_text(encoding="utf-8").startswith("<?xml")


def test_gzip_server_compresses_text_as_a_static_host_does(tmp_path):
    import gzip
    import http.client

    from sitebuild.local_site import free_port, serve
    page = "<p>" + "the same words " * 500 + "</p>"
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "font.woff2").write_bytes(b"\0" * 1000)
    port = free_port()
    server = serve(tmp_path, port, compress=True)
    try:
        def get(path, accept):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path, headers={"Accept-Encoding": accept})
            response = connection.getresponse()
            return response, response.read()
        response, body = get("/page/", "gzip, deflate")
        assert response.getheader("Content-Encoding") == "gzip" and len(body) < len(page) / 10
        assert gzip.decompress(body).decode() == page
        response, body = get("/page/", "identity")
        assert response.getheader("Content-Encoding") is None and body.decode() == page
        response, body = get("/font.woff2", "gzip")
        assert response.getheader("Content-Encoding") is None and len(body) == 1000
        assert get("/page", "gzip")[0].status == 301
    finally:
        server.shutdown()
        server.server_close()


def test_lighthouse_table_sets_before_beside_after(tmp_path):
    import json

    from measurements import lighthouse
    stamp = {"date": "2026-12-05", "machine": "a CPU", "lighthouse": "13.5.0", "chromium": "Chromium 156"}

    def entry(performance, dom, seo=100):
        median = {"performance": performance, "accessibility": 100, "best-practices": 100, "seo": seo,
                  "fcp_ms": 3850, "lcp_ms": 4600, "tbt_ms": 1062, "cls": 0.0, "dom_elements": dom,
                  "bytes": 241701, "benchmark_index": 2000}
        return {**stamp, "median": median, "runs": [median] * 3}
    for label, pages in {"before": {"/checked/": {"mobile": entry(42, 23273)}, "/": {"mobile": entry(95, 924)}},
                         "after": {"/checked/": {"mobile": entry(93, 8074, seo=92)}}}.items():
        (tmp_path / f"lighthouse-{label}.json").write_text(json.dumps({"label": label, "pages": pages}))
    text = lighthouse.write_table(tmp_path).read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `/checked/`"))
    assert "| 42\u00a0→\u00a093 |" in row and "23,273\u00a0→\u00a08,074" in row and "| 3.9\u00a0→\u00a03.9 |" in row
    assert "| 95\u00a0→\u00a0– |" in next(line for line in text.splitlines() if line.startswith("| `/` |"))
    assert "seo 92 on `/checked/` (mobile, after)" in text and "Desktop" not in text
    assert "the median of 3 runs" in text
