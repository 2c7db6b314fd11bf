"""Input checks for every function the pages show, kept out of the code they show.

Each function in mlp.py and in the pages' scripts is wrapped by
`@checked_by(checks.<its name>)`, written above its included section: the
section holds the math alone, and a call still refuses bad input. A check takes
the function's parameters and returns them converted (2-D float64 matrices,
finite; targets and activations in [0, 1]), or raises ValueError naming the
argument, its shape or bad values, and what was expected. The two errors of
gradient_check.py have their shapes checked by that file's own same_shape,
which its page shows, and their finite numbers here; this file imports no
other snippet.

The contract: matrices are 2-D, even for one example (a 1 x k row); lists and
ints are accepted and everything is computed in float64 (float32 input too);
NaN and infinity are refused. sigmoid alone is element-wise and takes any shape.
"""

import functools
import inspect
import numbers

import numpy as np


def checked_by(check):
    """Decorator: call `check` on the arguments, then the function on what it returns.

    The check receives every positional parameter, defaults filled in, and
    returns them in the same order (converted); keyword-only parameters are
    not supported.
    """
    def decorate(function):
        signature = inspect.signature(function)  # once, not on every call

        @functools.wraps(function)
        def checked(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            return function(*check(*bound.args))

        return checked

    return decorate


# --- validators ----------------------------------------------------------------------

# What each kind of matrix is, and how to write one that is 1-D by mistake.
KINDS = {
    "examples": ("one example per row",
                 "write one example as a 1 x k row, e.g. {name}.reshape(1, -1)"),
    "weights": ("one row per unit feeding the layer, one column per unit in it",
                "a layer of q units fed by p units has a (p, q) weight matrix, "
                "e.g. {name}.reshape(p, q)"),
    "bias row": ("a (1, k) row, one bias per unit",
                 "write the biases as one row, e.g. {name}.reshape(1, -1)"),
}


def as_float(name, M):
    """Return `M` as a float64 array of any shape, or raise ValueError.

    Lists and ints are converted; NaN and infinity are rejected.
    """
    try:
        M = np.asarray(M, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of real numbers; "
                         f"could not convert it to float64 ({error})") from None
    if not np.all(np.isfinite(M)):
        bad = np.argwhere(~np.isfinite(M))[:5].tolist()
        raise ValueError(f"{name} of shape {M.shape} contains NaN or infinity "
                         f"at positions {bad}; expected finite numbers")
    return M


def as_matrix(name, M, kind="examples"):
    """Return `M` as a finite float64 2-D array, or raise ValueError naming its shape.

    `kind` ("examples", "weights" or "bias row") picks the advice for a 1-D array.
    """
    what, advice = KINDS[kind]
    try:
        M = np.asarray(M, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a 2-D array of real numbers ({what}); "
                         f"could not convert it to float64 ({error})") from None
    if M.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array ({what}), got shape {M.shape}; "
            + advice.format(name=name)
        )
    return as_float(name, M)


def check_product(left_name, left_shape, right_name, right_shape):
    """Raise ValueError unless a (left_shape) @ (right_shape) product is defined."""
    if left_shape[1] != right_shape[0]:
        raise ValueError(
            f"cannot multiply {left_name} {left_shape} by {right_name} {right_shape}: "
            f"expected {right_name} to have {left_shape[1]} rows"
        )


def check_same_shape(name_a, A, name_b, B):
    """Raise ValueError unless A and B have the same shape."""
    if A.shape != B.shape:
        raise ValueError(
            f"{name_a} has shape {A.shape} but {name_b} has shape {B.shape}; "
            "expected the same shape (n examples, t outputs)"
        )


def check_bias(name, b, width):
    """Raise ValueError unless b is a (1, width) row."""
    if b.shape != (1, width):
        raise ValueError(f"{name} has shape {b.shape}; "
                         f"expected a (1, {width}) row, one bias per unit")


