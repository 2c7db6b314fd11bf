"""Draw the site's SVG figures into docs/figures/.

    python tools/draw_figures.py

The SVGs are committed; tests/test_site.py checks that they match what this
script draws. Each figure sits on its own light card, so it stays legible when
the reader switches the site to dark mode.
"""

from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "docs" / "figures"

INK = "#1f2328"
LINE = "#57606a"
CARD = "#ffffff"
LAYER_COLOURS = {  # fill, stroke
    "in": ("#e7eefc", "#3b5bdb"),
    "h": ("#e6f4ea", "#2b8a3e"),
    "out": ("#fff0e0", "#d9480f"),
    "loss": ("#f3e8fd", "#7048e8"),
}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def sym(base, sub="", sup="", size=16):
    """A math symbol as SVG tspans: italic base, then subscript and superscript."""
    small = round(size * 0.7)
    parts = [f'<tspan font-style="italic">{escape(base)}</tspan>']
    if sub:
        parts.append(f'<tspan dy="{size * 0.3:.1f}" font-size="{small}">{escape(sub)}</tspan>')
    if sup:
        # From the subscript's baseline (if any) up to the superscript's.
        rise = size * (0.75 if sub else 0.45)
        parts.append(f'<tspan dy="{-rise:.1f}" font-size="{small}">{escape(sup)}</tspan>')
    return "".join(parts)


def text(x, y, content, size=16, anchor="middle", weight="normal", fill=INK):
    return (f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{content}</text>')


def circle(x, y, layer, r=30):
    fill, stroke = LAYER_COLOURS[layer]
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'


def box(x, y, w, h, layer):
    fill, stroke = LAYER_COLOURS[layer]
    return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="2"/>')


def arrow(x1, y1, x2, y2):
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{LINE}" '
            f'stroke-width="1.6" marker-end="url(#head)"/>')


def svg(width, height, title, body):
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{LINE}"/>'
        "</marker></defs>",
        f'<rect width="{width}" height="{height}" rx="12" fill="{CARD}"/>',
        *body,
        "</svg>",
        "",
    ])


def network():
    """The 2-2-2 network with every weight labelled w_ij: i source, j target."""
    cols = {"in": 90, "h": 330, "out": 570}
    rows = [120, 280]
    r = 30
    body = [
        text(cols["in"], 45, "input layer", 15, weight="bold"),
        text(cols["h"], 45, "hidden layer", 15, weight="bold"),
        text(cols["out"], 45, "output layer", 15, weight="bold"),
    ]
    for (src, dst, layer) in [("in", "h", "h"), ("h", "out", "out")]:
        x1, x2 = cols[src] + r, cols[dst] - r
        for i, y1 in enumerate(rows, start=1):
            for j, y2 in enumerate(rows, start=1):
                body.append(arrow(x1, y1, x2 - 2, y2))
                label = sym("w", f"{i},{j}", f"({layer})", 15)
                if i == j:  # horizontal edge: label above the top one, below the bottom one
                    lx, ly = x1 + 0.62 * (x2 - x1), (y1 - 10 if i == 1 else y1 + 26)
                    body.append(text(round(lx), ly, label, 15))
                else:  # crossing edges: label near the source, clear of the crossing
                    lx = x1 + 0.24 * (x2 - x1)
                    ly = y1 + 0.24 * (y2 - y1) + (-14 if i == 1 else 30)
                    body.append(text(round(lx) + 4, round(ly), label, 15, anchor="start"))
    labels = {
        "in": [sym("x", "1"), sym("x", "2")],
        "h": [sym("a", "1", "(h)"), sym("a", "2", "(h)")],
        "out": [sym("a", "1", "(out)"), sym("a", "2", "(out)")],
    }
    for layer, x in cols.items():
        for y, label in zip(rows, labels[layer]):
            body += [circle(x, y, layer, r), text(x, y + 6, label, 16)]
    body.append(text(330, 350, "no biases; one example x = [x₁, x₂]", 13, fill=LINE))
    return svg(660, 370, "A 2-2-2 network with its eight labelled weights", body)


