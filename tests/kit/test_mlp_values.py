"""Loss values of snippets/mlp.py against their definitions, where no gradient test looks.

Added for a mutant `make mutate` found alive: np.mean in place of np.sum inside
the categorical cross-entropy's log-sum-exp shifts J by n ln t, a constant
that leaves every gradient unchanged, so only the value itself can show it.
"""

import numpy as np
import pytest

from mlp import categorical_cross_entropy


def test_categorical_cross_entropy_matches_its_definition():
    rng = np.random.default_rng(4)
    Z_out = rng.normal(size=(3, 4))
    Y = rng.dirichlet(np.ones(4), size=3)  # each row a distribution over the 4 classes
    A_out = np.exp(Z_out) / np.exp(Z_out).sum(axis=1, keepdims=True)
    by_definition = -np.sum(Y * np.log(A_out))
    assert categorical_cross_entropy(Z_out, Y) == pytest.approx(by_definition, rel=1e-12)


def test_categorical_cross_entropy_of_equal_logits_is_n_ln_t():
    # Equal logits: every class has probability 1/t, so each example costs ln t.
    n, t = 2, 5
    assert categorical_cross_entropy(np.zeros((n, t)), np.eye(t)[[0, 3]]) == pytest.approx(
        n * np.log(t), rel=1e-12)