def check_targets(Y, name="Y"):
    """Raise ValueError unless every target lies in [0, 1]."""
    outside = (Y < 0) | (Y > 1)
    if np.any(outside):
        raise ValueError(
            f"targets {name} must lie in [0, 1]; got {Y[outside][:5].tolist()} "
            f"at positions {np.argwhere(outside)[:5].tolist()}"
        )


def check_activations(A, name="A_out"):
    """Raise ValueError unless every activation lies in [0, 1] (σ or softmax)."""
    outside = (A < 0) | (A > 1)
    if np.any(outside):
        raise ValueError(
            f"{name} holds activations, which must lie in [0, 1]; got "
            f"{A[outside][:5].tolist()} at positions "
            f"{np.argwhere(outside)[:5].tolist()} (did you pass Z_out, the logits?)"
        )


def check_distributions(Y):
    """Raise ValueError unless each row of Y sums to 1, up to rounding.

    Tolerance |Σ_j y_j - 1| <= 4 t ε (ε = 2^-52, t classes): a sum of t
    numbers, each within half an ulp of its true value, and added in float64,
    is off by at most about t ε; the factor 4 leaves room for entries that
    were themselves computed (a softmax output). One-hot rows sum to 1 exactly.
    """
    row_sums = Y.sum(axis=1)
    tolerance = 4 * Y.shape[1] * np.finfo(np.float64).eps
    if np.any(np.abs(row_sums - 1) > tolerance):
        raise ValueError(
            f"each row of Y must sum to 1 (one class per example); "
            f"got row sums {row_sums[:5].tolist()}; expected |sum - 1| <= "
            f"4 t eps = {tolerance:.1e} for t = {Y.shape[1]} classes")


def check_lam(lam):
    """Return λ as a float, or raise ValueError unless it is a finite real >= 0."""
    if isinstance(lam, (bool, np.bool_)) or not isinstance(lam, numbers.Real):
        raise ValueError(f"lam must be a real number (the penalty strength λ), "
                         f"got {lam!r} of type {type(lam).__name__}")
    if not (np.isfinite(lam) and lam >= 0):
        raise ValueError(f"lam must be a finite number >= 0, got {lam!r}")
    return float(lam)


# --- shared argument checks ------------------------------------------------------------

def loss_arguments(A_name, A, Y):
    """(A, Y) as float64 matrices of one shape, Y checked as targets."""
    A, Y = as_matrix(A_name, A), as_matrix("Y", Y)
    check_same_shape(A_name, A, "Y", Y)
    check_targets(Y)
    return A, Y


def layer_arguments(A_in, W, b, A_name="A_in", W_name="W", b_name="b"):
    """(A_in, W, b) as matrices that fit A_in W + b; b may be None."""
    A_in, W = as_matrix(A_name, A_in), as_matrix(W_name, W, "weights")
    check_product(A_name, A_in.shape, W_name, W.shape)
    if b is not None:
        b = as_matrix(b_name, b, "bias row")
        check_bias(b_name, b, W.shape[1])
    return A_in, W, b


def l2_arguments(lam, weights, names=None):
    """λ and the weight matrices of an L2 penalty, checked and as float64."""
    names = names or [f"weights[{i}]" for i in range(len(weights))]
    return check_lam(lam), [as_matrix(name, W, "weights")
                            for name, W in zip(names, weights)]


# --- mlp.py: one check per function, named after it -------------------------------------

def sigmoid(Z):
    return (as_float("Z", Z),)


def softmax(Z):
    return (as_matrix("Z", Z),)


def layer(A_in, W, b, activation):
    return (*layer_arguments(A_in, W, b), activation)


def forward(X, W_h, W_out, b_h, b_out, output):
    """The arguments of forward as float64 matrices that fit, or ValueError."""
    X, W_h, b_h = layer_arguments(X, W_h, b_h, "X", "W_h", "b_h")
    A_h = np.zeros((X.shape[0], W_h.shape[1]))
    _, W_out, b_out = layer_arguments(A_h, W_out, b_out, "A_h", "W_out", "b_out")
    return X, W_h, W_out, b_h, b_out, output


def cross_entropy(Z_out, Y):
    return loss_arguments("Z_out", Z_out, Y)


