"""Draw the site's SVG figures into docs/figures/.

    python -m generators.draw_figures      (or: make figures)

The SVGs are committed; tests/site/test_site.py checks that they match what this
script draws.

Sizes: each figure is at most 680 units wide, so in the site's content column
(about 688 px at 1280 px) it is shown at 1:1, and every label is at least
16 px with 12 px sub- and superscripts. Each is drawn a second time for a
phone, at most 340 units wide, into docs/figures/phone/ (see PHONE_WIDTH), so
its labels keep those sizes in a 390 px phone's column.

Colours: no colour is written into a shape. Every shape and label carries a
class (ink, muted, layer-in, ...), and the SVG's own <style> maps each class
to a CSS custom property with a light fallback: `fill: var(--fig-ink, #1f2328)`.
Opened on its own, the SVG shows the fallbacks (dark ink, no background);
inlined into a page by sitebuild/steps/inline_figures.py, it takes the values that
docs/stylesheets/figures.css gives for the light and the dark (slate) scheme.
"""

import math
import re
from xml.sax.saxutils import escape

from sitebuild.sources import DOCS

OUT = DOCS / "figures"

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
BASE = 16  # px: the smallest base text of every figure
SCRIPT = 12  # px: sub- and superscripts

# Custom property -> light fallback (used when the SVG is opened on its own).
# docs/stylesheets/figures.css defines every one of them for both schemes.
COLOURS = {
    "ink": "#1f2328",
    "muted": "#57606a",
    "bg": "#ffffff",
    "in-fill": "#e7eefc", "in-stroke": "#3b5bdb",
    "h-fill": "#e6f4ea", "h-stroke": "#2b8a3e",
    "out-fill": "#fff0e0", "out-stroke": "#d9480f",
    "loss-fill": "#f3e8fd", "loss-stroke": "#7048e8",
}


def var(name):
    return f"var(--fig-{name}, {COLOURS[name]})"


# Class -> declarations. Scoped under .bp-fig, so a figure inlined into a page
# cannot restyle anything else on it.
STYLE = {
    "ink": f"fill: {var('ink')}",
    "muted": f"fill: {var('muted')}",
    "edge": f"stroke: {var('muted')}; fill: none",
    "head": f"fill: {var('muted')}",
    "pill": f"fill: {var('bg')}; stroke: {var('muted')}",
    **{f"layer-{layer}": f"fill: {var(layer + '-fill')}; stroke: {var(layer + '-stroke')}"
       for layer in ("in", "h", "out", "loss")},
}


def style_block(name):
    rules = " ".join(f".bp-fig.{name} .{cls} {{ {decl} }}" for cls, decl in STYLE.items())
    return f"<style>{rules}</style>"


def rich(markup, size=BASE):
    """Text with *italic*, _{subscript} and ^{superscript} as SVG tspans.

    Scripts are SCRIPT px (never smaller); a subscript then a superscript
    follow each other, as in w_{1,2}^{(h)}.
    """
    parts, offset = [], 0.0  # offset: how far below the baseline the pen is
    for token in re.findall(r"_\{[^}]*\}|\^\{[^}]*\}|\*[^*]+\*|[^_^*]+", markup):
        if token[0] in "_^":
            target = size * 0.3 if token[0] == "_" else -size * 0.42
            dy = target - offset
            offset = target
            parts.append(f'<tspan dy="{dy:.1f}" font-size="{SCRIPT}">{escape(token[2:-1])}</tspan>')
            continue
        attrs = f' dy="{-offset:.1f}"' if offset else ""
        offset = 0.0
        if token[0] == "*":
            parts.append(f'<tspan{attrs} font-style="italic">{escape(token[1:-1])}</tspan>')
        else:
            parts.append(f"<tspan{attrs}>{escape(token)}</tspan>")
    return "".join(parts)


def text(x, y, markup, size=BASE, anchor="middle", weight="normal", cls="ink", extra=""):
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}"{bold} '
            f'class="{cls}"{extra}>{rich(markup, size)}</text>')


def circle(x, y, layer, r):
    return f'<circle cx="{x:g}" cy="{y:g}" r="{r}" class="layer-{layer}" stroke-width="2"/>'


