"""Sentences on pages that say what an output shows, or what a reader can run,
bound to the output or to what the reader downloads."""

import re

from sitebuild.sources import DOCS, SNIPPETS, page_snippets, pages


def recorded_matrix(out, header):
    """The rows printed under `header` in a recorded output, up to the next header."""
    lines = out.splitlines()
    start = lines.index(header) + 1
    rows = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        rows.append(line.strip())
    assert rows, f"nothing printed under {header!r}"
    return rows


def test_m_d_t_shows_loop_and_product_below_the_sentence_that_says_so():
    page = (DOCS / "output-layer-m-d-t.md").read_text(encoding="utf-8")
    sentence = next(line for line in page.splitlines() if line.startswith("They compute the same numbers"))
    headers = re.findall(r"`([^`]+)`", sentence)
    assert headers == ["grad_W_out = A_h.T @ delta_out", "loop over i, j, k"]
    out = (SNIPPETS / "output_layer_m_d_t.out").read_text(encoding="utf-8")
    product, loop = (recorded_matrix(out, header + ":") for header in headers)
    assert product == loop
    assert "below" in sentence and "#the-worked-example-printed" in sentence
    assert page.index(sentence) < page.index("## The worked example, printed")


def test_a_page_with_a_kit_sends_make_targets_to_the_source_archive():
    """A kit holds no Makefile: a page that tells its reader to run `make X`
    says where the Makefile is (source.zip)."""
    wrong = []
    for page in pages():
        if not page_snippets(page):
            continue
        for line in (DOCS / page).read_text(encoding="utf-8").splitlines():
            if re.search(r"\brun `make \w+`", line) and "source.zip" not in line:
                wrong.append((page, line.strip()[:80]))
    assert wrong == []


def test_gradient_check_page_names_the_notebooks_step_and_its_pass_rule():
    """'the notebook checks at ten times the advised step' and 'counts a check
    as passed only if it compared some entry relatively': what its code does."""
    page = (DOCS / "gradient-check.md").read_text(encoding="utf-8")
    notebook = (DOCS / "notebooks" / "train-digits.py").read_text(encoding="utf-8")
    assert "checks at ten times the advised step" in page
    assert re.search(r"^H = 10 \* STEP\b", notebook, re.M)
    assert "h = 10^{-6}" in page and "STEP = 1e-6" in (SNIPPETS / "gradient_check.py").read_text(encoding="utf-8")
    assert "passed only if it compared some entry relatively" in page
    assert re.search(r"all\(map\(passed, ", notebook) and "assert all(every_check_passed.values())" in notebook


def test_a_page_that_says_its_tests_check_every_formula_it_derives_is_right():
    """'the tests ... check every formula the page derives': every display equation
    of the page that is not only stated (definition, notation) is checked or
    generated, and every inline result is checked (the ledger's counts)."""
    from sitebuild.checker.ledger import counts
    from test_equations import universal_claims

    claimed = {page: claims for page in pages()
               for claims in [[c for c in universal_claims((DOCS / page).read_text(encoding="utf-8"))
                               if "the page derives" in c]] if claims}
    assert "output-layer-2-2-2.md" in claimed
    for count in counts():
        if count.page in claimed:
            derived = [e for e in count.equations if e.kind not in ("definition", "notation")]
            assert all(e.kind in ("checked", "generated") for e in derived), count.page
            assert count.results_checked == len(count.results), count.page


def test_gradient_check_page_puts_the_tilde_where_the_recording_does():
    """'Below that step [the one the line after the sweep prints] rounding sets a figure
    ... a `~`'; 'at h = 10^{-4}, less than ten times above it, ... one digit and no `~`':
    the recorded sweep and its last line. (Not 'from h = 10^{-4} down': there truncation
    still sets the error.)"""
    page = (DOCS / "gradient-check.md").read_text(encoding="utf-8")
    out = (SNIPPETS / "gradient_check.out").read_text(encoding="utf-8")
    assert r"from \(h = 10^{-4}\) down" not in page
    assert "The line after the sweep says where rounding takes over" in page
    assert r"at \(h = 10^{-4}\), less than ten times above it" in page and "one digit and no `~`" in page
    crossover = float(re.search(r"^rounding outweighs truncation below h = ~(\S+)$", out, re.M)[1])
    rows = {float(h): figures for h, *figures in
            re.findall(r"^  (\de-\d\d) +(\S+) +(\S+)  (?:correct|suspicious|wrong)$", out, re.M)}
    assert len(rows) == 6
    for h, figures in rows.items():
        assert all(f.startswith("~") == (h < crossover) for f in figures), h
    assert crossover < 1e-4 < 10 * crossover
    assert all(re.fullmatch(r"\de-\d\d", f) for f in rows[1e-4])  # one digit, no ~