def output_delta(A_out, Y):
    """(A_out, Y) for an output δ: same shape, activations and targets in [0, 1]."""
    A_out, Y = loss_arguments("A_out", A_out, Y)
    check_activations(A_out)
    return A_out, Y


squared_error = output_delta_squared_error = output_delta


def categorical_cross_entropy(Z_out, Y):
    """(Z_out, Y) of one shape, each row of Y a distribution (check_distributions)."""
    Z_out, Y = loss_arguments("Z_out", Z_out, Y)
    check_distributions(Y)
    return Z_out, Y


def grad_W_out(A_h, delta_out):
    """(A_h, delta_out) as float64 matrices that fit A_h^T δ^(out)."""
    A_h = as_matrix("A_h", A_h)
    delta_out = as_matrix("delta_out", delta_out)
    check_product("A_h.T", A_h.T.shape, "delta_out", delta_out.shape)
    return A_h, delta_out


def hidden_delta(delta_out, W_out, A_h):
    """(delta_out, W_out, A_h) as matrices that fit δ^(out) (W^(out))^T ⊙ A_h."""
    delta_out = as_matrix("delta_out", delta_out)
    W_out, A_h = as_matrix("W_out", W_out, "weights"), as_matrix("A_h", A_h)
    check_product("delta_out", delta_out.shape, "W_out.T", W_out.T.shape)
    expected = (delta_out.shape[0], W_out.shape[0])
    if A_h.shape != expected:
        raise ValueError(
            f"A_h has shape {A_h.shape}; expected {expected}: a row per example "
            f"of delta_out {delta_out.shape}, a column per row of W_out")
    check_activations(A_h, "A_h")
    return delta_out, W_out, A_h


def grad_W_h(X, delta_h):
    """(X, delta_h) as float64 matrices that fit X^T δ^(h)."""
    X, delta_h = as_matrix("X", X), as_matrix("delta_h", delta_h)
    check_product("X.T", X.T.shape, "delta_h", delta_h.shape)
    return X, delta_h


def grad_b(delta):
    # Any finite (n, k) matrix is some layer's δ, so only that is checked.
    return (as_matrix("delta", delta),)


def l2_penalty(lam, *weights):
    lam, weights = l2_arguments(lam, weights)
    return lam, *weights


def l2_gradient(lam, W):
    lam, [W] = l2_arguments(lam, [W], ["W"])
    return lam, W


# --- gradient_check.py ------------------------------------------------------------------

def finite_gradient(name, G):
    """`G` as a float64 array of finite numbers, or ValueError naming it.

    A gradient check compares numbers: an error computed with a NaN or an
    infinity is NaN, and NaN is neither below nor above a tolerance (both
    `error <= 1e-7` and `error > 1e-7` are False), so the check would say
    nothing while looking as if it ran.
    """
    try:
        G = np.asarray(G, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of real numbers (a gradient); "
                         f"could not convert it to float64 ({error})") from None
    if not np.all(np.isfinite(G)):
        bad = np.argwhere(~np.isfinite(G))[:5].tolist()
        raise ValueError(
            f"{name} of shape {G.shape} contains NaN or infinity at positions {bad}; "
            "a gradient check needs finite numbers: an error computed with NaN is NaN, "
            "neither below nor above any tolerance")
    return G


def gradients(analytic, numeric):
    """The two gradients relative_error and worst_entry_error compare, finite.

    Their shapes are checked by gradient_check.same_shape, which its page shows.
    """
    return finite_gradient("analytic", analytic), finite_gradient("numeric", numeric)


def finite_valued(f):
    """f, refusing a NaN or infinite value where f returns one."""
    @functools.wraps(f)
    def finite_f(W):
        value = f(W)
        if not np.all(np.isfinite(value)):
            raise ValueError(
                f"f returned {np.asarray(value).tolist()} at W or at W ± h E (central differences "
                "move one entry of W by h); the numerical gradient would hold NaN or "
                "infinity: expected f to return a finite number there")
        return value
    return finite_f


