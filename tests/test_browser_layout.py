"""Every page readable on a phone (390x844) and on a desktop (1280x800), light and dark.

At 390 px: the document never scrolls sideways; a display formula, code block
or table that is wider than its box scrolls *visibly* (a scroll shadow at its
right edge, checked in the pixels, not in the CSS; a table is checked at 1280 px
too); the copy button covers no code; few
formulas need to scroll at all. At 1280 px: no code block or output is wider
than its column. Everywhere: math in admonitions is drawn at the body's size and
inline code is not broken across lines.

The page owner's offender list (what still overflows, page by page):

    .venv/bin/python tests/test_browser_layout.py --offenders [--out FILE]

builds the site, measures every page and writes /tmp/layout-offenders.md.
"""

import argparse
import io
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import pytest  # noqa: E402

from browser import open_context, sitemap_pages, slug, wait_for_math, watch_errors  # noqa: E402

from site_fixtures import SCHEMES, VIEWS, on_every_page, visits_with  # noqa: E402

PHONE, DESKTOP = VIEWS["phone"], VIEWS["desktop"]
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

# Pages where no display formula may need to scroll at 390 px, and the share of
# display formulas that may scroll site-wide.
NO_SCROLL_PAGES = ("/output-layer-2-2-2/", "/output-layer-m-d-t/")
MAX_SCROLLING_SHARE = 0.10
# A cue must change the right edge of an overflowing box by this much luminance
# (0..1) against its left edge, with the glyphs ignored (medians).
CUE_CONTRAST = 0.03