# notation.md: "Each index letter belongs to one layer, on every page": k examples, l inputs,
# i hidden units, j outputs (a primed letter is a second index over the same units).
LAYER_LETTER = {"input": "l", "hidden unit": "i", "output unit": "j", "output": "j", "example": "k"}
UNIT_NAMED_BY_A_LETTER = re.compile(r"\b(input|hidden unit|output unit|output|example)s?\s+"
                                    r"(?:\\\(|`)?([ijkl])'?(?:\\\)|`)?(?=[\s,.;:)]|$)")
LAYER_WEIGHT = re.compile(r"w_\{([a-z])'?,\s*([a-z])'?\}\^\{?\((h|out)\)")


def what_a_reader_reads():
    """{name: text} of every page, every snippet and the notebook: prose, code, comments."""
    texts = {page: (DOCS / page).read_text(encoding="utf-8") for page in pages()}
    texts |= {path.name: path.read_text(encoding="utf-8") for path in sorted(SNIPPETS.glob("*.py"))}
    notebook = DOCS / "notebooks" / "train-digits.py"
    return texts | {notebook.name: notebook.read_text(encoding="utf-8")}


def letters_off_their_layer(text):
    """Where `text` gives an index letter to another layer than its own."""
    wrong = [m[0] for m in UNIT_NAMED_BY_A_LETTER.finditer(text) if LAYER_LETTER[m[1]] != m[2]]
    for line in text.splitlines():
        for m in LAYER_WEIGHT.finditer(line):
            if (m[1], m[2]) != (("l", "i") if m[3] == "h" else ("i", "j")) and "wrong" not in line:
                wrong.append(m[0])  # (a page may write the wrong weight on purpose, and say so)
    wrong += re.findall(r"\b[az]_l\b|[az]_\{l\}", text)  # inputs have no z or a: x_l
    wrong += re.findall(r"first index \\\([a-z]\\\) is the unit", text)  # one layer's letter for every weight
    return wrong


def test_letters_off_their_layer_finds_each_kind_of_slip():
    assert letters_off_their_layer("W_h[i, j] joins input i to hidden unit j") == ["input i", "hidden unit j"]
    assert letters_off_their_layer(r"\(w_{i,j}^{(h)}\) and \(w_{i,j}^{(out)}\)") == ["w_{i,j}^{(h)"]
    assert letters_off_their_layer("∂a_j/∂z_l = a_j ([j = l] - a_l)") == ["z_l", "a_l"]
    assert letters_off_their_layer(r"In every weight \(w_{i,j}\) the first index \(i\) is the unit") != []
    assert letters_off_their_layer("input l to hidden unit i, output j of example k; the input is x") == []


def test_each_index_letter_belongs_to_one_layer_wherever_a_reader_reads_it():
    """The rule the notation page states, in prose, formulas, code comments and docstrings."""
    wrong = {name: found for name, text in what_a_reader_reads().items()
             if (found := letters_off_their_layer(text))}
    assert wrong == {}


def exercise_questions():
    """(page, exercise key, question text) for every exercise, its question up to its box."""
    for page in pages():
        for block in re.split(r"\n(?=[!?]{3}\+? question)", (DOCS / page).read_text(encoding="utf-8")):
            if block.lstrip("!?+ ").startswith("question") and 'data-exercise="' in block:
                question, box = block.split('<div class="exercise"', 1)
                yield page, re.search(r'data-exercise="([^"]+)"', box)[1], question


def target_row(given, example):
    """Example `example`'s target (counted from 1) in an exercise's given data."""
    import numpy as np

    if "Y" in given:
        return np.array(given["Y"])[example - 1]
    [row] = [value for name, value in given.items() if "target" in name]
    return np.array(row)[0]


