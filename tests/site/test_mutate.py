"""The mutator behind `make mutate` (measurements/mutate.py): the promised mutations, and a kill."""

import textwrap

import pytest

from measurements import mutate

SOURCE = textwrap.dedent('''
    import numpy as np


    @checked_by(check_loss)
    def loss(A, B, Y):
        """Docstring: never mutated."""
        check_same_shape("A", A, "B", B)
        A = as_matrix("A", A)
        if A.shape[0] > 1:
            raise ValueError(f"one row, not {A.shape[0] + 1}")
        C = A.T @ B - 0.5 * np.sum(Y, axis=0, keepdims=True)
        D = -C
        return C


    loss = checked_by(check_loss)(loss)


    def report():
        return 1 + 2


    if __name__ == "__main__":
        print(loss(1, 2, 3) + 4)
''')


def test_every_promised_kind_of_mutation_is_generated_outside_printing_code():
    mutants = mutate.generate(SOURCE, "toy.py")
    assert {m.kind for m in mutants} == {
        "remove check", "remove as_matrix", "negate if", "comparison", "constant", "remove raise",
        "remove .T", "matmul swap", "arithmetic", "sum/mean", "axis", "keepdims", "unary minus",
        "return", "remove checked_by"}
    assert {m.function for m in mutants} == {"loss"}          # not report(), not __main__
    assert all("one row, not" in m.source for m in mutants if m.kind != "remove raise")
    swap = next(m for m in mutants if m.kind == "matmul swap")
    assert "B @ A.T" in swap.source and "A.T @ B" not in swap.source
    returns = {m.description.rsplit("`return ", 1)[1] for m in mutants if m.kind == "return"}
    assert returns == {"A`", "D`"}                            # first argument, a local
    unwrapped = [m for m in mutants if m.kind == "remove checked_by"]
    assert [m.description for m in unwrapped] == ["remove `checked_by(check_loss)`",
                                                  "remove `checked_by(check_loss)` (#2)"]
    assert "@(lambda function: function)" in unwrapped[0].source
    assert "loss = (lambda function: function)(loss)" in unwrapped[1].source


def test_mutant_ids_do_not_depend_on_line_numbers():
    shifted = "# a comment\n\n\n" + SOURCE
    assert [m.id for m in mutate.generate(SOURCE, "toy.py")] == \
           [m.id for m in mutate.generate(shifted, "toy.py")]


def test_a_toy_mutant_is_killed_and_a_blind_spot_survives(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "tests" / "kit").mkdir(parents=True)
    (tmp_path / "pytest.ini").write_text("[pytest]\npythonpath = snippets\n", encoding="utf-8")
    (tmp_path / "snippets" / "toy.py").write_text(textwrap.dedent('''
        def twice(x):
            if x is None:
                raise ValueError("no x")
            return x * 2
    '''), encoding="utf-8")
    (tmp_path / "tests" / "kit" / "test_toy.py").write_text(textwrap.dedent('''
        from toy import twice


        def test_twice():
            assert twice(3) == 6
    '''), encoding="utf-8")
    results, baseline = mutate.run(tmp_path, ["toy.py"], jobs=2, progress=False, preload=("pytest",))
    status = {r.mutant.description: r.status for r in results}
    assert status["arithmetic: `return x * 2` -> `return x / 2`"] == "killed"
    assert status["remove raise ValueError under `if x is None`"] == "survived"  # no test of it
    assert baseline["failed"] == []
    assert (tmp_path / "snippets" / "toy.py").read_text(encoding="utf-8").count("x * 2") == 1


def test_function_picks_the_mutants_of_those_functions_and_of_those_nested_in_them():
    source = textwrap.dedent('''
        def outer(x):
            def inner(y):
                return y + 1
            return inner(x) * 2


        def other(x):
            return x - 1
    ''')
    mutants = mutate.generate(source, "toy.py")
    assert {m.function for m in mutate.select(mutants, ["outer"])} == {"outer", "outer.inner"}
    assert {m.function for m in mutate.select(mutants, ["outer.inner", "other"])} == {"outer.inner", "other"}
    assert mutate.select(mutants, None) == mutants
    assert mutate.select(mutants, ["out"]) == []          # a name, not a prefix of one


def _results(name, statuses):
    """Results of a made-up run of `name`: one mutant per status, 1 s of CPU each."""
    found = []
    for i, status in enumerate(statuses):
        mutant = mutate.Mutant(name, "f", "constant", f"constant: `x = {i}` -> `x = {i + 1}`", i + 1)
        found.append(mutate.Result(mutant, status, 1.0, "" if status == "survived" else "t", cpu=1.0))
    return found