# Everything measured on one page at the current width. Boxes that overflow get a
# data-layout-probe number, so their pixels can be found in the screenshot.
LAYOUT_STATE = r"""() => {
    const root = document.documentElement;
    const vw = root.clientWidth;
    const tex = new Map();
    try {
        for (const item of MathJax.startup.document.math) tex.set(item.typesetRoot, item.math);
    } catch (e) { /* MathJax not there: fall back to the text */ }
    const clean = s => (s || '').replace(/\s+/g, ' ').trim().slice(0, 60);
    const texOf = c => clean(tex.get(c) ?? c.querySelector('mjx-assistive-mml')?.textContent ?? c.textContent);
    const style = e => getComputedStyle(e);
    const scrolls = e => ['auto', 'scroll'].includes(style(e).overflowX);
    let probe = 0;
    const mark = e => { e.dataset.layoutProbe = String(++probe); return probe; };
    const box = e => { const r = e.getBoundingClientRect();
        return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height}; };
    const inContent = e => e.closest('.md-content');

    // Display formulas: the box that scrolls is arithmatex's div (or the container).
    const display = [...document.querySelectorAll('mjx-container[display="true"]')].filter(inContent).map(c => {
        const b = c.closest('div.arithmatex') || c;
        const hidden = b.scrollWidth - b.clientWidth;
        const d = {tex: texOf(c), hidden, scrolls: scrolls(b),
                   admonition: !!c.closest('.admonition, details'), folded: !!c.closest('details')};
        if (hidden > 1) { d.probe = mark(b); d.box = box(b); }
        return d;
    });

    // Inline formulas (and anything else) sticking out past the viewport's right edge
    // without a scrolling ancestor to hold them: these widen the page.
    const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (style(a).overflowX !== 'visible') return true; } return false; };
    const wideners = new Map();
    for (const e of document.body.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.right <= vw + 0.5 || clipped(e)) continue;
        if (style(e).position === 'fixed') continue;
        // Math is reported as its container: by its TeX, and whether the ink itself
        // sticks out or only the invisible MathML kept for screen readers does.
        const c = e.closest('mjx-container');
        const key = c || e;
        const hiddenOnly = !!e.closest('mjx-assistive-mml');
        if (!c && [...e.children].some(k => k.getBoundingClientRect().right > vw + 0.5)) continue;
        const w = wideners.get(key) || {what: c ? (c.getAttribute('display') === 'true' ? 'display math' : 'inline math')
                                               : e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : ''),
                                        text: c ? texOf(c) : clean(e.textContent), hidden: 0, ink: 0,
                                        folded: !!e.closest('details')};
        w.hidden = Math.max(w.hidden, Math.round(r.right - vw));
        if (!hiddenOnly) w.ink = Math.max(w.ink, Math.round(r.right - vw));
        wideners.set(key, w);
    }

    // Code blocks: Material scrolls the <code> inside each <pre>.
    // A notebook's cells are <pre> without <code>: the <pre> scrolls there.
    const code = [...document.querySelectorAll('.md-content pre')].map(pre => {
        const c = pre.querySelector(':scope > code') || pre;
        const block = pre.closest('.highlight, .highlight-ipynb, .jp-OutputArea-output') || pre;
        const title = block.querySelector('.filename')?.textContent || '';
        // Material names the language in a class where pymdownx gives one; here
        // blocks carry none, so the title's extension, or plain text, tells.
        const ext = (title.match(/\.(\w+)(:|\s*$)/) || [])[1];
        const kind = pre.closest('.jp-OutputArea') ? 'notebook output'
                   : pre.closest('.jp-Cell, .jp-CodeCell') ? 'notebook input'
                   : /(^|\s)language-text(\s|$)/.test(block.className) ? 'text'
                   : /language-\S+/.test(block.className) ? block.className.match(/language-(\S+)/)[1]
                   : ext === 'py' ? 'python' : ['out', 'txt', 'log'].includes(ext) ? 'text'
                   : c.querySelector('span[class]') ? 'code' : 'text';
        const hidden = c.scrollWidth - c.clientWidth;
        const d = {name: clean(title || c.textContent.split('\n')[0]), kind, hidden, scrolls: scrolls(c)};
        if (hidden > 1) { d.probe = mark(c); d.box = box(c); }
        // The copy button against the first line of code (its ink, from a Range).
        const button = c === pre ? null : pre.querySelector('.md-code__nav') || pre.querySelector('button[data-md-type="copy"], .md-clipboard');
        if (button) {
            const text = c.textContent;
            const end = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
            const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let seen = 0, started = false, node;
            while ((node = walker.nextNode())) {
                if (!started) { range.setStart(node, 0); started = true; }
                if (seen + node.length >= end) { range.setEnd(node, end - seen); break; }
                seen += node.length;
            }
            const b = button.getBoundingClientRect();
            let overlap = 0;
            if (started && b.width > 0) for (const r of range.getClientRects()) {
                const w = Math.min(r.right, b.right) - Math.max(r.left, b.left);
                const h = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top);
                if (w > 0 && h > 0) overlap = Math.max(overlap, Math.round(w * h));
            }
            d.copy_overlap = overlap;
        }
        return d;
    });

    // Tables: Material wraps each in a .md-typeset__scrollwrap, which is the box that scrolls.
    const tables = [...document.querySelectorAll('.md-content table')].map(t => {
        const b = t.closest('.md-typeset__scrollwrap') || t;
        const hidden = b.scrollWidth - b.clientWidth;
        const d = {name: clean([...t.querySelectorAll('th')].map(th => th.textContent).join(' | ')), hidden,
                   scrolls: scrolls(b)};
        if (hidden > 1) { d.probe = mark(b); d.box = box(b); }
        return d;
    });

    // Punctuation right after an inline formula stays on the formula's line
    // (a line that starts with ", the error signals" reads like a slip).
    const orphans = [...document.querySelectorAll('.md-content mjx-container:not([display="true"])')].flatMap(c => {
        const formula = c.closest('span.arithmatex') || c;
        const next = formula.nextSibling;
        if (!next || next.nodeType !== 3 || !/^[,.;:!?)\]]/.test(next.textContent)) return [];
        const range = document.createRange();
        range.setStart(next, 0); range.setEnd(next, 1);
        const mark = range.getBoundingClientRect(), lines = formula.getClientRects();
        const last = lines[lines.length - 1];
        if (!last || mark.height === 0 || (mark.top + mark.bottom) / 2 < last.bottom) return [];
        return [{tex: texOf(c), text: clean(next.textContent).slice(0, 30)}];
    });

    // Math font size: in admonitions against body paragraphs.
    const size = e => parseFloat(style(e).fontSize);
    const containers = [...document.querySelectorAll('.md-content mjx-container')];
    const inAdm = containers.filter(c => c.closest('.admonition, details'));
    const inBody = containers.filter(c => !c.closest('.admonition, details, table, .jp-Cell'));
    const admonition_math = inAdm.map(c => ({tex: texOf(c), px: size(c)}));
    const body_math_px = inBody.map(size).sort((a, b) => a - b)[Math.floor(inBody.length / 2)] ?? null;

    // Inline code broken across lines: in table cells, and in prose.
    const broken = [...document.querySelectorAll('.md-content code')]
        .filter(c => !c.closest('pre') && c.getClientRects().length > 1)
        .map(c => ({text: clean(c.textContent), where: c.closest('td, th') ? 'table' : 'prose',
                    wider_than_column: c.scrollWidth > (c.closest('td, th, p, li') || c.parentElement).clientWidth}));

    return {viewport: vw, scroll_width: root.scrollWidth, pixel_ratio: devicePixelRatio, display, wideners: [...wideners.values()], code, tables, orphans,
            admonition_math, body_math_px, broken_code: broken};
}"""