def test_exercises_that_relabel_an_example_count_its_class_from_1():
    """'relabel example 1 as class 2', 'it now belongs to class 1': the target shown
    below the question has its 1 in that column counted from 1, as the pages, the
    exercises' hints and the snippets' comments count classes."""
    import json

    import numpy as np

    data = json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))["exercises"]
    relabel = re.compile(r"[Ee]xample (\d)(?: is relabelled: it now belongs to| still relabelled as| as) class (\d)")
    found = []
    for page, key, question in exercise_questions():
        if key not in data:  # a page's exercise missing from exercises.json fails elsewhere
            continue
        for example, label in relabel.findall(question):
            assert int(np.argmax(target_row(data[key]["given"], int(example)))) + 1 == int(label), key
            found.append(key)
        for mistake in data[key]["mistakes"]:
            for example, label in re.findall(r"[Ee]xample (\d) (?:is now|now belongs to) class (\d)", mistake["hint"]):
                assert int(np.argmax(target_row(data[key]["given"], int(example)))) + 1 == int(label), key
    assert sorted(found) == ["hidden-layer/delta", "output-layer-m-d-t/entry", "softmax/delta", "softmax/gradient"]


def test_no_exercise_answer_is_printed_on_a_page_its_question_cites():
    """An exercise that works on another page's example ('For the 2-2-2 page's network')
    must not find its answer in that page's recorded outputs either, at the precision
    they print (the browser test checks the exercise's own page)."""
    import json

    data = json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))
    cited_pages = {"2-2-2": "output-layer-2-2-2.md", "m-d-t": "output-layer-m-d-t.md"}
    printed, cited = {}, 0
    for page, key, question in exercise_questions():
        if key not in data["exercises"]:
            continue
        for name in {cited_pages[m] for m in re.findall(r"the (2-2-2|m-d-t) (?:page|example|network)", question)}:
            if name == page:
                continue
            cited += 1
            source = (DOCS / name).read_text(encoding="utf-8")
            outputs = "\n".join((SNIPPETS / file).read_text(encoding="utf-8")
                                for file in set(re.findall(r'--8<-- "([\w.]+\.(?:out|math\.md))', source)))
            answer = data["exercises"][key]["answer"]
            entries = [abs(v) for row in (answer if isinstance(answer, list) else [[answer]]) for v in row]
            for number in re.findall(r"\d+\.\d+", outputs):
                decimals = len(number.split(".")[1])
                if any(round(v, decimals) == float(number) and abs(v - float(number)) <= data["tolerance"]
                       for v in entries):
                    printed.setdefault(f"{key} on {name}", []).append(number)
    assert cited >= 2 and printed == {}


def test_the_notation_page_s_framework_table_says_which_outputs_and_the_bias():
    """notation.md: CrossEntropyLoss's G is taken with the softmax outputs, not the sigmoid's
    (kit: test_cross_entropy_loss_needs_the_softmax_delta_not_the_sigmoid_one); the output
    layer's input is A_h and nn.Linear adds a bias; Nielsen's cost is a mean (kit:
    test_nielsen_s_mean_cost_averages_the_column_gradients_over_the_examples); the Keras
    test uses the class's own example."""
    page = (DOCS / "notation.md").read_text(encoding="utf-8")
    kit = (DOCS.parent / "tests" / "kit" / "test_notation.py").read_text(encoding="utf-8")
    lines = page.splitlines()
    torch = next(line for line in lines if line.strip().startswith("| gradient of the output weights | `weight.grad`"))
    assert "softmax" in torch.split("`CrossEntropyLoss`", 1)[1] and "sigmoid" in torch
    assert "def test_cross_entropy_loss_needs_the_softmax_delta_not_the_sigmoid_one" in kit
    assert "X @ model.weight" not in page
    assert r"`A_h @ model.weight.T + model.bias` is the layer's \(Z\)" in page and "`bias=False`" in page
    nielsen = next(line for line in lines if line.startswith("| gradient |")).split("|")[3]
    assert "summed" not in nielsen and "mean" in nielsen
    assert "def test_nielsen_s_mean_cost_averages_the_column_gradients_over_the_examples" in kit
    assert "`BinaryCrossentropy`'s own documentation" in page and "[[-18.6, 0.51], [2.94, -12.8]]" in kit


