"""What the snippet tests share: where the snippets are, their recorded outputs
compared, random networks and exact comparisons. Every kit carries this file
beside its tests, so it needs NumPy and pytest only (SymPy where a test uses it)."""

import subprocess
import sys
from pathlib import Path

import numpy as np

from recorded import differences

# snippets/ beside tests/: in the repository tests/kit/ is one level deeper than in a kit.
SNIPPETS = next(folder / "snippets" for folder in Path(__file__).resolve().parents
                if (folder / "snippets").is_dir())


def assert_prints_recorded(script, args, recorded):
    """Run snippets/SCRIPT as a reader does, from snippets/, and compare with its recording.

    Text must match exactly, numbers at the precision they are printed with
    (recorded.py): another machine may round the last bit differently.
    """
    result = subprocess.run([sys.executable, script, *args], cwd=SNIPPETS, capture_output=True,
                            text=True, encoding="utf-8")  # the scripts print UTF-8 on any console
    assert result.returncode == 0, f"{script} {' '.join(args)} failed:\n{result.stderr}"
    expected = (SNIPPETS / recorded).read_text(encoding="utf-8")
    problems = differences(expected, result.stdout, f"snippets/{recorded}")
    assert not problems, (
        f"{script} now prints something else than {recorded}:\n" + "\n".join(problems[:12])
        + "\nIf the change is intended, run `make goldens` (or the script itself) and review the diff.")


def random_network(n, m, d, t, seed):
    """Random inputs and weights, with binary targets.

    Every input and weight has a random sign and a size away from 0, weights
    scaled by 1/sqrt(fan-in) as a network is initialised (so units do not
    saturate), and the targets are 0 or 1. That keeps every gradient well above
    the rounding floor of central differences: a relative error against a
    gradient of 1e-5 would measure rounding, not the formula.
    """
    rng = np.random.default_rng(seed)

    def away_from_zero(rows, columns, scale=1.0):
        signs = rng.choice([-1.0, 1.0], size=(rows, columns))
        return signs * rng.uniform(0.5, 1.5, size=(rows, columns)) * scale

    return (away_from_zero(n, m), away_from_zero(m, d, m ** -0.5), away_from_zero(d, t, d ** -0.5),
            rng.integers(0, 2, size=(n, t)).astype(float))


def agree_at_random_points(left, right, symbols, trials=3, seed=0):
    """True if two SymPy expressions agree to 40 digits at random rational points.

    For expressions too large for simplify (nested sigmoids): the derivatives
    are still exact, symbolic ones; only the comparison is made at points.
    """
    import sympy as sp

    rng = np.random.default_rng(seed)
    for _ in range(trials):
        point = {s: sp.Rational(int(rng.integers(-90, 91)), 37) for s in symbols}
        if abs(sp.N(left.subs(point) - right.subs(point), 50)) > sp.Float(10) ** -40:
            return False
    return True