def cue_contrast(image, box, scale=1.0):
    """Median luminance of the right edge strip minus that of the left, inside box."""
    left, top = round(box["x"] * scale), round(box["y"] * scale)
    right, bottom = round((box["x"] + box["w"]) * scale), round((box["y"] + box["h"]) * scale)
    bottom = min(bottom, image.height)
    if bottom - top < 4 or right - left < 40:
        return 0.0
    gray = image.convert("L")

    def median(x0, x1):
        return statistics.median(list(gray.crop((x0, top + 1, x1, bottom - 1)).tobytes())) / 255

    return abs(median(right - 10, right - 2) - median(left + 2, left + 10))


def measure(page, shot=None):
    """The layout report of the page shown (and its screenshot if a path is given)."""
    wait_for_math(page)
    # Open every collapsed block (exercises, solutions): what a reader can open
    # must fit too, and closed blocks hide their contents from measurement.
    page.evaluate("""async () => {
        document.querySelectorAll('.md-content details:not([open])').forEach(d => { d.open = true; });
        await document.fonts.ready;
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    }""")
    state = page.evaluate(LAYOUT_STATE)
    probes = [d for d in state["display"] + state["code"] + state["tables"] if d.get("probe")]
    if shot is not None or probes:
        from PIL import Image

        data = page.screenshot(full_page=True, type="jpeg", quality=70, animations="disabled")
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            shot.write_bytes(data)
        image = Image.open(io.BytesIO(data))
        scale = state["pixel_ratio"]
        for d in probes:
            d["cue"] = round(cue_contrast(image, d["box"], scale), 3)
    return state


def collect(browser, base_url, pages, scheme, width, shots=None):
    """Reports for every page at one width and scheme (for --offenders; the
    tests read theirs off site_fixtures.page_visits)."""
    context = open_context(browser, base_url, scheme, WIDTHS[width])
    reports = []
    for path in pages:
        page = context.new_page()
        errors = watch_errors(page)
        page.goto(base_url.rstrip("/") + path, wait_until="load")
        shot = None if shots is None else shots / f"{slug(path)}-{width}-{scheme}.jpg"
        reports.append(dict(measure(page, shot), path=path, scheme=scheme, width=width,
                            console=errors, screenshot=shot))
        page.close()
    context.close()
    return reports


# Runs last on each visit (site_fixtures.page_visits): it opens collapsed blocks.
@on_every_page("layout", widths=tuple(WIDTHS), order=2)
def layout_on(page, path, scheme):
    from conftest import ARTIFACTS

    width = next(name for name, size in WIDTHS.items() if size["width"] == page.viewport_size["width"])
    shot = ARTIFACTS / "layout" / f"{slug(path)}-{width}-{scheme}.jpg"
    return dict(measure(page, shot), width=width, screenshot=shot)


# --------------------------------------------------------------------------- tests

@pytest.fixture(scope="session")
def layout_reports(page_visits):
    """Every page at 390 and 1280 px, light and dark (site_fixtures.page_visits)."""
    return [dict(visit["layout"], path=visit["path"], scheme=visit["scheme"], console=visit["console"])
            for visit in visits_with(page_visits, "layout")]


def at(reports, width):
    return [r for r in reports if r["width"] == width]


def listing(problems):
    return "\n" + "\n".join(problems)


def where_seen(report):
    return f"{report['path']} ({report['width']}, {report['scheme']})"


def test_every_page_width_and_scheme_is_measured(layout_reports):
    assert {(r["width"], r["scheme"]) for r in layout_reports} == {(w, s) for w in WIDTHS for s in SCHEMES}
    assert {"/", "/output-layer-2-2-2/", "/output-layer-m-d-t/", "/notation/"} <= {r["path"] for r in layout_reports}
    assert all(r["viewport"] in (PHONE["width"], DESKTOP["width"]) for r in layout_reports)


def test_a_full_page_screenshot_per_page_width_and_scheme(layout_reports):
    for report in layout_reports:
        assert report["screenshot"].stat().st_size > 10_000, report["screenshot"]