def box(x, y, w, h, layer):
    return (f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="8" '
            f'class="layer-{layer}" stroke-width="2"/>')


def arrow(name, x1, y1, x2, y2):
    return (f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" class="edge" '
            f'stroke-width="1.6" marker-end="url(#{name}-head)"/>')


def path_arrow(name, d):
    return f'<path d="{d}" class="edge" stroke-width="1.6" marker-end="url(#{name}-head)"/>'


def svg(name, width, height, title, body):
    """The figure's SVG; ids start with its name, so two figures on one page never clash."""
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="bp-fig {name}" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
        style_block(name),
        f'<defs><marker id="{name}-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/>'
        "</marker></defs>",
        *body,
        "</svg>",
        "",
    ])


def edge_label(x, y, angle, markup, width):
    """A label on a small pill centred on its edge at (x, y), turned along the edge."""
    turn = f' transform="rotate({angle:.1f} {x:g} {y:g})"' if abs(angle) > 0.05 else ""
    h = 24
    return (f'<g{turn}><rect x="{x - width / 2:g}" y="{y - h / 2:g}" width="{width}" height="{h}" '
            f'rx="{h / 2:g}" class="pill" stroke-width="1"/>'
            + text(x, y + 5, markup) + "</g>")


def rim_to_rim(x1, y1, x2, y2, r):
    """An edge between two circles of radius r: its angle, and where it leaves
    the first rim and meets the second (2 units short, for the arrowhead)."""
    angle = math.atan2(y2 - y1, x2 - x1)
    start = (x1 + r * math.cos(angle), y1 + r * math.sin(angle))
    end = (x2 - (r + 2) * math.cos(angle), y2 - (r + 2) * math.sin(angle))
    return angle, start, end


def network():
    """The 2-2-2 network; every weight w_ij (i source, j target) sits on its own edge."""
    name = "network-2-2-2"
    cols = {"in": 80, "h": 340, "out": 600}
    rows = [120, 310]
    r = 34
    body = [
        text(cols["in"], 40, "input layer", weight="bold"),
        text(cols["h"], 40, "hidden layer", weight="bold"),
        text(cols["out"], 40, "output layer", weight="bold"),
    ]
    labels = []
    for (src, dst, layer) in [("in", "h", "h"), ("h", "out", "out")]:
        for i, y1 in enumerate(rows, start=1):
            for j, y2 in enumerate(rows, start=1):
                x1, x2 = cols[src], cols[dst]
                angle, (sx, sy), (ex, ey) = rim_to_rim(x1, y1, x2, y2, r)
                body.append(arrow(name, round(sx, 1), round(sy, 1), round(ex, 1), round(ey, 1)))
                # Straight edges: label at the middle. Crossing edges: a quarter of the
                # way from the source, well before the crossing and away from the
                # straight edges.
                t = 0.5 if i == j else 0.27
                lx, ly = sx + t * (ex - sx), sy + t * (ey - sy)
                labels.append(edge_label(round(lx, 1), round(ly, 1), math.degrees(angle),
                                         f"*w*_{{{i},{j}}}^{{({layer})}}", 70 if layer == "h" else 86))
    body += labels
    units = {
        "in": ["*x*_{1}", "*x*_{2}"],
        "h": ["*a*_{1}^{(h)}", "*a*_{2}^{(h)}"],
        "out": ["*a*_{1}^{(out)}", "*a*_{2}^{(out)}"],
    }
    for layer, x in cols.items():
        for y, label in zip(rows, units[layer]):
            body += [circle(x, y, layer, r), text(x, y + 5, label)]
    body.append(text(340, 390, "no biases; one example *x* = [*x*_{1}, *x*_{2}]", cls="muted"))
    return svg(name, 680, 405, "A 2-2-2 network with its eight labelled weights", body)