def journey():
    """The forward journey of one example, from x to J."""
    w, h, gap, top = 116, 84, 26, 44
    steps = [
        ("in", sym("x"), "input", "1 × 2"),
        ("h", sym("z", "", "(h)"), "x W⁽ʰ⁾", "1 × 2"),
        ("h", sym("a", "", "(h)"), "σ(z⁽ʰ⁾)", "1 × 2"),
        ("out", sym("z", "", "(out)"), "a⁽ʰ⁾ W⁽ᵒᵘᵗ⁾", "1 × 2"),
        ("out", sym("a", "", "(out)"), "σ(z⁽ᵒᵘᵗ⁾)", "1 × 2"),
        ("loss", sym("J"), "loss, with y", "scalar"),
    ]
    body = []
    for k, (layer, label, formula, shape) in enumerate(steps):
        x = 14 + k * (w + gap)
        body += [
            box(x, top, w, h, layer),
            text(x + w / 2, top + 28, label, 18),
            text(x + w / 2, top + 52, escape(formula), 13),
            text(x + w / 2, top + 72, shape, 12, fill=LINE),
        ]
        if k:
            body.append(arrow(x - gap + 2, top + h / 2, x - 2, top + h / 2))
    jx = 14 + 5 * (w + gap) + w / 2
    body += [
        text(jx, top + h + 58, sym("y") + " (target, 1 × 2)", 14),
        arrow(jx, top + h + 40, jx, top + h + 4),
    ]
    width = 14 * 2 + 6 * w + 5 * gap
    return svg(width, 230, "The forward journey of one example: x, z(h), a(h), z(out), a(out), J", body)


def tree():
    """How J depends on each output weight: the paths the chain rule walks."""
    bw, bh = 96, 40
    nodes = {
        "J": (360, 40, "loss", sym("J")),
        "a1": (190, 140, "out", sym("a", "1", "(out)")),
        "a2": (530, 140, "out", sym("a", "2", "(out)")),
        "z1": (190, 240, "out", sym("z", "1", "(out)")),
        "z2": (530, 240, "out", sym("z", "2", "(out)")),
        "w11": (100, 350, "out", sym("w", "1,1", "(out)")),
        "w21": (280, 350, "out", sym("w", "2,1", "(out)")),
        "w12": (440, 350, "out", sym("w", "1,2", "(out)")),
        "w22": (620, 350, "out", sym("w", "2,2", "(out)")),
    }
    edges = [  # parent, child, the local derivative the chain rule multiplies in
        ("J", "a1", "∂J/∂a₁"), ("J", "a2", "∂J/∂a₂"),
        ("a1", "z1", "∂a₁/∂z₁ = σ′(z₁)"), ("a2", "z2", "∂a₂/∂z₂ = σ′(z₂)"),
        ("z1", "w11", "a₁⁽ʰ⁾"), ("z1", "w21", "a₂⁽ʰ⁾"),
        ("z2", "w12", "a₁⁽ʰ⁾"), ("z2", "w22", "a₂⁽ʰ⁾"),
    ]
    body = []
    for parent, child, label in edges:
        (px, py, _, _), (cx, cy, _, _) = nodes[parent], nodes[child]
        body.append(arrow(px, py + bh / 2, cx, cy - bh / 2 - 2))
        mx, my = (px + cx) / 2, (py + cy) / 2 + 5
        left = cx < px or (cx == px and cx < 360)
        offset = -10 if left else 10
        body.append(text(round(mx + offset), round(my), escape(label), 13,
                         anchor="end" if left else "start", fill=LINE))
    for x, y, layer, label in nodes.values():
        body += [box(x - bw / 2, y - bh / 2, bw, bh, layer), text(x, y + 6, label, 16)]
    body.append(text(360, 410, "∂J/∂wᵢⱼ: multiply the derivatives along the path from J to wᵢⱼ (∂zⱼ/∂wᵢⱼ = aᵢ⁽ʰ⁾)", 13, fill=LINE))
    return svg(720, 425, "The dependency tree from J down to the four output weights", body)


FIGURES = {"network-2-2-2.svg": network, "journey-2-2-2.svg": journey, "tree-2-2-2.svg": tree}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in FIGURES.items():
        (OUT / name).write_text(draw(), encoding="utf-8")
        print(f"wrote docs/figures/{name}")


if __name__ == "__main__":
    main()