def test_no_page_scrolls_sideways_on_a_phone(layout_reports):
    problems = [f"{where_seen(r)}: page is {r['scroll_width']} px wide for a {r['viewport']} px screen; "
                + "; ".join(f"{w['what']} {w['hidden']} px past the edge{where(w)}: {w['text']!r}" for w in r["wideners"])
                for r in at(layout_reports, "phone") if r["scroll_width"] > r["viewport"]]
    assert not problems, listing(problems)


def test_no_page_scrolls_sideways_on_a_desktop(layout_reports):
    problems = [f"{where_seen(r)}: page is {r['scroll_width']} px wide"
                for r in at(layout_reports, "desktop") if r["scroll_width"] > r["viewport"]]
    assert not problems, listing(problems)


def cue_problems(report, items, label):
    problems = []
    for item in items:
        if item["hidden"] <= 1:
            continue
        name = item.get("tex") or (f"{item['kind']} {item['name']!r}" if "kind" in item else item["name"])
        if not item["scrolls"]:
            problems.append(f"{where_seen(report)}: {label} {name!r} cut by {item['hidden']} px and does not scroll")
        elif item.get("cue", 0) < CUE_CONTRAST:
            problems.append(f"{where_seen(report)}: {label} {name!r} hides {item['hidden']} px with no visible cue "
                            f"(right edge differs from left by {item.get('cue', 0):.3f} < {CUE_CONTRAST})")
    return problems


def test_a_formula_cut_on_a_phone_shows_that_it_scrolls(layout_reports):
    problems = [p for r in layout_reports for p in cue_problems(r, r["display"], "formula")]
    assert not problems, listing(problems)


def test_few_formulas_need_to_scroll_on_a_phone(layout_reports):
    phone = [r for r in at(layout_reports, "phone") if r["scheme"] == "light"]
    scrolling = {r["path"]: [f for f in r["display"] if f["hidden"] > 1] for r in phone}
    problems = [f"{path}: {f['hidden']} px hidden: {f['tex']!r}"
                for path in NO_SCROLL_PAGES for f in scrolling.get(path, [])]
    assert not problems, "these pages promise no formula scrolls at 390 px:" + listing(problems)
    total = sum(len(r["display"]) for r in phone)
    cut = [f"{path}: {f['hidden']} px hidden: {f['tex']!r}" for path, fs in scrolling.items() for f in fs]
    assert total > 0
    assert len(cut) <= MAX_SCROLLING_SHARE * total, (
        f"{len(cut)} of {total} display formulas scroll at 390 px (at most {MAX_SCROLLING_SHARE:.0%}):" + listing(cut))


def test_a_table_cut_on_a_phone_shows_that_it_scrolls(layout_reports):
    problems = [p for r in layout_reports for p in cue_problems(r, r["tables"], "table")]
    assert not problems, listing(problems)
    assert any(t["hidden"] > 1 for r in at(layout_reports, "phone") for t in r["tables"]), \
        "no table scrolls on a phone: the cue check saw nothing to check"


def test_punctuation_after_a_formula_stays_on_its_line(layout_reports):
    problems = [f"{where_seen(r)}: {o['text']!r} starts a line after {o['tex']!r}"
                for r in layout_reports for o in r["orphans"]]
    assert not problems, listing(problems)


def test_code_fits_its_column_on_a_desktop(layout_reports):
    problems = [f"{where_seen(r)}: {c['kind']} block {c['name']!r} is {c['hidden']} px wider than its column"
                + (" (shorten the lines at the source)" if c["kind"] not in ("text", "notebook output") else "")
                for r in at(layout_reports, "desktop") if r["scheme"] == "light"
                for c in r["code"] if c["hidden"] > 1]
    assert not problems, listing(problems)


def test_code_cut_on_a_phone_shows_that_it_scrolls(layout_reports):
    problems = [p for r in at(layout_reports, "phone") for p in cue_problems(r, r["code"], "code block")]
    assert not problems, listing(problems)
    assert any(c["hidden"] > 1 for r in at(layout_reports, "phone") for c in r["code"]), \
        "no code block scrolls on a phone: the cue check saw nothing to check"


def test_the_copy_button_covers_no_code_on_a_phone(layout_reports):
    problems = [f"{where_seen(r)}: copy button covers {c['copy_overlap']} px² of the first line of {c['name']!r}"
                for r in at(layout_reports, "phone") for c in r["code"] if c.get("copy_overlap")]
    assert not problems, listing(problems)
    assert any("copy_overlap" in c for r in layout_reports for c in r["code"]), "no copy button was found"