# The forward journey's steps: (layer, quantity, how it is made, shape).
JOURNEY_STEPS = [
    ("in", "*x*", "input", "1 × 2"),
    ("h", "*z*^{(h)}", "*x* *W*^{(h)}", "1 × 2"),
    ("h", "*a*^{(h)}", "σ(*z*^{(h)})", "1 × 2"),
    ("out", "*z*^{(out)}", "*a*^{(h)} *W*^{(out)}", "1 × 2"),
    ("out", "*a*^{(out)}", "σ(*z*^{(out)})", "1 × 2"),
    ("loss", "*J*", "loss, with *y*", "scalar"),
]
JOURNEY_TITLE = "The forward journey of one example: x, z(h), a(h), z(out), a(out), J"


def journey_rows(name, columns, w, h, gap, left, tops):
    """The journey's boxes in rows of `columns`, arrows along each row and from
    the end of each row down to the start of the next; and the last box's centre x."""
    body = []
    for k, (layer, label, formula, shape) in enumerate(JOURNEY_STEPS):
        row, col = divmod(k, columns)
        x, top = left + col * (w + gap), tops[row]
        body += [
            box(x, top, w, h, layer),
            text(x + w / 2, top + 32, label, 20),
            text(x + w / 2, top + 60, formula),
            text(x + w / 2, top + 86, shape, cls="muted"),
        ]
        if col:
            body.append(arrow(name, x - gap + 2, top + h / 2, x - 3, top + h / 2))
    x_end, x_start = left + (columns - 1) * (w + gap) + w / 2, left + w / 2
    for above, below in zip(tops, tops[1:]):
        y_mid = (above + h + below) / 2
        body.append(path_arrow(name, f"M{x_end:g},{above + h + 2} V{y_mid:g} H{x_start:g} V{below - 3}"))
    return body, x_end


def journey():
    """The forward journey of one example, from x to J, in two rows of three."""
    name = "journey-2-2-2"
    w, h, gap, left = 180, 100, 50, 20
    tops = [20, 196]
    body, jx = journey_rows(name, 3, w, h, gap, left, tops)
    body += [
        arrow(name, jx, tops[1] + h + 36, jx, tops[1] + h + 4),
        text(jx, tops[1] + h + 56, "*y* (target, 1 × 2)"),
    ]
    width = 2 * left + 3 * w + 2 * gap
    return svg(name, width, tops[1] + h + 70, JOURNEY_TITLE, body)


def tree():
    """How J depends on each output weight: the paths the chain rule walks."""
    name = "tree-2-2-2"
    bw, bh = 112, 44
    nodes = {
        "J": (340, 36, "loss", "*J*"),
        "a1": (190, 140, "out", "*a*_{1}^{(out)}"),
        "a2": (490, 140, "out", "*a*_{2}^{(out)}"),
        "z1": (190, 250, "out", "*z*_{1}^{(out)}"),
        "z2": (490, 250, "out", "*z*_{2}^{(out)}"),
        "w11": (90, 370, "out", "*w*_{1,1}^{(out)}"),
        "w21": (260, 370, "out", "*w*_{2,1}^{(out)}"),
        "w12": (420, 370, "out", "*w*_{1,2}^{(out)}"),
        "w22": (590, 370, "out", "*w*_{2,2}^{(out)}"),
    }
    edges = [  # parent, child, the local derivative the chain rule multiplies in
        ("J", "a1", "∂*J*/∂*a*_{1}"), ("J", "a2", "∂*J*/∂*a*_{2}"),
        ("a1", "z1", "∂*a*_{1}/∂*z*_{1} = σ′(*z*_{1})"), ("a2", "z2", "∂*a*_{2}/∂*z*_{2} = σ′(*z*_{2})"),
        ("z1", "w11", "*a*_{1}^{(h)}"), ("z1", "w21", "*a*_{2}^{(h)}"),
        ("z2", "w12", "*a*_{1}^{(h)}"), ("z2", "w22", "*a*_{2}^{(h)}"),
    ]
    body = []
    for parent, child, label in edges:
        (px, py, _, _), (cx, cy, _, _) = nodes[parent], nodes[child]
        body.append(arrow(name, px, py + bh / 2, cx, cy - bh / 2 - 2))
        mx, my = (px + cx) / 2, (py + cy) / 2 + 6
        left = cx < px or (cx == px and cx < 340)
        offset = -12 if left else 12
        if parent == "J":  # shallow edges: the label goes above the line
            offset, my = offset * 0.7, my - 16
        body.append(text(mx + offset, my, label, anchor="end" if left else "start", cls="muted"))
    for x, y, layer, label in nodes.values():
        body += [box(x - bw / 2, y - bh / 2, bw, bh, layer), text(x, y + 6, label)]
    body += [
        text(340, 430, "∂*J*/∂*w*_{i,j}: multiply the derivatives along the path", cls="muted"),
        text(340, 454, "from *J* to *w*_{i,j}, where ∂*z*_{j}/∂*w*_{i,j} = *a*_{i}^{(h)}", cls="muted"),
    ]
    return svg(name, 680, 468, "The dependency tree from J down to the four output weights", body)