def test_the_2_2_2_page_says_when_a_framework_s_gradient_is_ours():
    """output-layer-2-2-2.md: weight.grad is our gradient transposed with a summed loss;
    the defaults divide by t; Keras's BinaryCrossentropy divides by t whatever its reduction
    (kit: test_a_summed_torch_loss_gives_our_gradient_transposed_and_keras_still_divides_by_t)."""
    page = (DOCS / "output-layer-2-2-2.md").read_text(encoding="utf-8")
    kit = (DOCS.parent / "tests" / "kit" / "test_notation.py").read_text(encoding="utf-8")
    box = page[page.index('!!! info "PyTorch and Keras"'):]
    box = box[:box.index("\n\n", box.index("\n\n") + 2)]  # the title, a blank line, the text
    assert not re.search(r"its gradient is ours[.,;:]", box)  # unqualified
    torch = next(line for line in box.splitlines() if "`weight.grad` is our gradient transposed" in line)
    assert 'with a summed loss (`reduction="sum"`)' in torch
    assert r"and so divide both gradients by \(t\)" in box
    assert r'even with `reduction="sum"` its gradient is ours divided by \(t\)' in box
    assert "def test_a_summed_torch_loss_gives_our_gradient_transposed_and_keras_still_divides_by_t" in kit


# --- deeper-networks.md: what its output shows ------------------------------------------

def deep_page_says(*phrases):
    page = (DOCS / "deeper-networks.md").read_text(encoding="utf-8")
    for phrase in phrases:
        assert phrase in page, phrase
    return (SNIPPETS / "deep.out").read_text(encoding="utf-8")


def deep_table(out, title, columns):
    """{ℓ: the row's numbers} of a table the output prints under `title`."""
    block = out.split(title, 1)[1]
    rows = {}
    for line in block.splitlines()[2:]:
        parts = line.split()
        if len(parts) != columns + 1 or not parts[0].isdigit():
            break
        rows[int(parts[0])] = [float(v) for v in parts[1:]]
    return rows


def deep_check_counts(out):
    """{ℓ: (entries compared relatively for σ, tanh, ReLU)} and each layer's entry count, from
    the check table."""
    rows = re.findall(r"^(\d)  ~\S+ +(\d+)/(\d+)  ~\S+ +(\d+)/\d+  ~\S+ +(\d+)/\d+$", out, re.M)
    return ({int(r[0]): [int(r[1]), int(r[3]), int(r[4])] for r in rows}, {int(r[0]): int(r[2]) for r in rows})


def test_deeper_networks_checks_pass_and_sigma_s_first_layers_resolve_fewer_entries():
    """The page: every layer's gradient agrees with central differences for all three
    activations, each check comparing some entries relatively; with σ units fewer of the
    first two layers' entries stand above what central differences resolve than of the last
    two layers' (as fractions), and fewer than with tanh or with ReLU."""
    out = deep_page_says("every layer's gradient agrees with central differences for all three activations, "
                         "each check comparing some entries relatively;",
                         "with σ units fewer of the first two layers' entries stand above what central differences "
                         "resolve", "than of the last two layers', and fewer than with tanh or with ReLU units: "
                         "the vanishing gradient, already at three hidden layers")
    assert "every check passed: True" in out
    counts, entries = deep_check_counts(out)
    assert sorted(counts) == [1, 2, 3, 4]
    assert all(min(row) > 0 for row in counts.values())
    sigma = {ell: counts[ell][0] / entries[ell] for ell in counts}
    assert max(sigma[1], sigma[2]) < min(sigma[3], sigma[4])
    for ell in (1, 2):
        s_count, tanh, relu = counts[ell]
        assert s_count < tanh and s_count < relu, ell


