# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Training on handwritten digits
#
# The other pages derive the gradients; this notebook puts them to work.
# It trains an m-d-t network on scikit-learn's handwritten digits with exactly
# the site's functions from `snippets/mlp.py` (imported, not copied):
# the forward pass, the cross-entropy $J$, the output and hidden errors
#
# $$
# \begin{aligned}
# \delta^{(out)} &= A^{(out)} - Y, \\
# \delta^{(h)} &= \big(\delta^{(out)} (W^{(out)})^T\big) \\
# &\qquad \odot A^{(h)} \odot (1 - A^{(h)}),
# \end{aligned}
# $$
#
# and the gradients
#
# $$
# \begin{aligned}
# \frac{\partial J}{\partial W^{(out)}} &= (A^{(h)})^T \delta^{(out)}, \\
# \frac{\partial J}{\partial W^{(h)}} &= X^T \delta^{(h)}, \\
# \frac{\partial J}{\partial b} &= \mathbf{1}^T \delta .
# \end{aligned}
# $$
#
# It trains two networks side by side.
# The first has ten independent sigmoid outputs and the binary cross-entropy of the
# site's first pages: this is the network of Raschka's book, *Python Machine
# Learning*, which trains it on handwritten digits too.
# A digit is exactly one of ten classes, though, and for mutually exclusive classes
# the [softmax page](../../softmax/) recommends softmax outputs with the categorical
# cross-entropy.
# The second network does that, with the same data, the same split, the same seed
# and the same initial weights.
# For that pair the output error is again $\delta^{(out)} = A^{(out)} - Y$, so the
# same gradient formulas hold; the check below confirms it for every parameter.
#
# Before training, the gradients of both networks are checked against central
# finite differences on the networks themselves.
# Every number below is printed by the cells that compute it.
#
# ## Run it yourself
#
# Its kit, [train-digits.zip](../../kits/train-digits.zip), holds everything it
# needs: this notebook, as `train-digits.ipynb` for Jupyter and as
# `train-digits.py`, a plain Python script (jupytext's percent format); the site's
# snippets it imports; its test; and `requirements.txt`, the exact versions of
# NumPy, scikit-learn, matplotlib and pytest, with what they need in turn.
# Unpack it and, from its folder, with Python 3.11 or newer, run
# `python -m pip install -r requirements.txt`, then `python -m pytest`.
# The test runs the notebook as a script and checks what this page says of it.
# Then run `python train-digits.py`, or open `train-digits.ipynb` in a JupyterLab
# installed into the same environment, so that its kernel sees those packages:
# `python -m pip install jupyterlab`, then `python -m jupyter lab`.
# Downloaded alone (the site's page of this notebook has a button for each form),
# the notebook finds the site's `snippets/` folder beside it or in a folder above
# it, as in its kit.

# %%
import pathlib
import sys


def find_snippets():
    """The folder holding the site's mlp.py.

    snippets/ beside this notebook (as in its kit) or in a folder
    above it, or this folder itself.
    """
    # A script knows its own file; a notebook runs in its own folder.
    script = globals().get("__file__")
    here = (
        pathlib.Path(script).resolve().parent
        if script
        else pathlib.Path.cwd().resolve()
    )
    for folder in (here, *here.parents):
        for candidate in (folder / "snippets", folder):
            if (candidate / "mlp.py").is_file():
                return candidate
    raise FileNotFoundError(
        "snippets/mlp.py not found beside this notebook or above it: "
        "unpack its kit, train-digits.zip, and run it from there"
    )


sys.path.insert(0, str(find_snippets()))

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from gradient_check import STEP, TOLERANCE, check, passed
from mlp import (
    Gradients,
    backprop,
    categorical_cross_entropy,
    cross_entropy,
    forward,
    grad_b,
    grad_W_h,
    grad_W_out,
    hidden_delta,
    output_delta,
    sigmoid,
    softmax,
)

plt.rcParams.update(
    {"font.size": 14, "axes.titlesize": 15, "legend.fontsize": 12}
)

