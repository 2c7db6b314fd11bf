"""The mistakes this site names, in one list.

The exercises (exercises.py) name a wrong answer with these, and so does the
checker of a reader's own code (check_backprop.py): a mistake is called the
same wherever the site meets it.
"""

# --8<-- [start:names]
TRANSPOSED = "the gradient transposed"
SIGMA_KEPT = "σ′ kept in δ⁽ᵒᵘᵗ⁾"
MEAN = "the mean instead of the sum"
SUM = "the sum instead of the mean"
SIGN = "the sign flipped"
ONE_EXAMPLE = "one example instead of the sum over all"
ONE_OUTPUT = "one output instead of the sum over all"
ALL_EXAMPLES = "every example instead of the batch's"
MEAN_EXAMPLES = "the mean over the n examples"
OLD_TARGETS = "the worked example's targets"
OLD_CLASS = "the old class, or the classes counted from 0"
HALF = "the ½ of the squared error forgotten"
HALF_PENALTY = "the ½ of the penalty forgotten"
SIGMA_DROPPED = "σ′ forgotten"
# --8<-- [end:names]

# Mistakes one exercise names (notation, softmax, regularisation, gradient check).
SMALLER_NORM = "divided by the smaller norm"
OUR_ENTRY = "our entry (1, 2)"
TWO_H = "the 2 of 2h forgotten"
ABSOLUTE_ERROR = "the absolute error"
EXACT_DERIVATIVE = "the exact derivative"
NUMERATOR_LAYOUT = "the numerator layout"
ONE_SIDED = "the one-sided difference"
PENALTY_FORGOTTEN = "the penalty forgotten"
SHAPE_OF_W_H = "the shape of W⁽ʰ⁾"
SHAPE_OF_DELTA = "the shape of δ⁽ᵒᵘᵗ⁾"
OLD_LAMBDA = "the worked example's λ"
DJ_DA = "∂J/∂a instead of ∂J/∂z"
ONE_EXAMPLE_MEAN = "one example instead of the mean over all"

# Mistakes the mismatched-losses and from-logits exercises name.
MATCHED_PAIR = "a − y, as if loss and activation matched"
SQUARED_DELTA = "the squared error's δ"
SOFTMAX_TWICE = "softmax applied twice"
SIGMOID_TWICE = "σ applied twice"
TARGET_LOGIT = "the right class's logit forgotten"
BINARY_PER_OUTPUT = "the binary cross-entropy of each output"
EPS_NOT_HALVED = "ε instead of ε/2"
LOG2 = "log₂ instead of ln"
LOG10 = "log₁₀ instead of ln"

# Mistakes the deeper-networks exercises name.
SIGMA_FOR_TANH = "σ′ used for tanh"
SIGMA_FOR_RELU = "σ′ used for ReLU"
F_PRIME_WRONG_LAYER = "f′ of the wrong layer"
F_PRIME_DROPPED = "f′ forgotten"

# Mistakes the matrix-route and the frameworks' regularisation exercises name.
DZ_DW_AS_W = "∂Z/∂W taken as d × t, the shape of W"
DZ_DW_AS_Z = "∂Z/∂W taken as n × t, the shape of Z"
NONZERO_ONLY = "only the entries that can be other than zero"
BRACKET_DROPPED = "the bracket [j = j′] dropped"
PENALTY_AS_LOSS = "the penalty taken as divided like the loss"
L2_TWO = "the 2 of l2·Σw²'s gradient forgotten"
L2_AS_LAMBDA = "l2 taken as this site's λ"

# --8<-- [start:code_names]
# What a reader's own code gets wrong beyond the exercises (check_backprop.py).
COLUMN_CONVENTION = f"{TRANSPOSED} (the column convention's result)"
TRANSPOSE_MISSING = "the transpose missing"
TRANSPOSE_MISPLACED = "the transpose on the wrong factor"
ELEMENTWISE = "an element-wise product instead of the matrix product"
W_NOT_TRANSPOSED = "W instead of Wᵀ"
SIGMA_OF_A = "σ′ taken of A⁽ʰ⁾ as if it were Z⁽ʰ⁾"
SIGMA_OF_Z = "a(1 − a) applied to Z⁽ʰ⁾ instead of A⁽ʰ⁾"
SIGMA_DROPPED_HIDDEN = f"{SIGMA_DROPPED} in δ⁽ʰ⁾"
LOGITS = "the logits Z⁽ᵒᵘᵗ⁾ used where A⁽ᵒᵘᵗ⁾ belongs"
INPUTS_FOR_A = "the inputs X used where A⁽ʰ⁾ belongs"
Z_FOR_A = "the pre-activations Z⁽ʰ⁾ used where A⁽ʰ⁾ belongs"
WRONG_AXIS = "summed over the wrong axis"
NOT_SUMMED = "not summed over the examples"
HALF_LAMBDA = "λ/2 instead of λ"
MEAN_ALL = "the mean over all n·t entries"
FACTOR_TWICE = "the mean's factor applied twice"
JACOBIAN_DIAGONAL = "the Jacobian's diagonal only"
REGULARISED_BIASES = "the biases regularised"
PENALTY_DIVIDED = "the penalty divided by n, as the loss"
# --8<-- [end:code_names]