def test_deeper_networks_relu_s_absolute_entries_are_mostly_exact_zeros():
    """The page: with ReLU units most of the entries compared absolutely are exactly 0, as the
    line under the table counts (kit: each zero traced to a factor 0 in every example)."""
    out = deep_page_says("with ReLU units most of the entries compared absolutely are exactly 0, "
                         "as the line under the table counts")
    counts, entries = deep_check_counts(out)
    line = out.split("relu's entries exactly 0, by layer:\n", 1)[1].splitlines()[0]
    zeros = {int(ell): int(z) for ell, z in re.findall(r"(\d): (\d+)/\d+", line)}
    assert sorted(zeros) == sorted(counts) == [1, 2, 3, 4]
    for ell, z in zeros.items():
        absolute = entries[ell] - counts[ell][2]
        assert z <= absolute and 2 * z > absolute, ell
    kit = (DOCS.parent / "tests" / "kit" / "test_deep.py").read_text(encoding="utf-8")
    assert "def test_the_recorded_exact_zeros_of_relu_are_what_the_code_computes_and_each_has_a_reason" in kit


def test_deeper_networks_says_which_layers_the_bound_needs_and_where_delta_stops():
    """The page: the ¼ bound holds at layer ℓ when layers ℓ to L - 1 have σ units, layer ℓ's
    own included (kit: it holds so whatever is below, and fails with tanh or ReLU at layer
    ℓ alone); δ is handed down at every layer but layer 1 (the code: `if ell > 1`)."""
    deep_page_says(r"It holds for layer \(\ell\) when layers \(\ell\) to \(L - 1\) have σ units, "
                   r"layer \(\ell\)'s own included",
                   "at every layer but layer 1, hands \\(\\delta\\) one layer down",
                   "while \\(\\ell > 1\\), \\(\\delta\\) handed one layer down")
    page = (DOCS / "deeper-networks.md").read_text(encoding="utf-8")
    assert "below the top" not in page and "every hidden layer between" not in page
    kit = (DOCS.parent / "tests" / "kit" / "test_deep.py").read_text(encoding="utf-8")
    assert "def test_the_quarter_bound_holds_at_layer_l_when_layers_l_to_L_minus_1_are_sigma" in kit
    assert "def test_the_quarter_bound_fails_at_a_layer_whose_own_units_are_not_sigma" in kit
    backward = (SNIPPETS / "deep.py").read_text(encoding="utf-8").split("# --8<-- [start:backward]")[1]
    assert "for ell in range(L, 0, -1):" in backward and "if ell > 1:" in backward


def test_the_notation_page_s_layer_table_names_deep_py_s_code():
    """notation.md's table of numbered layers: every code name it gives is in deep.py."""
    page = (DOCS / "notation.md").read_text(encoding="utf-8")
    table = page.split("{ #layers-by-number }", 1)[1].split("\n\n", 2)[2].split("\n\n", 1)[0]
    names = [name for row in table.splitlines()[2:] for name in re.findall(r"`([^`]+)`", row.split("|")[2])]
    assert len(names) >= 8
    code = (SNIPPETS / "deep.py").read_text(encoding="utf-8")
    assert [name for name in names if name not in code] == []


def test_deeper_networks_kink_and_backprop_lines():
    """The page: at z = 0 the code takes ReLU′ as 0 and central differences see ½; a unit on
    the kink makes the check call a gradient wrong; the example's smallest |z| is far beyond
    the step h; with one hidden layer of σ units the recursion gives backprop's gradients."""
    out = deep_page_says("at \\(z = 0\\) the code takes ReLU′ as 0 and central differences see \\(\\tfrac12\\)",
                         "a unit on the kink makes the check call a gradient wrong",
                         "the example prints its smallest \\(|z|\\)",
                         "with one hidden layer of σ units the recursion gives `backprop`'s gradients")
    assert "at z = 0: ReLU′ taken 0,\ncentral difference 0.5\n" in out
    assert re.search(r"with a unit on the kink:\nwrong \(relative error", out)
    assert float(re.search(r"ReLU units' smallest \|z\|: (\S+)", out)[1]) > 1000 * 1e-6
    assert "backprop(X, Y, W_h, W_out): True" in out


