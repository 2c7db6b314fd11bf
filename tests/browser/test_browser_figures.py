"""Every figure as a reader sees it, in headless Chromium: label sizes and colours.

sitebuild/steps/inline_figures.py inlines each docs/figures/*.svg into its page (and
its phone layout, docs/figures/phone/*.svg, beside it). On every page of the
sitemap, at 1280 x 800 in the light and the dark scheme, every label of every
figure shown must be at least 12 CSS px tall as displayed; on a 390 px phone,
at least 11 px; and every label must contrast with what it
is drawn on (WCAG ratio >= 4.5). A screenshot of each figure shown in each
scheme goes to test-artifacts/figures/, and the label sizes at 1280 px and on
the phone to test-artifacts/figures/sizes.json.
"""

import json

import pytest

from sitebuild.browser import slug
from sitebuild.browser import ARTIFACTS
from sitebuild.browser import DESKTOP, VIEWS
from visits import on_every_page, visits_with

PHONE = VIEWS["phone"]
SMALLEST_PX = 12
SMALLEST_PHONE_PX = 11
# Every figure the pages show, each with a phone layout but the two plots.
FIGURES = {"network-2-2-2.svg", "journey-2-2-2.svg", "tree-2-2-2.svg", "hidden-paths.svg",
           "sigma-prime-deltas.svg", "loop-vs-vectorised.svg"}
CONTRAST = 4.5

# Per figure: its displayed width, and every label with its displayed size in
# CSS px, its colour, and the colour of what it is drawn on.
# - Drawn text (<text>, <tspan>): computed font-size times the SVG's scale at
#   that element (getScreenCTM, so a label turned along an edge counts too;
#   sizes are compared to 0.01 px, as a rotation leaves 11.99999 for 12).
# - matplotlib's text as outlines: each glyph is a <use> in a group whose id
#   ends in text_N, scaled so that font size = 100 x its scale (FONT_SCALE).
# The background of a label is the last box, circle or pill drawn before it
# under its centre, else the page behind the figure.
FIGURE_STATE = """() => {
    const rgba = css => {
        const v = css.match(/[\\d.]+/g).map(Number);
        return v.length === 3 ? [...v, 1] : v;
    };
    const over = (fg, bg) => fg.slice(0, 3).map((c, i) => fg[3] * c + (1 - fg[3]) * bg[i]);
    const pageBehind = el => {
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const scaleOf = el => { const m = el.getScreenCTM(); return Math.hypot(m.a, m.b); };
    // The figures shown: of a figure with a wide and a phone layout, one is hidden.
    return [...document.querySelectorAll('.md-content svg.bp-fig')].map((svg, index) => [svg, index])
        .filter(([svg]) => svg.getClientRects().length > 0).map(([svg, index]) => {
        const page = pageBehind(svg);
        const shapes = [...svg.querySelectorAll('rect, circle')].filter(s => getComputedStyle(s).fill !== 'none');
        const behind = el => {
            const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            let bg = page;
            for (const s of shapes) {
                if (!(s.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
                const b = s.getBoundingClientRect();
                if (x >= b.left && x <= b.right && y >= b.top && y <= b.bottom) bg = over(rgba(getComputedStyle(s).fill), bg);
            }
            return bg;
        };
        const labels = [];
        for (const el of svg.querySelectorAll('text, tspan')) {
            if (!el.textContent.trim()) continue;
            const px = parseFloat(getComputedStyle(el).fontSize) * scaleOf(el);
            const bg = behind(el);
            labels.push({text: el.textContent, px, ink: over(rgba(getComputedStyle(el).fill), bg), bg});
        }
        for (const group of svg.querySelectorAll('g[id*="text_"]')) {
            const glyphs = [...group.querySelectorAll('use')];
            if (!glyphs.length) continue;
            const px = Math.min(...glyphs.map(use => 100 * scaleOf(use)));
            labels.push({text: group.id, px, ink: over(rgba(getComputedStyle(glyphs[0]).fill), page), bg: page});
        }
        return {figure: svg.dataset.figure, layout: svg.dataset.layout || null, index,
                label: svg.getAttribute('aria-label'), width: svg.getBoundingClientRect().width, labels};
    });
}"""


def luminance(rgb):
    """WCAG relative luminance of an sRGB colour given as 0-255 channels."""
    def linear(channel):
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


SHOTS = ARTIFACTS / "figures"
# A block far from the screen is drawn only once it comes near
# (docs/stylesheets/offscreen.css): a few frames after scrolling to it.
RENDERED = """() => new Promise(resolve => requestAnimationFrame(() =>
    requestAnimationFrame(() => requestAnimationFrame(resolve))))"""