def test_math_in_admonitions_has_the_body_size(layout_reports):
    body = [r["body_math_px"] for r in layout_reports if r["body_math_px"]]
    assert body, "no math in body paragraphs"
    site_body = statistics.median(body)
    problems = [f"{where_seen(r)}: {m['tex']!r} drawn at {m['px']:.1f} px, body math at "
                f"{(r['body_math_px'] or site_body):.1f} px"
                for r in layout_reports for m in r["admonition_math"]
                if abs(m["px"] - (r["body_math_px"] or site_body)) > 0.5]
    assert not problems, listing(problems)
    assert any(r["admonition_math"] for r in layout_reports), "no math in admonitions to check"


def test_inline_code_is_not_broken_across_lines(layout_reports):
    problems = [f"{where_seen(r)}: `{b['text']}` broken across lines in {b['where']}"
                for r in layout_reports for b in r["broken_code"] if not b["wider_than_column"]]
    assert not problems, listing(problems)


# Two recorded outputs too wide for the desktop column, put on a page as
# pymdownx renders a titled block: a long prose line (wraps, hanging indent)
# and a column-aligned table a little too wide (drawn smaller, columns kept).
LONG_OUTPUTS = r"""() => {
    const block = (title, text) => {
        const div = document.createElement('div');
        div.className = 'highlight';
        div.innerHTML = '<span class="filename"></span><pre><code></code></pre>';
        div.querySelector('.filename').textContent = title;
        div.querySelector('code').textContent = text;
        document.querySelector('.md-content article').append(div);
        return div;
    };
    const prose = 'checked: ' + 'every gradient agrees with its central differences '.repeat(4) + '\nshort line\n';
    const row = (a, b, c) => a.padEnd(30) + b.padStart(30) + c.padStart(30);
    const table = [row('parameter', 'Frobenius', 'worst entry'), row('W_out', '1.1e-09', '4.2e-09'),
                   row('W_h', '3.2e-09', '1.2e-08')].join('\n') + '\n';
    window.layoutLong = [block('long.out', prose), block('table.out', table)];
    return [prose, table];
}"""

LONG_OUTPUTS_STATE = r"""() => window.layoutLong.map(div => {
    const code = div.querySelector('code');
    const lines = [...code.querySelectorAll('.layout-line')];
    const range = document.createRange();
    let rects = [];
    if (lines.length) { range.selectNodeContents(lines[0]); rects = [...range.getClientRects()]; }
    // The left edge of each drawn row of the first line (a row may be several rects).
    const tops = [...new Set(rects.map(r => Math.round(r.top)))].sort((a, b) => a - b);
    const rows = tops.map(t => Math.min(...rects.filter(r => Math.round(r.top) === t).map(r => r.left)));
    // Where the first 'e-' of a table row is drawn (the rows' text may be split in spans or not).
    const column = n => {
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        let node, seen = 0;
        const at = code.textContent.split('\n').slice(0, n).join('\n').length + 1;
        const i = code.textContent.indexOf('e-', at);
        if (i < 0) return null;
        while ((node = walker.nextNode())) {
            if (seen + node.length > i) { range.setStart(node, i - seen); range.setEnd(node, i - seen + 1);
                                          return range.getBoundingClientRect().left; }
            seen += node.length;
        }
        return null;
    };
    return {text: code.textContent, wrap: div.classList.contains('layout-wrap'), fit: div.classList.contains('layout-fit'),
            hidden: code.scrollWidth - code.clientWidth,
            first_line_rows: rows.length,
            // A wrapped row starts right of where the line began: a hanging indent.
            indent: rows.length > 1 ? rows[1] - rows[0] : 0,
            columns: [column(1), column(2)]};
})"""


def test_long_output_wraps_or_fits_on_a_desktop(browser, served_site):
    _, base_url = served_site
    context = open_context(browser, base_url, "light", DESKTOP)
    page = context.new_page()
    page.goto(base_url + "gradient-check/")
    wait_for_math(page)
    originals = page.evaluate(LONG_OUTPUTS)
    # layout.js arranges output when the screen crosses its breakpoint.
    page.set_viewport_size(PHONE)
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(100)
    prose, table = page.evaluate(LONG_OUTPUTS_STATE)
    context.close()
    assert prose["wrap"] and prose["hidden"] <= 1, f"the long line still overflows by {prose['hidden']} px"
    assert prose["first_line_rows"] > 1 and prose["indent"] > 10, \
        f"the wrapped line has no hanging indent ({prose['first_line_rows']} rows, indent {prose['indent']:.1f} px)"
    assert table["fit"] and table["hidden"] <= 1, \
        f"the column-aligned output was not drawn to fit (fit: {table['fit']}, {table['hidden']} px hidden)"
    assert abs(table["columns"][0] - table["columns"][1]) < 0.5, f"columns no longer aligned: {table['columns']}"
    assert [prose["text"], table["text"]] == originals, "the text (what the copy button copies) changed"


