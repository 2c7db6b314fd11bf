"""The site's tools that are not snippets: the benchmark script runs."""

import subprocess
import sys

from conftest import ROOT


def test_benchmark_script_runs_at_a_tiny_size(tmp_path):
    figure = tmp_path / "bench.svg"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bench_loop_vs_vectorised.py"), "--tiny", "--out", str(figure)],
        capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout and figure.read_text(encoding="utf-8").startswith("<?xml")