def figures_on(page, path, scheme, shots=True):
    """Every figure of the page shown, with its element screenshot if `shots`."""
    colours = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    viewport = page.viewport_size["width"]
    reports = []
    for number, figure in enumerate(page.evaluate(FIGURE_STATE), start=1):
        shot = None
        if shots:
            shot = SHOTS / f"{slug(path)}-{number}-{viewport}-{scheme}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            drawing = page.locator(".md-content svg.bp-fig").nth(figure["index"])
            drawing.scroll_into_view_if_needed()
            page.evaluate(RENDERED)
            drawing.screenshot(path=shot)
        reports.append(dict(figure, path=path, scheme=scheme, colours=colours, viewport=viewport, screenshot=shot))
    return reports


on_every_page("figures")(figures_on)
on_every_page("figures_phone", widths=("phone",), schemes=("light",))(figures_on)


@pytest.fixture(scope="module")
def figure_reports(page_visits):
    """Every figure on every page, at 1280 px in both schemes and on a 390 px
    phone in the light one (site_fixtures.page_visits)."""
    reports = [report for name in ("figures", "figures_phone")
               for visit in visits_with(page_visits, name) for report in visit[name]]
    shots = SHOTS
    shots.mkdir(parents=True, exist_ok=True)
    sizes = [{"figure": r["figure"], "layout": r["layout"], "page": r["path"], "viewport": r["viewport"],
              "scheme": r["scheme"],
              "displayed_width": round(r["width"], 1),
              "smallest_label_px": round(min(label["px"] for label in r["labels"]), 2)}
             for r in reports]
    (shots / "sizes.json").write_text(json.dumps(sizes, indent=1), encoding="utf-8")
    return reports


def desktop(reports):
    return [r for r in reports if r["viewport"] == DESKTOP["width"]]


def phone(reports):
    return [r for r in reports if r["viewport"] == PHONE["width"]]


def test_every_figure_is_found_inlined_in_both_schemes(figure_reports):
    shown = {(r["figure"], r["scheme"], r["colours"]) for r in desktop(figure_reports)}
    names = {r["figure"] for r in figure_reports}
    assert FIGURES <= names
    assert all((name, "light", "default") in shown and (name, "dark", "slate") in shown for name in names)
    # One drawing of each figure is shown at each width: the wide one on a
    # desktop, the phone layout (where there is one) on a phone.
    for width, reports in (("desktop", desktop(figure_reports)), ("phone", phone(figure_reports))):
        seen = [(r["path"], r["scheme"], r["figure"]) for r in reports]
        assert len(seen) == len(set(seen)), f"{width}: a figure shown twice"
        assert {r["layout"] for r in reports} <= ({None, "wide"} if width == "desktop" else {None, "phone"}), width
    # Each figure has its labels found: a plot whose text could not be measured fails here.
    assert all(len(r["labels"]) >= 10 for r in figure_reports), [
        (r["figure"], len(r["labels"])) for r in figure_reports if len(r["labels"]) < 10]


def test_every_label_is_at_least_12_px_on_a_1280_px_screen(figure_reports):
    small = {f"{r['path']} {r['figure']}": sorted({(round(label["px"], 1), label["text"])
                                                   for label in r["labels"] if round(label["px"], 2) < SMALLEST_PX})[:5]
             for r in desktop(figure_reports) if r["scheme"] == "light"}
    assert {key: value for key, value in small.items() if value} == {}


def test_every_label_is_at_least_11_px_on_a_390_px_phone(figure_reports):
    """Labels such as w_{1,2}^(h), ∂J/∂a_1 and σ′(z_1) were 6–8 px: the wide
    drawings shrank to the phone's column."""
    assert {r["figure"] for r in phone(figure_reports)} == {r["figure"] for r in desktop(figure_reports)}
    small = {f"{r['path']} {r['figure']}": sorted({(round(label["px"], 1), label["text"]) for label in r["labels"]
                                                   if round(label["px"], 2) < SMALLEST_PHONE_PX})[:5]
             for r in phone(figure_reports)}
    assert {key: value for key, value in small.items() if value} == {}


def test_figures_fit_a_390_px_phone(figure_reports):
    assert phone(figure_reports)
    for report in phone(figure_reports):
        assert report["width"] <= PHONE["width"], (report["figure"], report["width"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_label_contrasts_with_what_it_is_drawn_on(figure_reports, scheme):
    faint = {}
    for report in figure_reports:  # the phone's layouts too (light only)
        if report["scheme"] != scheme:
            continue
        low = sorted({(round(contrast(label["ink"], label["bg"]), 2), label["text"])
                      for label in report["labels"] if contrast(label["ink"], label["bg"]) < CONTRAST})
        if low:
            faint[f"{report['path']} {report['figure']} at {report['viewport']} px"] = low[:5]
    assert faint == {}


def test_a_screenshot_of_every_figure_in_each_scheme(figure_reports):
    for report in figure_reports:
        assert report["screenshot"].stat().st_size > 5_000, report["screenshot"]


