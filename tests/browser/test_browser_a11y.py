"""Accessibility: axe-core on every page of the sitemap, in the light and the dark scheme.

axe-core (4.12.1, shipped inside the pinned axe-playwright-python wheel and
injected into the page; nothing is fetched) runs on each page once MathJax has
typeset it, with every rule axe runs by default: no rule is switched off and no
element is left out. A serious or critical violation fails; so does a moderate
or minor one, unless it is listed in PENDING with who must fix it.

axe cannot judge the contrast of text on a background gradient (it reports
those elements as "incomplete", not as violations), and the code blocks carry
one (the scroll cues of stylesheets/layout.css). So the contrast of every
highlighted code token against its block's background is also measured here,
from the computed colours (stylesheets/a11y.css sets them).
"""

from math import floor

import pytest
from axe_playwright_python.sync_playwright import Axe

from sitebuild.browser import arrive, open_context, sitemap_pages, wait_for_math
from sitebuild.browser import SCHEMES, read_through
from visits import on_every_page, visits_with

BLOCKING = {"serious", "critical"}
TARGETS_SHOWN = 3
AA_TEXT = 4.5

# Moderate or minor violations that only someone else can fix, by (rule, page):
# each says who and what. An entry that no longer occurs fails the test, so
# the list only shrinks.
PENDING = {}

# Every highlighted token in the content's code blocks (Material's and the
# notebook's): its colour, blended over the first opaque background behind it
# (ancestor opacity included), and the WCAG contrast ratio between the two.
# Grouped by token class and colours, with a count and a sample.
TOKEN_CONTRAST = """() => {
    const parse = text => {
        const m = text.match(/^rgba?\\(([^)]*)\\)$/);
        if (!m) return null;
        const v = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
    };
    const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3]));
    const background = element => {
        const layers = [];
        for (let e = element; e; e = e.parentElement) {
            const colour = parse(getComputedStyle(e).backgroundColor);
            if (colour && colour[3] > 0) { layers.push(colour); if (colour[3] >= 1) break; }
        }
        return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
    };
    const luminance = rgb => {
        const [r, g, b] = rgb.map(c => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a, b) => {
        const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (high + 0.05) / (low + 0.05);
    };
    const hex = rgb => '#' + rgb.map(c => Math.round(c).toString(16).padStart(2, '0')).join('');
    const groups = {};
    const tokens = document.querySelectorAll('.md-content pre span[class], .md-content pre code');
    for (const token of tokens) {
        const ownText = [...token.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!ownText) continue;
        const style = getComputedStyle(token);
        const colour = parse(style.color);
        if (!colour) continue;
        let alpha = colour[3];
        for (let e = token; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
        const behind = background(token);
        const ink = over([colour[0], colour[1], colour[2], alpha], behind);
        const value = ratio(ink, behind);
        const key = `${token.className || token.tagName.toLowerCase()} ${hex(ink)} on ${hex(behind)}`;
        const group = groups[key] || (groups[key] = {key, ratio: value, count: 0,
                                                     sample: token.textContent.trim().slice(0, 30)});
        group.count += 1;
    }
    return Object.values(groups);
}"""


@on_every_page("a11y")
def audit(page, path, scheme):
    read_through(page)  # the audit sees every block as a reader reaching it does
    return {"violations": Axe().run(page).response["violations"], "tokens": page.evaluate(TOKEN_CONTRAST)}


@pytest.fixture(scope="session")
def audits(page_visits):
    """axe's violations and the code tokens' contrast, per page and scheme at 1280 px (site_fixtures.page_visits)."""
    visits = visits_with(page_visits, "a11y")
    for visit in visits:
        assert visit["foreign"] == [], visit["foreign"]
    return [dict(visit["a11y"], path=visit["path"], scheme=visit["scheme"], errors=visit["console"])
            for visit in visits]