def check(f, analytic, W, h):
    """(f, analytic, W, h) for gradient_check.check, or ValueError.

    `analytic` and W finite, h a positive number, and f refused where it
    returns NaN or infinity (at W or at W ± h E).
    """
    if not callable(f):
        raise ValueError(f"f must be a function of W returning a number, got {type(f).__name__}")
    analytic, W = finite_gradient("analytic", analytic), as_float("W", W)
    if isinstance(h, (bool, np.bool_)) or not isinstance(h, numbers.Real) or not (np.isfinite(h) and h > 0):
        raise ValueError(f"h must be a positive number (the step of central differences), got {h!r}")
    return finite_valued(f), analytic, W, float(h)


# --- the pages' scripts ------------------------------------------------------------------

def one_example(name, a):
    """`a` as one example's activations, a (1, t) row in [0, 1], or ValueError."""
    a = as_matrix(name, a)
    if a.shape[0] != 1:
        raise ValueError(f"{name} has shape {a.shape}; expected one example, "
                         f"a (1, t) row (take a row as A_out[k:k + 1])")
    check_activations(a, name)
    return a


def softmax_jacobian(a):
    return (one_example("a", a),)


def delta_through_jacobian(a, y):
    """(a, y) for the route through the Jacobian, or ValueError.

    That route divides by a_j, so an output that underflowed to 0 is refused.
    """
    a, y = one_example("a", a), as_matrix("y", y)
    check_same_shape("a", a, "y", y)
    check_targets(y, "y")
    if np.any(a == 0):
        raise ValueError(
            f"a has an entry equal to 0 at positions {np.argwhere(a == 0).tolist()}: "
            "softmax underflows to 0 in float64 once a logit lies about 745 below "
            "its row's maximum, and the uncancelled route computes -y / a, which "
            "divides by a = 0 (NaN or infinity); the cancelled form a - y "
            "(output_delta) has no such problem")
    return a, y


def da_dz(a):
    """`a` as float64 activations in [0, 1] (any shape), or ValueError."""
    a = as_float("a", a)
    check_activations(a, "a")
    return (a,)


def dJ_da(a, y):
    """(a, y) for ∂J/∂a, or ValueError; a = 0 or a = 1 is refused.

    -y/a + (1 - y)/(1 - a) divides by a and by 1 - a: at a sigmoid output
    that saturated to exactly 0 or 1 in float64 it gives NaN or infinity,
    where the cancelled product a - y stays exact.
    """
    (a,), y = da_dz(a), as_float("y", y)
    check_targets(y, "y")
    try:
        np.broadcast_shapes(a.shape, y.shape)
    except ValueError:
        raise ValueError(f"a has shape {a.shape} but y has shape {y.shape}; "
                         "expected the same shape") from None
    saturated = (a == 0) | (a == 1)
    if np.any(saturated):
        raise ValueError(
            f"a = {a[saturated][:5].tolist()}: the output saturated to exactly "
            "0 or 1 in float64, and the uncancelled route -y/a + (1 - y)/(1 - a) "
            "divides by a = 0 (or 1 - a = 0), giving NaN or infinity; the "
            "cancelled form a - y (output_delta) has no such problem")
    return a, y


def unit_by_unit_gradient(a_h, a_out, y):
    """(a_h, a_out, y) as (1, d), (1, t), (1, t) float64 rows, or ValueError."""
    a_h, a_out, y = as_matrix("a_h", a_h), as_matrix("a_out", a_out), as_matrix("y", y)
    for name, row in (("a_h", a_h), ("a_out", a_out)):
        if row.shape[0] != 1:
            raise ValueError(f"{name} has shape {row.shape}; expected one example, "
                             "a (1, k) row")
        check_activations(row, name)
    check_same_shape("a_out", a_out, "y", y)
    check_targets(y, "y")
    return a_h, a_out, y


def grad_W_out_columns(X, W_h, W_out, Y):
    """This site's row-convention arguments as float64 matrices that fit, or ValueError."""
    X, W_h, W_out, _, _, _ = forward(X, W_h, W_out, None, None, None)
    Y = as_matrix("Y", Y)
    check_same_shape("Z_out", np.zeros((X.shape[0], W_out.shape[1])), "Y", Y)
    check_targets(Y)
    return X, W_h, W_out, Y