# %% [markdown]
# ## The data
#
# `load_digits` reads small grey-level images of handwritten digits from files
# shipped inside scikit-learn: nothing is downloaded. Each image becomes a row of
# $m$ inputs, one per pixel, scaled to $[0, 1]$, and each label a one-hot row of
# $t$ targets, one per digit. A fixed seed splits the examples into a training
# and a test set.

# %%
digits = load_digits()
# (examples, 64): pixel values 0..16 scaled to [0, 1]
X_all = digits.data / 16.0
Y_all = np.eye(10)[digits.target]  # (examples, 10): one-hot targets
rng = np.random.default_rng(seed=0)
order = rng.permutation(len(X_all))
n_test = len(X_all) // 5
X_test, Y_test = X_all[order[:n_test]], Y_all[order[:n_test]]
X_train, Y_train = X_all[order[n_test:]], Y_all[order[n_test:]]
print(f"{len(X_all)} images")
print(f"training set: X {X_train.shape}, Y {Y_train.shape}")
print(f"test set:     X {X_test.shape}, Y {Y_test.shape}")

# %% [markdown]
# ## The two networks
#
# $m$ inputs, $d$ hidden sigmoid units, $t$ outputs, with biases.
# The weights start small and random (scaled by $1/\sqrt{\text{fan-in}}$ so that
# no unit starts saturated); the biases start at zero.
# Both networks start from these same values.
#
# They differ only at the output: ten sigmoids with the binary cross-entropy
# (`backprop` from `mlp.py`), or a softmax with the categorical cross-entropy.
# For the softmax pair, `output_delta` is still $A^{(out)} - Y$, and the rest of
# backpropagation is unchanged.

# %%
m, d, t = X_train.shape[1], 32, Y_train.shape[1]
initial = {
    "W_h": rng.normal(0, m**-0.5, size=(m, d)),
    "b_h": np.zeros((1, d)),
    "W_out": rng.normal(0, d**-0.5, size=(d, t)),
    "b_out": np.zeros((1, t)),
}
print(f"network {m}-{d}-{t}:")
print(
    ", ".join(
        f"{name} {value.shape}" for name, value in initial.items()
    )
)


def backprop_softmax(X, Y, W_h, W_out, b_h=None, b_out=None):
    """All gradients of the categorical cross-entropy J."""
    _, A_h, _, A_out = forward(
        X, W_h, W_out, b_h, b_out, output=softmax
    )
    # A_out - Y: the same δ for this pair
    delta_out = output_delta(A_out, Y)
    delta_h = hidden_delta(delta_out, W_out, A_h)
    return Gradients(
        W_h=grad_W_h(X, delta_h),
        b_h=grad_b(delta_h),
        W_out=grad_W_out(A_h, delta_out),
        b_out=grad_b(delta_out),
    )


networks = {
    "sigmoid": dict(
        output=sigmoid,
        loss=cross_entropy,
        backprop=backprop,
        label="sigmoid + binary cross-entropy",
    ),
    "softmax": dict(
        output=softmax,
        loss=categorical_cross_entropy,
        backprop=backprop_softmax,
        label="softmax + categorical c.-e.",
    ),
}


def J_of(network, params, X, Y):
    """The network's J (a sum over the examples of X) at params."""
    out = forward(X, **params, output=networks[network]["output"])
    return networks[network]["loss"](out.Z_out, Y)