def test_update_rewrites_one_snippets_row_and_survivors_and_keeps_every_other_row():
    baseline = {"failed": [], "tests": 10, "seconds": 2.0, "modules": ["tests/kit/test_a.py"]}
    equivalents = {("b.py", "f", "constant: `x = 1` -> `x = 2`"): "Both are read as true."}
    whole = (_results("a.py", ["killed", "survived"]) + _results("b.py", ["killed", "survived", "timeout"])
             + _results("c.py", ["killed"]))
    old, failures = mutate.report(whole, baseline, equivalents, 600.0, "0" * 40, False, "a machine",
                                  ["a.py", "b.py", "c.py"])
    assert len(failures) == 1 and "| **all** | **6** | **4** | **1** | **1** | **6 s** |" in old

    # a.py's survivor killed by a new test, and a new snippet d.py measured alone
    new, failures = mutate.update_report(old, _results("a.py", ["killed", "killed", "timeout"]), baseline,
                                         equivalents, 90.0, "1" * 40, False, "a machine", "a.py")
    assert failures == []
    new, failures = mutate.update_report(new, _results("d.py", ["survived"]), baseline, equivalents,
                                         30.0, "2" * 40, True, "a machine", "d.py")
    assert [r.mutant.file for r in failures] == ["d.py"]
    table = [line for line in new.splitlines() if line.startswith("| ")]
    assert table[2:] == ["| `a.py` | 3 | 3 | 0 | 0 | 3 s |",     # rewritten
                         "| `b.py` | 3 | 2 | 1 | 0 | 3 s |",     # kept as measured
                         "| `c.py` | 1 | 1 | 0 | 0 | 1 s |",
                         "| `d.py` | 1 | 0 | 0 | 1 | 1 s |",     # added in its place
                         "| **all** | **8** | **6** | **1** | **1** | **8 s** |"]
    survivors = new.split("Surviving mutants:\n\n")[1].split("\n\n")[0].splitlines()
    assert survivors == ["- equivalent: `b.py` `f` (line 2): constant: `x = 1` -> `x = 2`. *Both are read as true.*",
                         "- **not equivalent**: `d.py` `f` (line 1): constant: `x = 0` -> `x = 1`"]
    assert "Killed counts timeouts (2)." in new   # b.py's, kept, and a.py's new one
    timeouts = new.split("Mutants killed by the timeout:\n\n")[1].split("\n\n")[0].splitlines()
    assert [line.split("`")[1] for line in timeouts] == ["a.py", "b.py"]
    assert "the whole run took 10.0 min of wall time" in new            # the whole run's own words
    alone = new.split("Rows measured alone since, with `--only NAME --update`:\n\n")[1].splitlines()
    assert [line.split("`")[1] for line in alone] == ["a.py", "d.py"] and new.endswith(alone[-1] + "\n")
    assert "1.5 min of wall time" in alone[0] and "`111111111111`" in alone[0]
    assert "with uncommitted changes" in alone[1]

    # Measuring a.py again replaces its line: nothing piles up.
    again, _ = mutate.update_report(new, _results("a.py", ["killed"]), baseline, equivalents, 60.0,
                                    "3" * 40, False, "a machine", "a.py")
    assert again.count("- `a.py`: on ") == 1 and "`333333333333`" in again and "`111111111111`" not in again
    assert "| `a.py` | 1 | 1 | 0 | 0 | 1 s |" in again and "Killed counts timeouts (1)." in again
    assert "Mutants killed by the timeout:\n\n- `b.py`" in again


def test_update_replaces_the_failing_tests_of_the_modules_it_ran_only():
    baseline = {"failed": ["tests/kit/test_a.py::test_old", "tests/kit/test_b.py::test_other"], "tests": 3,
                "seconds": 1.0, "modules": ["tests/kit/test_a.py", "tests/kit/test_b.py"]}
    old, _ = mutate.report(_results("a.py", ["killed"]), baseline, {}, 60.0, "0" * 40, False, "m", ["a.py"])
    rerun = {**baseline, "failed": [], "modules": ["tests/kit/test_a.py"]}
    new, _ = mutate.update_report(old, _results("a.py", ["killed"]), rerun, {}, 60.0, "0" * 40, False, "m", "a.py")
    assert "test_old" not in new and "- `tests/kit/test_b.py::test_other`" in new


def test_update_needs_one_snippet_and_all_its_mutants(capsys):
    for argv in (["--update"], ["--only", "mlp.py", "--update", "--function", "forward"]):
        with pytest.raises(SystemExit):
            mutate.main(argv)
    assert "--only" in capsys.readouterr().err


def test_two_mutants_of_a_long_statement_are_named_by_what_they_change():
    long = ", ".join(f"'k{i}': {i + 2}" for i in range(30))
    mutants = mutate.generate(f"def f():\n    return {{{long}}}\n", "toy.py")
    constants = [m.description for m in mutants if m.kind == "constant"]
    assert len(constants) == 30 and not any("(#" in d for d in constants)
    last = constants[-1]
    assert last.startswith("constant: `...") and "'k29': 31}" in last and "'k29': 32}" in last


def test_a_mutated_augmented_assignment_is_shown_as_it_becomes():
    [mutant] = [m for m in mutate.generate("def f(x):\n    x += 1\n    return x\n", "toy.py") if m.kind == "arithmetic"]
    assert mutant.description == "arithmetic: `x += 1` -> `x -= 1`"