def lines(x, y, rows, step=20, **kwargs):
    """Several lines of text, the first on baseline y."""
    return [text(x, y + k * step, row, **kwargs) for k, row in enumerate(rows)]


def tree_edge(name, parent, child, label, side, bh, shallow=False, drop=0):
    """An arrow from a parent box down to a child box, with its local derivative
    beside the middle of the arrow (`label` a string, or a list of lines);
    side: "left" or "right" of the arrow. On a shallow edge the label sits
    above the line, clear of the boxes; `drop` moves it down (px), clear of
    a slanting line."""
    (px, py), (cx, cy) = parent, child
    rows = [label] if isinstance(label, str) else label
    mx, my = (px + cx) / 2, (py + cy) / 2 + 6 - 10 * (len(rows) - 1) + drop
    offset = -12 if side == "left" else 12
    if shallow:
        offset, my = offset * 0.7, my - 16
    return [arrow(name, px, py + bh / 2, cx, cy - bh / 2 - 2),
            *lines(mx + offset, my, rows, anchor="end" if side == "left" else "start", cls="muted")]


def boxes(nodes, bw, bh):
    """A box with its label per node: {key: (x, y, layer, label)}; bw may be a dict per key."""
    body = []
    for key, (x, y, layer, label) in nodes.items():
        w = bw[key] if isinstance(bw, dict) else bw
        body += [box(x - w / 2, y - bh / 2, w, bh, layer), text(x, y + 6, label)]
    return body


# ---------------------------------------------------------------------------
# Phone layouts: the same figures drawn for a phone's column (about 358 px at
# 390 px), at most PHONE_WIDTH wide, so that they show at 1:1 and every label
# keeps its size (16 px, scripts 12 px). sitebuild/steps/inline_figures.py inlines
# docs/figures/phone/NAME.svg beside docs/figures/NAME.svg, and
# docs/stylesheets/figures.css shows one of the two, by the screen's width.

PHONE_WIDTH = 340


def network_phone():
    """The 2-2-2 network, its layers stacked from top to bottom."""
    name = "network-2-2-2-phone"
    cols = [70, 270]
    rows = {"in": 40, "h": 250, "out": 460}
    r = 32
    body, labels = [], []
    for (src, dst, layer) in [("in", "h", "h"), ("h", "out", "out")]:
        for i, x1 in enumerate(cols, start=1):
            for j, x2 in enumerate(cols, start=1):
                y1, y2 = rows[src], rows[dst]
                angle, (sx, sy), (ex, ey) = rim_to_rim(x1, y1, x2, y2, r)
                body.append(arrow(name, round(sx, 1), round(sy, 1), round(ex, 1), round(ey, 1)))
                # Straight edges: a level label at the middle. Crossing edges: turned
                # along the edge, a quarter of the way down, clear of each other.
                t = 0.5 if i == j else 0.27
                lx, ly = sx + t * (ex - sx), sy + t * (ey - sy)
                turn = 0.0 if i == j else math.degrees(angle) - (180 if x2 < x1 else 0)
                labels.append(edge_label(round(lx, 1), round(ly, 1), turn,
                                         f"*w*_{{{i},{j}}}^{{({layer})}}", 62 if layer == "h" else 76))
    body += labels
    units = {
        "in": ["*x*_{1}", "*x*_{2}"],
        "h": ["*a*_{1}^{(h)}", "*a*_{2}^{(h)}"],
        "out": ["*a*_{1}^{(out)}", "*a*_{2}^{(out)}"],
    }
    names = {"in": "input layer", "h": "hidden layer", "out": "output layer"}
    for layer, y in rows.items():
        body.append(text(170, y + 5, names[layer], weight="bold"))
        for x, label in zip(cols, units[layer]):
            body += [circle(x, y, layer, r), text(x, y + 5, label)]
    body += lines(170, 530, ["no biases; one example", "*x* = [*x*_{1}, *x*_{2}]"], cls="muted")
    return svg(name, PHONE_WIDTH, 560, "A 2-2-2 network with its eight labelled weights", body)