# %% [markdown]
# ## The gradients, checked before training
#
# On a batch of training examples, each analytic gradient is compared with
# central differences of the network's own $J$ (a sum over the batch), in float64,
# with the site's [gradient check](../../gradient-check/).
# Three numbers per parameter, each labelled for what it is:
#
# - *Frobenius*: the plain relative error of the whole matrix, with no floor;
# - *worst entry*: the largest relative error of a single entry, the number the
#   check compares with $10^{-7}$;
# - *compared absolutely*: how many entries are so small that rounding, not the
#   formula, sets their error. Central differences cannot resolve $10^{-7}$ of
#   them, so the check compares each with the rounding floor, absolutely.
#
# The floor grows with $J$, and $J$ here is a sum over many examples and outputs.
# At the site's usual step $h = 10^{-6}$, it would put every entry of the softmax
# network's $W^{(h)}$ below the floor divided by $10^{-7}$: that check would
# compare nothing relatively, and could say no more than "equal to within
# rounding".
# The floor falls as $h$ grows, while the truncation error of central
# differences grows as $h^2$; so the check here takes a step ten times larger,
# `H`: a tenth of the floor, and still no worst entry above $10^{-7}$.
# Many entries of $W^{(h)}$, about half, are still compared absolutely (the
# count under *compared absolutely* below): those of the pixels that are blank
# in every image of the batch, exactly 0 in both gradients, and the smallest of
# the others.
# A check passes only if its worst entry is within $10^{-7}$ and it compared at
# least one entry relatively (`passed`, from the gradient check's file).

# %%
X_check = X_train[:20]
Y_check = Y_train[:20]
H = 10 * STEP  # a tenth of the floor at the usual step (see above)


def check_network(network, h=H):
    """check() of each parameter's gradient, at the start."""
    analytic = networks[network]["backprop"](
        X_check, Y_check, **initial
    )
    results = {}
    for name in initial:
        J = lambda v: J_of(
            network, initial | {name: v}, X_check, Y_check
        )
        results[name] = check(
            J, getattr(analytic, name), initial[name], h
        )
    return results


gradient_checks = {
    network: check_network(network) for network in networks
}
for network, results in gradient_checks.items():
    floor = results["W_h"].floor
    J = J_of(network, initial, X_check, Y_check)
    # One number a line: it reads on a phone.
    print(networks[network]["label"])
    print(f"J = {J:.1f} on {len(X_check)} examples")
    print(f"h = {H:.0e}, rounding floor {floor:.1e}:")
    print(f"entries below {floor / TOLERANCE:.1e}")
    print("are compared absolutely")
    for name, result in results.items():
        print(f"  {name}, shape {initial[name].shape}")
        print(f"    Frobenius            {result.frobenius:.1e}")
        print(f"    worst entry          {result.worst_entry:.1e}")
        print(
            "    compared absolutely  "
            f"{result.absolute} of {result.entries}"
        )
        print(f"    passed               {passed(result)}")
    print()
every_check_passed = {
    network: all(map(passed, results.values()))
    for network, results in gradient_checks.items()
}
for network, ok in every_check_passed.items():
    print(f"{network}: every check passed: {ok}")
assert all(every_check_passed.values())

# %% [markdown]
# ## Training: mini-batch gradient descent
#
# Each step takes a batch $B$ of examples, computes the gradient of the network's
# $J$ over that batch (a sum over its examples), and moves every parameter against it.
# Because $J$ is a sum, its gradient grows with the batch size; dividing the step
# by $|B|$ makes the learning rate $\eta$ independent of it. (This is the same as
# descending the mean $J/|B|$ with step $\eta$; see the
# [regularisation and mean page](../../regularisation/).)
#
# $$
# W \leftarrow W - \frac{\eta}{|B|} \, \frac{\partial J_B}{\partial W}
# $$
#
# Both networks see the same batches in the same order (one seed for the
# shuffling). After every epoch we record the mean loss per example (each
# network's own $J$) and the accuracy (the share of examples whose largest output
# is the right digit) on both sets.


# %%
def evaluate(network, params, X, Y):
    """Mean loss per example, and accuracy, of the parameters."""
    out = forward(X, **params, output=networks[network]["output"])
    loss = networks[network]["loss"](out.Z_out, Y) / len(X)
    return loss, float(np.mean(out.A_out.argmax(1) == Y.argmax(1)))