def linear_arguments(A_h, W, W_name, transposed):
    """(A_h, W) as float64 matrices for A_h W (or A_h W^T), or ValueError naming them."""
    A_h, W = as_matrix("A_h", A_h), as_matrix(W_name, W, "weights")
    right = (f"{W_name}.T", W.T.shape) if transposed else (W_name, W.shape)
    check_product("A_h", A_h.shape, *right)
    return A_h, W


def torch_linear(A_h, weight):
    return linear_arguments(A_h, weight, "weight", transposed=True)


def keras_dense(A_h, kernel):
    return linear_arguments(A_h, kernel, "kernel", transposed=False)


def framework_weight_grad(A_h, A_out, Y, reduced_over):
    """(A_h, A_out, Y, reduced_over) checked for δ^T A_h / reduced_over, or ValueError."""
    A_h = as_matrix("A_h", A_h)
    A_out, Y = output_delta(A_out, Y)
    check_product("delta_out.T", A_out.T.shape, "A_h", A_h.shape)
    if not (np.isscalar(reduced_over) and np.isfinite(reduced_over) and reduced_over > 0):
        raise ValueError(f"reduced_over must be a positive number, got {reduced_over!r}")
    return A_h, A_out, Y, float(reduced_over)


# --- deep.py: a network of any depth --------------------------------------------------------

def hidden_units(hidden):
    """`hidden` if it is one of deep.py's activations (a name, f and f_prime), or ValueError."""
    if not (isinstance(hidden, tuple) and all(callable(getattr(hidden, name, None))
                                              for name in ("f", "f_prime"))):
        raise ValueError(f"hidden must be one of deep.py's activations, SIGMOID, TANH or RELU "
                         f"(an Activation with f and f_prime), got {hidden!r}")
    return hidden


def weight_chain(X, weights):
    """X and [W^(1), ..., W^(L)] as float64 matrices that chain, X W^(1) W^(2) ..., or ValueError."""
    X = as_matrix("X", X)
    if not isinstance(weights, (list, tuple)) or len(weights) == 0:
        raise ValueError(f"weights must be a non-empty list [W^(1), ..., W^(L)] of weight matrices, "
                         f"one per layer; got {type(weights).__name__}")
    weights = [as_matrix(f"weights[{p}]", W, "weights") for p, W in enumerate(weights)]
    feeding, shape = "X", X.shape
    for p, W in enumerate(weights):
        check_product(feeding, shape, f"weights[{p}]", W.shape)
        feeding, shape = f"the activations of layer {p + 1}", (X.shape[0], W.shape[1])
    return X, weights


def deep_network(X, weights, hidden):
    """deep_forward's arguments: X, weights that chain, and an activation."""
    return (*weight_chain(X, weights), hidden_units(hidden))


def deep_loss(X, Y, weights, hidden):
    """deep_backward's and deep_objective's: deep_network's, and targets Y of shape (n, t)."""
    X, weights, hidden = deep_network(X, weights, hidden)
    Y = as_matrix("Y", Y)
    check_same_shape("Y", Y, "the output activations", np.zeros((X.shape[0], weights[-1].shape[1])))
    check_targets(Y)
    return X, Y, weights, hidden


# --- mismatch.py: δ when the loss does not match the activation -------------------------

def back_through_sigmoid(A_out, dJ_dA):
    """(A_out, dJ_dA) as float64 matrices of one shape, A_out in [0, 1], or ValueError."""
    A_out, dJ_dA = as_matrix("A_out", A_out), as_matrix("dJ_dA", dJ_dA)
    check_same_shape("A_out", A_out, "dJ_dA", dJ_dA)
    check_activations(A_out)
    return A_out, dJ_dA


