"""Build step: search finds σ as well as \\sigma.

The search index gets a Unicode reading of each formula (\\sigma' -> σ′,
\\partial J -> ∂J) with the TeX kept beside it, hidden, so σ, δ, ∂ and
"sigma" all find the formulas; the index's word separator splits TeX too.
"""

import re

TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ",
    "Omega": "Ω", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "odot": "⊙",
    "otimes": "⊗", "cdot": "·", "times": "×", "top": "⊤", "pm": "±", "mp": "∓", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Longleftrightarrow": "⟺",
    "iff": "⟺", "approx": "≈", "neq": "≠", "ne": "≠", "le": "≤", "leq": "≤", "ge": "≥",
    "geq": "≥", "infty": "∞", "in": "∈", "sqrt": "√", "dots": "…", "ldots": "…", "cdots": "⋯",
    "ln": "ln", "log": "log", "exp": "exp", "max": "max", "min": "min",
}
# Macros that only shape the formula: dropped, their argument (if any) kept.
TEX_LAYOUT = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg|[bB]igl|[bB]igr|quad|qquad|displaystyle|"
                        r"mathbf|mathrm|mathsf|mathit|mathtt|texttt|boldsymbol|text|operatorname|underbrace|overbrace|"
                        r"bar|hat|tilde|vec)(?![A-Za-z])|\\(?:begin|end)\{[^{}]*\}|\\[,;:! ]")
MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$|(?<![\\$])\$([^$<>\n]+?)\$", re.S)


def fraction_part(text):
    """A numerator or denominator, in parentheses unless it is one term."""
    text = text.strip()
    return text if re.fullmatch(r"[^\s+\-=·×,]+", text) else f"({text})"


def tex_to_unicode(tex):
    """A plain-text reading of a TeX formula for the search index:
    \\frac{\\partial J}{\\partial w} -> ∂J/∂w, \\sigma'(z) -> σ′(z)."""
    text = TEX_LAYOUT.sub(" ", tex.replace("\\\\", " "))
    text = re.sub(r"\\(?!d?t?frac\b)([A-Za-z]+)\s*", lambda m: TEX_SYMBOLS.get(m.group(1), m.group(1)), text)
    for _ in range(20):  # innermost braces first: \\frac{a}{b} -> a/b, any other {a} -> a
        before = text
        text = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}",
                      lambda m: f"{fraction_part(m.group(1))}/{fraction_part(m.group(2))}", text)
        text = re.sub(r"(?<![}a-z])\{([^{}]*)\}", r"\1", text)
        if text == before:
            break
    text = re.sub(r"[{}]", "", text).replace("'", "′").replace("&amp;", " ")
    return re.sub(r"\s+", " ", text).strip()


def search_text(html):
    """Each formula read as Unicode, the TeX kept beside it in a hidden span
    (searchable, not shown in the result's preview)."""
    def replace(match):
        tex = next(group for group in match.groups() if group is not None)
        return f'{tex_to_unicode(tex)}<span hidden>{match.group(0)}</span>'

    return MATH.sub(replace, html)


# Material's default separator for English is whitespace and hyphens; TeX's
# punctuation (\ { } ( ) ^ _ ' / = , and the like) must split words too, so
# that the hidden TeX \(\sigma'(z)\) yields "sigma" and the reading σ′(z) yields "σ′".
SEARCH_SEPARATOR = r"""[\s\-,;:!?=|/\\(){}\[\]^_'"“”]+|\.(?!\d)"""


def rewrite_index(index):
    """A search index, each formula made findable: Material's for MkDocs
    (search/search_index.json, {"config", "docs"}) or Zensical's (search.json, {"config", "items"})."""
    index["config"]["separator"] = SEARCH_SEPARATOR
    for doc in index.get("docs", index.get("items", [])):
        for field in ("title", "text"):
            if doc.get(field):
                doc[field] = search_text(doc[field])
    return index
