"""Every page readable on a phone (390x844) and on a desktop (1280x800), light and dark.

At 390 px: the document never scrolls sideways; a display formula, code block
or table that is wider than its box scrolls *visibly* (a scroll shadow at its
right edge, checked in the pixels, not in the CSS; a table is checked at 1280 px
too); the copy button covers no code; few
formulas need to scroll at all. At 1280 px: no code block or output is wider
than its column. Everywhere: math in admonitions is drawn at the body's size and
inline code is not broken across lines.

The measuring runs in the page, as measurements/layout_probe.js (through
measurements/layout.py); the page owner's list of what still overflows, page
by page, is measurements/layout_offenders.py.
"""

import statistics

import pytest

from measurements.layout import WIDTHS, measure, where
from sitebuild.browser import ARTIFACTS, SCHEMES, VIEWS, open_context, read_through, slug, wait_for_math
from visits import on_every_page, visits_with

PHONE, DESKTOP = VIEWS["phone"], VIEWS["desktop"]

# Pages where no display formula may need to scroll at 390 px, and the share of
# display formulas that may scroll site-wide.
NO_SCROLL_PAGES = ("/output-layer-2-2-2/", "/output-layer-m-d-t/")
MAX_SCROLLING_SHARE = 0.10
# The share of the column a notebook cell's code (or output) takes on a phone.
NOTEBOOK_SHARE = 0.95
# Output blocks whose lines were kept short for a phone: at 390 px they show
# every line whole, without scrolling (page -> block titles).
NO_SCROLL_OUTPUTS = {"/output-layer-2-2-2/": ("snippets/output_layer_2_2_2.out",)}
# A cue must change the right edge of an overflowing box by this much luminance
# (0..1) against its left edge, with the glyphs ignored (medians).
CUE_CONTRAST = 0.03

# Runs last on each visit (site_fixtures.page_visits): it opens collapsed blocks.
@on_every_page("layout", widths=tuple(WIDTHS), order=2)
def layout_on(page, path, scheme):
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


def test_outputs_kept_short_for_a_phone_do_not_scroll_there(layout_reports):
    """The 2-2-2 page's cancellation (product above a - y) is read without scrolling."""
    problems, seen = [], set()
    for r in at(layout_reports, "phone"):
        for c in r["code"]:
            if c["name"] in NO_SCROLL_OUTPUTS.get(r["path"], ()):
                seen.add((r["path"], c["name"]))
                if c["hidden"] > 1:
                    problems.append(f"{where_seen(r)}: {c['name']!r} hides {c['hidden']} px")
    assert not problems, listing(problems)
    assert seen == {(path, name) for path, names in NO_SCROLL_OUTPUTS.items() for name in names}


def test_notebook_code_gets_the_column_on_a_phone(layout_reports):
    """No prompt column beside a notebook's code on a phone: it was 242 of 358 px."""
    cells = [(r, c) for r in at(layout_reports, "phone") for c in r["code"]
             if c["kind"] in ("notebook input", "notebook output")]
    assert cells, "no notebook cell measured"
    problems = [f"{where_seen(r)}: {c['kind']} {c['name']!r} is {c['width']} px wide in a {r['column']} px column"
                for r, c in cells if c["width"] < NOTEBOOK_SHARE * r["column"]]
    assert not problems, listing(problems)


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
    read_through(page)  # a block is arranged when the reader gets near it
    prose, table = page.evaluate(LONG_OUTPUTS_STATE)
    context.close()
    assert prose["wrap"] and prose["hidden"] <= 1, f"the long line still overflows by {prose['hidden']} px"
    assert prose["first_line_rows"] > 1 and prose["indent"] > 10, \
        f"the wrapped line has no hanging indent ({prose['first_line_rows']} rows, indent {prose['indent']:.1f} px)"
    assert table["fit"] and table["hidden"] <= 1, \
        f"the column-aligned output was not drawn to fit (fit: {table['fit']}, {table['hidden']} px hidden)"
    assert abs(table["columns"][0] - table["columns"][1]) < 0.5, f"columns no longer aligned: {table['columns']}"
    assert [prose["text"], table["text"]] == originals, "the text (what the copy button copies) changed"


# Each tab of the notation page's framework comparison, opened as a reader
# taps it: its title, the table's text, how far the table and the page scroll.
FRAMEWORK_TABS = """async () => {
    const set = document.querySelector('#frameworks ~ .tabbed-set');
    if (!set) return [];
    const tabs = [];
    for (const label of set.querySelectorAll(':scope > .tabbed-labels > label')) {
        label.click();
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        const table = [...set.querySelectorAll('table')].find(t => t.getClientRects().length);
        const box = table && (table.closest('.md-typeset__scrollwrap') || table);
        tabs.push({title: label.textContent.trim(), text: table ? table.innerText : '',
                   hidden: box ? box.scrollWidth - box.clientWidth : null,
                   page: document.documentElement.scrollWidth - innerWidth});
    }
    return tabs;
}"""


def test_the_framework_comparison_reads_as_tabs_on_a_phone(browser, served_site):
    """Notation: one tab per framework, each a table that fits 390 px without
    scrolling (the four-column table scrolled sideways)."""
    _, base_url = served_site
    context = open_context(browser, base_url, "light", PHONE)
    page = context.new_page()
    page.goto(base_url + "notation/")
    wait_for_math(page)
    tabs = page.evaluate(FRAMEWORK_TABS)
    context.close()
    assert [tab["title"] for tab in tabs] == ["This site", "PyTorch", "Keras"]
    for tab in tabs:
        assert tab["hidden"] is not None and tab["hidden"] <= 1 and tab["page"] <= 0, tab
        assert "gradient of the output weights" in tab["text"], tab["title"]
    assert "nn.Linear(d, t)" in tabs[1]["text"] and "Dense(t)" in tabs[2]["text"]


def test_no_console_errors_while_measuring(layout_reports):
    problems = [f"{where_seen(r)}: {e}" for r in layout_reports for e in r["console"]]
    assert not problems, listing(problems)

