"""The notation page's convention bridge: the column-convention gradient is our transpose."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notation import grad_W_out_columns, grad_W_out_rows
from example_m_d_t import W_h, W_out, X, Y
from conftest import assert_prints_recorded

sizes = st.integers(min_value=1, max_value=7)


def test_column_convention_gradient_is_the_transpose_on_the_worked_example():
    rows, columns = grad_W_out_rows(X, W_h, W_out, Y), grad_W_out_columns(X, W_h, W_out, Y)
    assert rows.shape == W_out.shape and columns.shape == W_out.T.shape
    assert np.allclose(columns, rows.T, rtol=1e-12, atol=0)


@settings(max_examples=40)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_column_convention_gradient_is_the_transpose(n, m, d, t, seed):
    rng = np.random.default_rng(seed)
    X, W_h, W_out = rng.normal(size=(n, m)), rng.normal(size=(m, d)), rng.normal(size=(d, t))
    Y = rng.uniform(size=(n, t))
    assert np.allclose(grad_W_out_columns(X, W_h, W_out, Y), grad_W_out_rows(X, W_h, W_out, Y).T,
                       rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("args, recorded", [((), "notation.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("notation.py", args, recorded)