def test_deeper_networks_sigma_shrinks_under_its_bound_and_tanh_and_relu_far_less():
    """The page: with σ units ‖δ⁽ℓ⁾‖ shrinks at every step down, to a small fraction of its
    size at the output layer by layer 1 (below 1/1000), and never exceeds the bound beside it;
    with tanh and with ReLU it shrinks far less (their ratio over 100 times σ's); the weights'
    gradients follow: with σ the first layer's is below 1/1000 of the last's, with tanh and
    ReLU above 1/10."""
    out = deep_page_says("with σ units \\(\\|\\delta^{(\\ell)}\\|\\) shrinks at every step down, to a small "
                         "fraction of its size at the output layer by layer 1, and never exceeds the bound beside it; "
                         "with tanh and with ReLU it shrinks far less",
                         "with σ units the first layer's is a small fraction of the last layer's; with tanh or with ReLU "
                         "units it is not")
    deltas = deep_table(out, "‖δ⁽ℓ⁾‖ layer by layer", 4)
    gradients = deep_table(out, "‖∂J/∂W⁽ℓ⁾‖ layer by layer", 3)
    L = max(deltas)
    assert sorted(deltas) == sorted(gradients) == list(range(1, L + 1)) and L >= 8
    sigma = [deltas[ell][0] for ell in range(L, 0, -1)]
    assert all(below < above for above, below in zip(sigma, sigma[1:]))
    assert all(row[0] <= row[3] for row in deltas.values())
    ratio = {name: deltas[1][column] / deltas[L][column] for column, name in enumerate(("σ", "tanh", "relu"))}
    assert ratio["σ"] < 1e-3 and ratio["tanh"] > 100 * ratio["σ"] and ratio["relu"] > 100 * ratio["σ"]
    first_over_last = [gradients[1][column] / gradients[L][column] for column in range(3)]
    assert first_over_last[0] < 1e-3 and min(first_over_last[1:]) > 0.1


# --- matrix-route.md, regularisation.md, check-your-backprop.md, about.md ------------------

def test_matrix_route_says_where_the_column_conventions_transpose_goes_and_how_numpy_counts():
    """matrix-route.md: in the column convention's W a the activations are again the transposed
    factor, δ aᵀ (kit: test_the_column_conventions_gradient_is_delta_a_T_the_activations_transposed_
    on_the_right); the slices are printed with NumPy's index D[0, j − 1], from 0; exercise 2
    gives Y and A_out only, and says where A_h is."""
    import json

    page = (DOCS / "matrix-route.md").read_text(encoding="utf-8")
    kit = (DOCS.parent / "tests" / "kit" / "test_matrix_route.py").read_text(encoding="utf-8")
    assert "puts the transpose on the other factor" not in page
    column = next(line for line in page.splitlines() if line.startswith("In the column convention's layer"))
    assert r"\(\delta \, a^T\)" in column and "the activations again the transposed factor" in column
    assert "def test_the_column_conventions_gradient_is_delta_a_T_the_activations_transposed_on_the_right" in kit
    out = (SNIPPETS / "matrix_route.out").read_text(encoding="utf-8")
    assert "printed with its NumPy index `D[0, j - 1]` (NumPy counts from 0)" in page
    t = int(re.search(r"n, d, t = \d+, \d+, (\d+)", out).group(1))
    for j in range(1, t + 1):
        assert f"∂z_1,{j}/∂W_out, the slice D[0, {j - 1}] (NumPy counts from 0)" in out
    given = json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))["exercises"][
        "matrix-route/contraction"]["given"]
    question = page.split('"Exercise 2: one contraction by hand"', 1)[1].split('<div class="exercise"', 1)[0]
    assert set(given) == {"Y", "A⁽ᵒᵘᵗ⁾"} and "A_h =" in out
    assert (r"its new targets and \(A^{(out)}\) are shown below the question; "
            r"\(A^{(h)}\) is in the worked example's output") in question