def test_no_console_errors_while_measuring(layout_reports):
    problems = [f"{where_seen(r)}: {e}" for r in layout_reports for e in r["console"]]
    assert not problems, listing(problems)




# --------------------------------------------------------------------------- offenders

def where(item):
    if item.get("folded"):
        return " (in a collapsible block, once opened)"
    if item.get("admonition"):
        return " (in an admonition)"
    return ""


def offenders_markdown(phone, desktop):
    """The page owner's list: what overflows, page by page (light scheme)."""
    lines = ["# Layout offenders", "",
             "Re-run: `.venv/bin/python tests/test_browser_layout.py --offenders`", ""]
    totals = {"formulas": 0, "display": 0, "wideners": 0, "code": 0, "pages_panning": []}
    by_path = {r["path"]: r for r in desktop}
    for p in phone:
        d = by_path[p["path"]]
        formulas = [f for f in p["display"] if f["hidden"] > 1]
        wide = p["wideners"] if p["scroll_width"] > p["viewport"] else []
        code = [c for c in d["code"] if c["hidden"] > 1]
        totals["formulas"] += len(formulas)
        totals["display"] += len(p["display"])
        totals["wideners"] += len(wide)
        totals["code"] += len(code)
        if p["scroll_width"] > p["viewport"]:
            totals["pages_panning"].append(f"{p['path']} ({p['scroll_width']} px)")
        if not (formulas or wide or code):
            continue
        lines.append(f"## {p['path']}")
        lines.append("")
        if formulas:
            lines.append(f"Display formulas wider than the 390 px screen ({len(formulas)} of {len(p['display'])}):")
            lines.append("")
            lines += [f"- {f['hidden']} px hidden{where(f)}: `{f['tex']}`" for f in sorted(formulas, key=lambda f: -f["hidden"])]
            lines.append("")
        if wide:
            lines.append(f"Widen the page at 390 px (page is {p['scroll_width']} px wide):")
            lines.append("")
            lines += [f"- {w['what']}, {w['hidden']} px past the edge"
                      + ("" if w["ink"] == w["hidden"] else f" (its visible ink {w['ink']} px; the rest is MathJax's invisible MathML copy)")
                      + f"{where(w)}: `{w['text']}`" for w in wide]
            lines.append("")
        if code:
            lines.append("Code blocks wider than the 1280 px column:")
            lines.append("")
            lines += [f"- {c['kind']} `{c['name']}`: {c['hidden']} px hidden" for c in sorted(code, key=lambda c: -c["hidden"])]
            lines.append("")
    summary = [f"Display formulas needing a scroll at 390 px: {totals['formulas']} of {totals['display']}.",
               f"Pages panning sideways at 390 px: {', '.join(totals['pages_panning']) or 'none'}.",
               f"Code blocks wider than the column at 1280 px: {totals['code']}.", ""]
    return "\n".join(lines[:4] + summary + lines[4:]) + "\n"


def write_offenders(out=Path("/tmp/layout-offenders.md")):
    """Build the site, measure every page at 390 and 1280 px (light), write the list."""
    import local_site
    from playwright.sync_api import sync_playwright

    from browser import launch
    import tempfile

    with tempfile.TemporaryDirectory() as site, sync_playwright() as playwright:
        port = local_site.free_port()
        url = f"http://127.0.0.1:{port}/"
        ok, log = local_site.build(site, url)
        if not ok:
            raise SystemExit(f"mkdocs build --strict failed:\n{log}")
        server = local_site.serve(site, port)
        chromium = launch(playwright)
        try:
            pages = sitemap_pages(site)
            phone = collect(chromium, url, pages, "light", "phone")
            desktop = collect(chromium, url, pages, "light", "desktop")
        finally:
            chromium.close()
            server.shutdown()
            server.server_close()
    text = offenders_markdown(phone, desktop)
    Path(out).write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offenders", action="store_true", help="write the offender list")
    parser.add_argument("--out", default="/tmp/layout-offenders.md")
    args = parser.parse_args()
    if args.offenders:
        print(write_offenders(Path(args.out)))
    else:
        parser.print_help()