def back_through_softmax(A_out, dJ_dA):
    """As back_through_sigmoid, and each row of A_out a softmax: summing to 1.

    The pull-back through the softmax Jacobian holds for softmax outputs only;
    a row that does not sum to 1 (within 4 t ε, as check_distributions) is
    not one.
    """
    A_out, dJ_dA = back_through_sigmoid(A_out, dJ_dA)
    row_sums = A_out.sum(axis=1)
    tolerance = 4 * A_out.shape[1] * np.finfo(np.float64).eps
    if np.any(np.abs(row_sums - 1) > tolerance):
        raise ValueError(
            f"A_out holds softmax outputs, so each of its rows must sum to 1; got row "
            f"sums {row_sums[:5].tolist()} (expected |sum - 1| <= {tolerance:.1e}); "
            "for sigmoid outputs use back_through_sigmoid")
    return A_out, dJ_dA


cross_entropy_from_A = output_delta


def dJ_dA_binary(A_out, Y):
    """(A_out, Y) for the binary cross-entropy's ∂J/∂a, or ValueError; a = 0 or 1 is refused.

    (a - y) / (a (1 - a)) divides by a and by 1 - a: an activation that
    rounded to exactly 0 or 1 in float64 would give infinity or NaN.
    """
    A_out, Y = output_delta(A_out, Y)
    saturated = (A_out == 0) | (A_out == 1)
    if np.any(saturated):
        raise ValueError(
            f"A_out = {A_out[saturated][:5].tolist()} at positions "
            f"{np.argwhere(saturated)[:5].tolist()}: an activation rounded to exactly 0 "
            "or 1, and the binary cross-entropy's ∂J/∂a = (a - y) / (a (1 - a)) "
            "divides by a = 0 (or 1 - a = 0), giving infinity or NaN; a loss computed "
            "from the logits Z_out has no such problem")
    return A_out, Y


def dJ_dA_softmax_twice(A_out, Y):
    """(A_out, Y) for the categorical loss's ∂J/∂a = softmax(a) - y: each row of Y sums to 1."""
    A_out, Y = output_delta(A_out, Y)
    check_distributions(Y)
    return A_out, Y


def cosine(G, H):
    """(G, H) as float64 matrices of one shape, neither all zero, or ValueError."""
    G, H = as_matrix("G", G, "weights"), as_matrix("H", H, "weights")
    if G.shape != H.shape:
        raise ValueError(f"G has shape {G.shape} but H has shape {H.shape}; "
                         "expected two gradients of the same matrix")
    for name, M in (("G", G), ("H", H)):
        if not np.any(M):
            raise ValueError(f"{name} is all zeros: the angle to a zero gradient is undefined")
    return G, H


def train(X, W_h, W_out, Y, output, delta_rule, steps, eta):
    """The arguments of train, checked: a network that fits Y, callables, a count, a step."""
    X, W_h, W_out, _, _, output = forward(X, W_h, W_out, None, None, output)
    Y = as_matrix("Y", Y)
    check_same_shape("Z_out", np.zeros((X.shape[0], W_out.shape[1])), "Y", Y)
    check_targets(Y)
    for name, function in (("output", output), ("delta_rule", delta_rule)):
        if not callable(function):
            raise ValueError(f"{name} must be a function, got {function!r}")
    if isinstance(steps, (bool, np.bool_)) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    if isinstance(eta, (bool, np.bool_)) or not isinstance(eta, numbers.Real) \
            or not (np.isfinite(eta) and eta > 0):
        raise ValueError(f"eta must be a finite number > 0 (the step size η), got {eta!r}")
    return X, W_h, W_out, Y, output, delta_rule, int(steps), float(eta)


# --- logits.py: the loss from the logits, and what a rounded A loses ------------------------

FLOAT_TYPES = (np.float16, np.float32, np.float64)


def float_type(dtype):
    """`dtype` if it is one of NumPy's binary float types, or ValueError."""
    if dtype not in FLOAT_TYPES:
        names = ", ".join(f"np.{t.__name__}" for t in FLOAT_TYPES)
        raise ValueError(f"dtype must be one of {names}, got {dtype!r}")
    return dtype