def journey_phone():
    """The forward journey of one example, from x to J, in three rows of two."""
    name = "journey-2-2-2-phone"
    w, h, gap, left = 150, 100, 40, 0
    tops = [10, 170, 330]
    body, jx = journey_rows(name, 2, w, h, gap, left, tops)
    body += [
        arrow(name, jx, tops[2] + h + 36, jx, tops[2] + h + 4),
        text(jx, tops[2] + h + 56, "*y* (target, 1 × 2)", anchor="middle"),
    ]
    return svg(name, PHONE_WIDTH, tops[2] + h + 70, JOURNEY_TITLE, body)


def tree_phone():
    """How J depends on each output weight, drawn for a phone."""
    name = "tree-2-2-2-phone"
    bh = 44
    nodes = {
        "J": (170, 30, "loss", "*J*"),
        "a1": (85, 130, "out", "*a*_{1}^{(out)}"),
        "a2": (255, 130, "out", "*a*_{2}^{(out)}"),
        "z1": (85, 250, "out", "*z*_{1}^{(out)}"),
        "z2": (255, 250, "out", "*z*_{2}^{(out)}"),
        "w11": (42, 370, "out", "*w*_{1,1}^{(out)}"),
        "w21": (128, 370, "out", "*w*_{2,1}^{(out)}"),
        "w12": (212, 370, "out", "*w*_{1,2}^{(out)}"),
        "w22": (298, 370, "out", "*w*_{2,2}^{(out)}"),
    }
    at = {key: node[:2] for key, node in nodes.items()}
    edges = [  # parent, child, the local derivative, the side it is written on
        ("J", "a1", "∂*J*/∂*a*_{1}", "left"), ("J", "a2", "∂*J*/∂*a*_{2}", "right"),
        ("a1", "z1", ["∂*a*_{1}/∂*z*_{1}", "= σ′(*z*_{1})"], "left"),
        ("a2", "z2", ["∂*a*_{2}/∂*z*_{2}", "= σ′(*z*_{2})"], "right"),
        ("z1", "w11", "*a*_{1}^{(h)}", "left"), ("z1", "w21", "*a*_{2}^{(h)}", "right"),
        ("z2", "w12", "*a*_{1}^{(h)}", "left"), ("z2", "w22", "*a*_{2}^{(h)}", "right"),
    ]
    body = []
    for parent, child, label, side in edges:
        body += tree_edge(name, at[parent], at[child], label, side, bh, shallow=parent == "J")
    widths = {key: 100 if key[0] != "w" else 80 for key in nodes}
    body += boxes(nodes, widths, bh)
    body += lines(170, 430, ["∂*J*/∂*w*_{i,j}: multiply the derivatives",
                             "along the path from *J* to *w*_{i,j},",
                             "where ∂*z*_{j}/∂*w*_{i,j} = *a*_{i}^{(h)}"], step=22, cls="muted")
    return svg(name, PHONE_WIDTH, 488, "The dependency tree from J down to the four output weights", body)


# ---------------------------------------------------------------------------
# The hidden layer: the t paths from J down to one hidden weight, which add.

HIDDEN_NOTE = ["∂*J*/∂*w*_{l,i}^{(h)}: multiply the derivatives along each path,",
               "then add the *t* paths, one through each output unit *j*",
               "(one example: its index *k* left out)"]


