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
# the forward pass, the cross-entropy $J$, the output error
# $\delta^{(out)} = A^{(out)} - Y$, the hidden error
# $\delta^{(h)} = \big(\delta^{(out)} (W^{(out)})^T\big) \odot A^{(h)} \odot (1 - A^{(h)})$,
# and the gradients
#
# $$
# \frac{\partial J}{\partial W^{(out)}} = (A^{(h)})^T \delta^{(out)}, \qquad
# \frac{\partial J}{\partial W^{(h)}} = X^T \delta^{(h)}, \qquad
# \frac{\partial J}{\partial b} = \mathbf{1}^T \delta .
# $$
#
# Before training, the gradients are checked against central finite differences
# on this very network. Every number below is printed by the cells that compute it.
#
# To run it yourself, download it as a notebook, [train-digits.ipynb](../train-digits.ipynb)
# (without outputs), or as its source, a Python script in jupytext's percent format
# (the download button at the top of this page). Put it next to the site's
# `snippets/` folder, or inside it, and run it with NumPy, matplotlib and
# scikit-learn installed: in Jupyter, or as a plain script.

# %%
import pathlib
import sys


def find_snippets():
    """The folder holding the site's mlp.py: snippets/ here or in a parent folder."""
    here = pathlib.Path.cwd().resolve()
    for folder in (here, *here.parents):
        for candidate in (folder / "snippets", folder):
            if (candidate / "mlp.py").is_file():
                return candidate
    raise FileNotFoundError("snippets/mlp.py not found: run this next to the site's snippets/ folder")


sys.path.insert(0, str(find_snippets()))

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from gradient_check import TOLERANCE, check_gradient
from mlp import backprop, cross_entropy, forward

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
X_all = digits.data / 16.0                # (examples, 64): pixel values 0..16 scaled to [0, 1]
Y_all = np.eye(10)[digits.target]         # (examples, 10): one-hot targets
rng = np.random.default_rng(seed=0)
order = rng.permutation(len(X_all))
n_test = len(X_all) // 5
X_test, Y_test = X_all[order[:n_test]], Y_all[order[:n_test]]
X_train, Y_train = X_all[order[n_test:]], Y_all[order[n_test:]]
print(f"{len(X_all)} images; training set X {X_train.shape}, Y {Y_train.shape}; "
      f"test set X {X_test.shape}, Y {Y_test.shape}")

# %% [markdown]
# ## The network
#
# $m$ inputs, $d$ hidden sigmoid units, $t$ sigmoid outputs, with biases.
# The weights start small and random (scaled by $1/\sqrt{\text{fan-in}}$ so that
# no unit starts saturated); the biases start at zero.

# %%
m, d, t = X_train.shape[1], 32, Y_train.shape[1]
params = {
    "W_h": rng.normal(0, m ** -0.5, size=(m, d)),
    "b_h": np.zeros((1, d)),
    "W_out": rng.normal(0, d ** -0.5, size=(d, t)),
    "b_out": np.zeros((1, t)),
}
print(f"network {m}-{d}-{t}: " + ", ".join(f"{name} {value.shape}" for name, value in params.items()))

# %% [markdown]
# ## The gradients, checked before training
#
# On a batch of training examples, each analytic gradient from `backprop` is
# compared with central differences of the site's $J$ (a sum over the batch), in
# float64. A relative error of at most $10^{-7}$ means the gradient is right.

# %%
def J_of(name, value, X, Y):
    """The cross-entropy J of the batch, with one parameter replaced by `value`."""
    return cross_entropy(forward(X, **(params | {name: value})).Z_out, Y)


X_check, Y_check = X_train[:20], Y_train[:20]
analytic = backprop(X_check, Y_check, **params)
gradient_errors = {
    name: check_gradient(lambda value: J_of(name, value, X_check, Y_check), getattr(analytic, name), params[name])
    for name in params
}
print(f"{'parameter':<10} {'shape':<10} {'relative error':>15}  at most {TOLERANCE:.0e}?")
for name, error in gradient_errors.items():
    print(f"{name:<10} {str(params[name].shape):<10} {error:>15.1e}  {error <= TOLERANCE}")
assert all(error <= TOLERANCE for error in gradient_errors.values())

# %% [markdown]
# ## Training: mini-batch gradient descent
#
# Each step takes a batch $B$ of examples, computes the gradient of the site's $J$
# over that batch (a sum over its examples), and moves every parameter against it.
# Because $J$ is a sum, its gradient grows with the batch size; dividing the step
# by $|B|$ makes the learning rate $\eta$ independent of it. (This is the same as
# descending the mean $J/|B|$ with step $\eta$; see the
# [regularisation and mean page](../../regularisation/).)
#
# $$
# W \leftarrow W - \frac{\eta}{|B|} \, \frac{\partial J_B}{\partial W}
# $$
#
# After every epoch we record the mean loss per example and the accuracy (the
# share of examples whose largest output is the right digit) on both sets.

# %%
def evaluate(X, Y):
    """Mean loss per example, and accuracy, of the current parameters."""
    out = forward(X, **params)
    return cross_entropy(out.Z_out, Y) / len(X), float(np.mean(out.A_out.argmax(1) == Y.argmax(1)))


eta, batch_size, epochs = 0.5, 32, 30
history = {"train_loss": [], "test_loss": [], "train_accuracy": [], "test_accuracy": []}
for epoch in range(epochs):
    shuffled = rng.permutation(len(X_train))
    for start in range(0, len(X_train), batch_size):
        batch = shuffled[start:start + batch_size]
        gradients = backprop(X_train[batch], Y_train[batch], **params)
        for name in params:
            params[name] -= eta / len(batch) * getattr(gradients, name)
    for split, (X, Y) in {"train": (X_train, Y_train), "test": (X_test, Y_test)}.items():
        loss, accuracy = evaluate(X, Y)
        history[f"{split}_loss"].append(loss)
        history[f"{split}_accuracy"].append(accuracy)
print(f"after {epochs} epochs: training loss {history['train_loss'][0]:.3f} -> {history['train_loss'][-1]:.3f} "
      f"per example")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
epoch_numbers = np.arange(1, epochs + 1)
for split in ("train", "test"):
    left.plot(epoch_numbers, history[f"{split}_loss"], label=split)
    right.plot(epoch_numbers, history[f"{split}_accuracy"], label=split)
left.set(xlabel="epoch", ylabel="mean cross-entropy per example", title="loss")
right.set(xlabel="epoch", ylabel="accuracy", title="accuracy")
for axis in (left, right):
    axis.grid(True, alpha=0.3)
    axis.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# ## The result on the test set
#
# The test images took no part in training.

# %%
test_loss, test_accuracy = evaluate(X_test, Y_test)
print(f"test accuracy {test_accuracy:.3f} ({round(test_accuracy * len(X_test))} of {len(X_test)} images), "
      f"mean test loss {test_loss:.3f}")

# %% [markdown]
# Some of the test digits the network gets wrong, with its answer and the true label:

# %%
predicted = forward(X_test, **params).A_out.argmax(1)
wrong = np.flatnonzero(predicted != Y_test.argmax(1))[:8]
fig, axes = plt.subplots(1, len(wrong), figsize=(1.4 * len(wrong), 1.9))
for axis, index in zip(np.atleast_1d(axes), wrong):
    axis.imshow(X_test[index].reshape(8, 8), cmap="gray_r")
    axis.set_title(f"said {predicted[index]}\nwas {Y_test[index].argmax()}", fontsize=9)
    axis.axis("off")
fig.tight_layout()
plt.show()
