"""The mutator behind `make mutate` (measurements/mutate.py): the promised mutations, and a kill."""

import textwrap

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