def hidden_paths_nodes(left, mid, right, rows):
    """The nodes of the hidden layer's paths: output units 1 and t at left and
    right (the units between them stand as dots), the hidden unit in the middle."""
    y_a, y_z, y_h, y_zh, y_w = rows
    return {
        "J": (mid, 36, "loss", "*J*"),
        "a1": (left, y_a, "out", "*a*_{1}^{(out)}"),
        "at": (right, y_a, "out", "*a*_{t}^{(out)}"),
        "z1": (left, y_z, "out", "*z*_{1}^{(out)}"),
        "zt": (right, y_z, "out", "*z*_{t}^{(out)}"),
        "ah": (mid, y_h, "h", "*a*_{i}^{(h)}"),
        "zh": (mid, y_zh, "h", "*z*_{i}^{(h)}"),
        "w": (mid, y_w, "h", "*w*_{l,i}^{(h)}"),
    }


def hidden_paths_body(name, nodes, bw, bh, sigma_out, note_y, note):
    """Arrows, labels, boxes, the dots for the units between 1 and t, the note."""
    at = {key: node[:2] for key, node in nodes.items()}
    edges = [
        ("J", "a1", "∂*J*/∂*a*_{1}", "left"), ("J", "at", "∂*J*/∂*a*_{t}", "right"),
        ("a1", "z1", sigma_out("1"), "left"), ("at", "zt", sigma_out("t"), "right"),
        ("z1", "ah", "*w*_{i,1}^{(out)}", "left"), ("zt", "ah", "*w*_{i,t}^{(out)}", "right"),
        ("ah", "zh", "σ′(*z*_{i}^{(h)})", "right"), ("zh", "w", "*x*_{l}", "right"),
    ]
    body = []
    for parent, child, label, side in edges:
        # The edges that join at a_i^(h) slant: their labels go below them, outside.
        body += tree_edge(name, at[parent], at[child], label, side, bh, shallow=parent == "J",
                          drop=10 if child == "ah" else 0)
    body += boxes(nodes, bw, bh)
    mid = nodes["J"][0]
    body += [text(mid, nodes["a1"][1] + 6, "⋯", cls="muted"), text(mid, nodes["z1"][1] + 6, "⋯", cls="muted")]
    body += lines(mid, note_y, note, step=22, cls="muted")
    return body


HIDDEN_TITLE = "The t paths from J down to one hidden weight, one through each output unit"


def hidden_paths():
    name = "hidden-paths"
    nodes = hidden_paths_nodes(150, 340, 530, (130, 240, 350, 440, 530))
    sigma_out = lambda j: f"∂*a*_{{{j}}}/∂*z*_{{{j}}} = σ′(*z*_{{{j}}})"
    body = hidden_paths_body(name, nodes, 112, 44, sigma_out, 590, HIDDEN_NOTE)
    return svg(name, 680, 650, HIDDEN_TITLE, body)


def hidden_paths_phone():
    name = "hidden-paths-phone"
    nodes = hidden_paths_nodes(80, 170, 260, (130, 250, 360, 460, 560))
    sigma_out = lambda j: [f"∂*a*_{{{j}}}/∂*z*_{{{j}}}", f"= σ′(*z*_{{{j}}})"]
    note = ["∂*J*/∂*w*_{l,i}^{(h)}: multiply the derivatives",
            "along each path, then add the *t* paths,",
            "one through each output unit *j*",
            "(one example: its index *k* left out)"]
    body = hidden_paths_body(name, nodes, 100, 44, sigma_out, 622, note)
    return svg(name, PHONE_WIDTH, 700, HIDDEN_TITLE, body)


FIGURES = {"network-2-2-2.svg": network, "journey-2-2-2.svg": journey, "tree-2-2-2.svg": tree,
           "hidden-paths.svg": hidden_paths,
           "phone/network-2-2-2.svg": network_phone, "phone/journey-2-2-2.svg": journey_phone,
           "phone/tree-2-2-2.svg": tree_phone, "phone/hidden-paths.svg": hidden_paths_phone}


def main():
    for name, draw in FIGURES.items():
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_text(draw(), encoding="utf-8")
        print(f"wrote docs/figures/{name}")


if __name__ == "__main__":
    main()