def describe(result, violation):
    nodes = violation["nodes"]
    targets = ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                        for node in nodes[:TARGETS_SHOWN])
    more = f" (+{len(nodes) - TARGETS_SHOWN} more)" if len(nodes) > TARGETS_SHOWN else ""
    return (f"{violation['id']} [{violation['impact']}] on {result['path']} ({result['scheme']}): "
            f"{len(nodes)} element(s): {targets}{more} -- {violation['help']}")


def test_every_page_is_audited_in_both_schemes(audits, served_site):
    site, _ = served_site
    pages = set(sitemap_pages(site))
    assert {"/", "/notation/", "/notebooks/train-digits/"} <= pages
    assert {(r["path"], r["scheme"]) for r in audits} == {(p, s) for p in pages for s in SCHEMES}
    assert all(r["errors"] == [] for r in audits), [(r["path"], r["errors"]) for r in audits if r["errors"]]


def test_no_serious_or_critical_accessibility_violations(audits):
    found = [describe(result, violation) for result in audits for violation in result["violations"]
             if violation["impact"] in BLOCKING]
    assert not found, f"{len(found)} serious or critical axe violation(s):\n" + "\n".join(found)


def test_no_moderate_or_minor_violations_beyond_those_pending(audits):
    found, seen = [], set()
    for result in audits:
        for violation in result["violations"]:
            if violation["impact"] in BLOCKING:
                continue
            key = (violation["id"], result["path"])
            seen.add(key)
            if key not in PENDING:
                found.append(describe(result, violation))
    assert not found, f"{len(found)} moderate or minor axe violation(s):\n" + "\n".join(found)
    stale = sorted(set(PENDING) - seen)
    assert not stale, f"fixed, remove from PENDING: {stale}"


def test_every_code_token_has_aa_contrast(audits):
    tokens = [group for result in audits for group in result["tokens"]]
    assert len(tokens) > 20, "no highlighted code found: the selector no longer matches"
    # Rounded down, so 4.497 shows as 4.49, not as a passing-looking 4.50.
    low = [f"{result['path']} ({result['scheme']}): {group['key']}, {floor(group['ratio'] * 100) / 100:.2f}:1, "
           f"{group['count']}x, e.g. {group['sample']!r}"
           for result in audits for group in result["tokens"] if group["ratio"] < AA_TEXT]
    assert not low, f"code tokens below {AA_TEXT}:1:\n" + "\n".join(low)


def test_notebook_scroll_boxes_are_focusable_after_instant_navigation(browser, served_site):
    # a11y.js runs on Material's document$: a page reached by instant
    # navigation (no reload) must get its scroll boxes' tabindex and name too.
    # On a phone the notebook's code cells scroll (on a desktop they fit), and the
    # navigation drawer is closed, so follow the home page's own link to it.
    _, base_url = served_site
    context = open_context(browser, base_url, "light", {"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url)
    wait_for_math(page)
    page.evaluate("window.stillTheSameDocument = true")
    page.click('.md-content a[href$="notebooks/train-digits/"]')
    arrive(page, base_url + "notebooks/train-digits/")
    # a11y.js runs on document$, just after the content is swapped in.
    page.wait_for_function(
        "document.querySelector('.md-content .jupyter-wrapper pre[tabindex=\"0\"]') !== null")
    assert page.evaluate("window.stillTheSameDocument === true"), "navigation reloaded the page"
    read_through(page)  # a box far down is looked at once the reader reaches it
    boxes = page.evaluate("""() => [...document.querySelectorAll('.md-content .jupyter-wrapper pre')]
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => [e.getAttribute('tabindex'), e.getAttribute('aria-label')])""")
    assert boxes, "no notebook box scrolls at this width: the check proves nothing"
    unreachable = [label for tabindex, label in boxes if tabindex != "0" or not label]
    assert not unreachable, (f"{len(unreachable)} of {len(boxes)} scrolling notebook boxes lack "
                             f"tabindex=0 or a name after instant navigation (a11y.js)")
    violations = Axe().run(page).response["violations"]
    found = [describe(dict(path="/notebooks/train-digits/ (instant)", scheme="light"), violation)
             for violation in violations if violation["impact"] in BLOCKING]
    assert not found, "\n".join(found)
    context.close()