def sigmoid_in(dtype, Z):
    """(dtype, Z): a float type and finite real numbers of any shape, or ValueError."""
    return float_type(dtype), as_float("Z", Z)


def where_sigma_rounds_to(value, dtype):
    """(value, dtype): 1 or 0 (the two values σ reaches by rounding) and a float type."""
    if isinstance(value, (bool, np.bool_)) or value not in (0, 1):
        raise ValueError(f"value must be 1 or 0 (what σ(z) rounds to), got {value!r}")
    return int(value), float_type(dtype)


# --- regularisation.py: the frameworks' L2 terms ------------------------------------------

def rate(name, value, positive=False):
    """A learning rate, a decay or a reduction as a float: finite and >= 0 (> 0 if positive)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r} of type {type(value).__name__}")
    if not np.isfinite(value) or value < 0 or (positive and value == 0):
        raise ValueError(f"{name} must be a finite number {'> 0' if positive else '>= 0'}, got {value!r}")
    return float(value)


def weight_and_grad(weight, grad):
    """(weight, grad) as float64 matrices of one shape, or ValueError naming them."""
    weight, grad = as_matrix("weight", weight, "weights"), as_matrix("grad", grad, "weights")
    if weight.shape != grad.shape:
        raise ValueError(f"weight has shape {weight.shape} but grad has shape {grad.shape}; "
                         "expected the gradient to have the shape of its weight")
    return weight, grad


def sgd_step(weight, grad, lr, weight_decay):
    return (*weight_and_grad(weight, grad), rate("lr", lr, positive=True),
            rate("weight_decay", weight_decay))


def adam_step(weight, grad, state, lr, weight_decay, decoupled, eps):
    weight, grad = weight_and_grad(weight, grad)
    try:
        m, v, steps = state
    except (TypeError, ValueError):
        raise ValueError("state must be (m, v, steps): start from "
                         "(np.zeros_like(weight), np.zeros_like(weight), 0)") from None
    m, v = as_float("m", m), as_float("v", v)
    if m.shape != weight.shape or v.shape != weight.shape or np.any(v < 0):
        raise ValueError(f"m and v must have the shape of weight, {weight.shape}, and v no "
                         f"negative entry; got {m.shape} and {v.shape}")
    if isinstance(steps, (bool, np.bool_)) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    if not isinstance(decoupled, (bool, np.bool_)):
        raise ValueError(f"decoupled must be True (AdamW) or False (Adam), got {decoupled!r}")
    return (weight, grad, (m, v, int(steps)), rate("lr", lr, positive=True),
            rate("weight_decay", weight_decay), bool(decoupled), rate("eps", eps, positive=True))


def keras_l2(kernel, l2):
    return as_matrix("kernel", kernel, "weights"), rate("l2", l2)


def lam_from_framework(value, r):
    return rate("the framework's factor", value), rate("r", r, positive=True)


# --- matrix_route.py: ∂Z/∂W as an array of four indices ------------------------------------

def dZ_dW(A_h, t):
    A_h = as_matrix("A_h", A_h)
    if isinstance(t, (bool, np.bool_)) or not isinstance(t, numbers.Integral) or t < 1:
        raise ValueError(f"t must be a whole number >= 1, the number of output units; got {t!r}")
    return A_h, int(t)


def contract(delta_out, dZ_dW):
    delta_out, D = as_matrix("delta_out", delta_out), as_float("dZ_dW", dZ_dW)
    n, t = delta_out.shape
    if D.ndim != 4 or D.shape[:2] != (n, t) or D.shape[3] != t:
        raise ValueError(f"dZ_dW has shape {D.shape}; expected (n, t, d, t) = ({n}, {t}, d, {t}) "
                         f"for delta_out of shape {delta_out.shape}: ∂Z/∂W has four indices")
    return delta_out, D


def trace_of_product(B, C):
    B, C = as_matrix("B", B), as_matrix("C", C)
    if B.shape != C.shape:
        raise ValueError(f"B has shape {B.shape} but C has shape {C.shape}; "
                         "tr(Bᵀ C) is the sum of B ∘ C only for matrices of one shape")
    return B, C