def test_regularisation_says_keras_keeps_its_mean_over_t_and_what_the_slip_prints():
    """regularisation.md: with reduction="sum", r is 1 for PyTorch but t for Keras's
    BinaryCrossentropy (kit: test_keras_sum_reduction_still_divides_by_t_so_its_lambda_is_2_t_l2);
    SGD given λ as its weight_decay takes this site's step for r λ (the output's two lines, read by
    test_the_output_shows_the_conversions_agreeing); the frameworks' output is the end of the
    worked example's, from "this page's λ" on; exercise 5 asks for the output kernel's gradient,
    the only one Keras regularises there."""
    page = (DOCS / "regularisation.md").read_text(encoding="utf-8")
    kit = (DOCS.parent / "tests" / "kit" / "test_regularisation_frameworks.py").read_text(encoding="utf-8")
    snippet = (SNIPPETS / "regularisation.py").read_text(encoding="utf-8")
    out = (SNIPPETS / "regularisation.out").read_text(encoding="utf-8")
    assert 'and 1 with `reduction="sum"`' not in page
    assert (r'With `reduction="sum"`, \(r\) is 1 for PyTorch' "'s losses but \\(t\\) for `BinaryCrossentropy`, "
            r"which keeps its mean over the \(t\) outputs") in page
    assert 'with\n# reduction="sum", r = 1 for PyTorch\'s losses but t for BinaryCrossentropy' in snippet
    assert "def test_keras_sum_reduction_still_divides_by_t_so_its_lambda_is_2_t_l2" in kit
    assert r"it takes this site's step for \(r \lambda\), a penalty \(r\) times the one intended" in page
    assert "this site's step for λ = r λ = " in out and "def test_the_output_shows_the_conversions_agreeing" in kit
    assert "It prints the last lines of the worked example's output, from `this page's λ` on." in page
    section = snippet.split("# --8<-- [start:frameworks_compared]", 1)[1]
    assert re.search(r'print\(f"this page\'s λ = ', section) and out.count("this page's λ = ") == 1
    assert "frameworks_report()\n" in snippet.rsplit("# --8<-- [end:slips]", 1)[1]  # printed last
    question = page.split('"Exercise 5: Keras\'s l2 in this site\'s units"', 1)[1].split('<div class="exercise"', 1)[0]
    assert "output layer" in question and r"\(\partial J_\lambda / \partial W^{(out)}\)" in question


def test_check_your_backprop_says_which_penalty_division_each_loss_option_accepts():
    """check-your-backprop.md: a regularised backprop may divide its penalty as its loss is divided
    (by n with --loss mean, by n·t with --loss mean-all) or not at all; under the sum, λW/n is
    named; --layout keras checks as the default does (kit: test_keras_users_need_no_option_and_may_say_keras)."""
    import numpy as np

    import check_backprop
    from mistakes import PENALTY_DIVIDED

    page = (DOCS / "check-your-backprop.md").read_text(encoding="utf-8")
    kit = (DOCS.parent / "tests" / "kit" / "test_check_backprop.py").read_text(encoding="utf-8")
    assert ("may divide its penalty as its loss is divided, by \\(n\\) with `--loss mean` and by "
            "\\(n \\cdot t\\) with `--loss mean-all`, or not at all") in page
    assert r"under this site's sum, \(\lambda W / n\) is named as a mistake" in page
    assert "(`--layout keras` is accepted and checks exactly as the default does)" in page
    assert "def test_keras_users_need_no_option_and_may_say_keras" in kit

    def regularised(loss_divisor, penalty_divisor):
        def backprop(X, Y, W_h, W_out, lam):
            n, t = Y.shape
            A_h = 1 / (1 + np.exp(-(X @ W_h)))
            A_out = 1 / (1 + np.exp(-(A_h @ W_out)))
            delta_out = (A_out - Y) / loss_divisor(n, t)
            delta_h = (delta_out @ W_out.T) * A_h * (1 - A_h)
            return {"W_h": X.T @ delta_h + lam * W_h / penalty_divisor(n, t),
                    "W_out": A_h.T @ delta_out + lam * W_out / penalty_divisor(n, t)}
        return backprop

    one, by_n, by_nt = (lambda n, t: 1), (lambda n, t: n), (lambda n, t: n * t)
    for loss, loss_divisor, penalty_divisors in [("sum", one, [one]), ("mean", by_n, [one, by_n]),
                                                 ("mean-all", by_nt, [one, by_nt])]:
        for penalty_divisor in penalty_divisors:
            verdicts = check_backprop.judge_functions([regularised(loss_divisor, penalty_divisor)], "site", loss)
            assert {v.status for v in verdicts} == {"right"}, (loss, [v.message for v in verdicts])
    named = check_backprop.judge_functions([regularised(one, by_n)], "site", "sum")
    assert all(v.status == "wrong" and v.message.startswith(PENALTY_DIVIDED) for v in named)