def train(network, eta=0.5, batch_size=32, epochs=30, seed=1):
    """Mini-batch gradient descent from the initial weights.

    Returns the trained parameters and the history.
    """
    params = {name: value.copy() for name, value in initial.items()}
    shuffling = np.random.default_rng(seed)
    history = {
        f"{split}_{measure}": []
        for split in ("train", "test")
        for measure in ("loss", "accuracy")
    }
    for epoch in range(epochs):
        shuffled = shuffling.permutation(len(X_train))
        for start in range(0, len(X_train), batch_size):
            batch = shuffled[start : start + batch_size]
            gradients = networks[network]["backprop"](
                X_train[batch], Y_train[batch], **params
            )
            for name in params:
                params[name] -= (
                    eta / len(batch) * getattr(gradients, name)
                )
        for split, X, Y in (
            ("train", X_train, Y_train),
            ("test", X_test, Y_test),
        ):
            loss, accuracy = evaluate(network, params, X, Y)
            history[f"{split}_loss"].append(loss)
            history[f"{split}_accuracy"].append(accuracy)
    return params, history


trained, history = {}, {}
for network in networks:
    trained[network], history[network] = train(network)
    losses = history[network]["train_loss"]
    print(
        f"{networks[network]['label']}: after {len(losses)} epochs,"
    )
    print(
        f"  training loss {losses[0]:.3f} -> {losses[-1]:.3f} "
        "per example"
    )

# %%
# alt: Two line charts against the epoch. Top: the loss per
# example of the sigmoid network (blue) and the softmax network
# (orange), on the training set (solid lines) and the test set
# (dashed), falling as training goes on. Bottom: the same
# networks' accuracy on the same sets, between 0.8 and 1.
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(6, 7.5), sharex=True
)
epoch_numbers = np.arange(
    1, len(history["sigmoid"]["train_loss"]) + 1
)
for network, colour in (
    ("sigmoid", "tab:blue"),
    ("softmax", "tab:orange"),
):
    for split, style in (("train", "-"), ("test", "--")):
        label = f"{network}, {split}"
        top.plot(
            epoch_numbers,
            history[network][f"{split}_loss"],
            style,
            color=colour,
            label=label,
        )
        bottom.plot(
            epoch_numbers,
            history[network][f"{split}_accuracy"],
            style,
            color=colour,
            label=label,
        )
top.set(
    ylabel="loss per example", title="loss (each network's own J)"
)
bottom.set(xlabel="epoch", ylabel="accuracy", title="accuracy")
bottom.set_ylim(0.8, 1.0)
for axis in (top, bottom):
    axis.grid(True, alpha=0.3)
    axis.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# ## The result on the test set
#
# The test images took no part in training.

# %%
test_accuracy, test_loss = {}, {}
print(f"{'network':<31} {'test accuracy':<20} mean test loss")
for network in networks:
    test_loss[network], test_accuracy[network] = evaluate(
        network, trained[network], X_test, Y_test
    )
    accuracy = test_accuracy[network]
    right = round(accuracy * len(X_test))
    print(
        f"{networks[network]['label']:<31} "
        f"{f'{accuracy:.3f} ({right} of {len(X_test)})':<20} "
        f"{test_loss[network]:.3f}"
    )

# %% [markdown]
# Some of the test digits the softmax network gets wrong, with its answer and the
# true label:

# %%
# alt: Up to eight of the test digits the softmax network gets
# wrong, each an 8 × 8 grey image titled with the network's
# answer ("said") and the true label ("was").
out = forward(X_test, **trained["softmax"], output=softmax)
predicted = out.A_out.argmax(1)
wrong = np.flatnonzero(predicted != Y_test.argmax(1))[:8]
fig, axes = plt.subplots(2, 4, figsize=(6, 4.6))
for axis in axes.flat:
    axis.axis("off")
for axis, index in zip(axes.flat, wrong):
    axis.imshow(X_test[index].reshape(8, 8), cmap="gray_r")
    truth = Y_test[index].argmax()
    axis.set_title(
        f"said {predicted[index]}\nwas {truth}", fontsize=15
    )
fig.tight_layout()
plt.show()