def test_about_says_what_make_pdf_records_and_where():
    """about.md: `make pdf` records the PDF's size and page counts in docs/measured/pdf.md
    (sitebuild/site_pdf.py --measure); the page does not say they are there before it is run."""
    from sitebuild import site_pdf

    page = (DOCS / "about.md").read_text(encoding="utf-8")
    makefile = (DOCS.parent / "Makefile").read_text(encoding="utf-8")
    assert "`make pdf` records its size and page counts in `docs/measured/pdf.md`" in page
    assert site_pdf.MEASURED == DOCS / "measured" / "pdf.md"
    recipe = makefile.split("\npdf:", 1)[1].split("\n\n", 1)[0]
    assert "sitebuild.site_pdf" in recipe and "--measure" in recipe
    if not site_pdf.MEASURED.exists():
        assert "are in `docs/measured/pdf.md`" not in page


# --- mismatched-losses.md and from-logits.md: the frameworks, saturation --------------------

def test_mismatched_losses_says_which_default_means_differ_and_what_keras_does_on_tensorflow():
    """mismatched-losses.md: the default means divide CrossEntropyLoss by n but BCELoss by n t,
    so the binary pair, ahead with sums, falls behind (the output's binary/t column; kit:
    test_the_training_tables_are_what_the_page_says,
    test_the_frameworks_default_means_divide_the_binary_pair_by_t_more); Keras on TensorFlow
    takes the layer's logits, so its lines hold on JAX and PyTorch only; a saturated sigmoid
    output is not pushed (kit: test_a_saturated_sigmoid_output_is_not_pushed_at_all)."""
    page = (DOCS / "mismatched-losses.md").read_text(encoding="utf-8")
    kit = (DOCS.parent / "tests" / "kit" / "test_mismatch.py").read_text(encoding="utf-8")
    frameworks = page.split("## In the frameworks", 1)[1].split("\n## ", 1)[0]
    assert "(and Keras's, over the last axis) divide the mismatched" not in frameworks
    assert r"by the number of entries, \(n t\), but `CrossEntropyLoss` by the number of examples, \(n\)" in frameworks
    assert "it falls behind the matched pair, as the column `binary/t`" in frameworks
    assert "under the frameworks' default means it falls behind, as the column `binary/t` shows" in page
    out = (SNIPPETS / "mismatch.out").read_text(encoding="utf-8")
    assert out.split("categorical J while training, each δ:\n", 1)[1].split()[4] == "binary/t"
    assert "The Keras lines hold on Keras's JAX and PyTorch backends; on TensorFlow" in frameworks
    assert page.count("[except on TensorFlow](#in-the-frameworks)") == 3
    assert "has the sign of \\(a - y\\) because" in page and "a saturated output is not pushed at all" in page
    for name in ("test_the_training_tables_are_what_the_page_says",
                 "test_the_frameworks_default_means_divide_the_binary_pair_by_t_more",
                 "test_a_saturated_sigmoid_output_is_not_pushed_at_all"):
        assert f"def {name}(" in kit, name


def test_from_logits_says_what_pytorch_s_bce_loss_gives_and_how_near_the_thresholds_are():
    """from-logits.md: the chain rule through a rounded a is NaN whatever the target (kit:
    test_the_chain_rule_through_a_rounded_a_is_nan_whatever_the_target); PyTorch's BCELoss
    clamps its backward too, so it gives δ = 0, not NaN; the thresholds lie within two steps of
    p ln 2, as test_the_one_threshold_is_p_ln_2_and_exact allows."""
    page = (DOCS / "from-logits.md").read_text(encoding="utf-8")
    kit = (DOCS.parent / "tests" / "kit" / "test_logits.py").read_text(encoding="utf-8")
    assert "long before its logit is large" not in page
    assert "the loss is infinite for a target 0 and the chain rule gives NaN whatever the target" in page
    assert "def test_the_chain_rule_through_a_rounded_a_is_nan_whatever_the_target(" in kit
    chain = next(line for line in page.splitlines() if line.startswith("- **The chain rule through"))
    assert "gives no NaN" in chain and r"its \(\delta\) is exactly 0" in chain
    assert "every framework's backward pass" not in page
    assert "within two steps of the dtype" in page
    assert "<= 2 * abs(float(step))" in kit
