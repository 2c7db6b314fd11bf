"""Every page as a reader's browser sees it: headless Chromium driven by Playwright.

The pages are discovered from the built sitemap, and each is visited in the
light and the dark scheme. Without a browser these tests skip with a line
naming what to install; under CI (CI=true) a missing browser is a failure.
"""

import io
import re

import pytest
from PIL import Image

from sitebuild.browser import arrive, open_context, sitemap_pages, wait_for_math, watch_errors
from sitebuild.browser import read_through
from visits import on_every_page, visits_with

VIEWPORT = {"width": 1280, "height": 900}

# Counts per page: math elements, those without exactly one typeset container,
# formulas without their assistive MathML, TeX left in the visible text (a
# delimiter or a macro outside code), MathJax errors, undefined macros (shown
# in red), MathJax scripts loaded (the math is typeset when the site is
# built), images that did not load, code blocks without a copy button, and
# displayed equations too wide for the page (they would need a scroll bar).
PAGE_STATE = """() => {
    const visibleText = [];
    const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT, {
        acceptNode: n => n.parentElement.closest('pre, code, script, style, template, mjx-assistive-mml, .jp-OutputArea, .clipboard-copy-txt')
            ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
    // (Code, the invisible MathML, a notebook cell's hidden copy-button text are not prose.)
    while (walker.nextNode()) visibleText.push(walker.currentNode.textContent);
    const tex = /\\\\[()[\\]]|\\$\\$|\\$[^$\\s][^$]*\\$|\\\\[a-zA-Z]{2,}/;
    const math = [...document.querySelectorAll('.arithmatex')];
    // A notebook's Markdown cells hold $-delimited math; once typeset, no $ is left.
    const notebookMarkdown = [...document.querySelectorAll('.jp-RenderedMarkdown')];
    const images = [...document.querySelectorAll('.md-content img')];
    // Code blocks, not a notebook's printed outputs. Material gives each a copy
    // button; mkdocs-jupyter gives each input cell a <clipboard-copy> element.
    const blocks = [...document.querySelectorAll('.md-content pre')]
        .filter(b => !b.closest('.jp-OutputArea'));
    const hasCopy = b => b.querySelector('button[data-md-type="copy"]') ||
        (customElements.get('clipboard-copy') && b.closest('.jp-CodeMirrorEditor')?.querySelector('clipboard-copy'));
    return {
        math: document.querySelectorAll('mjx-container').length,
        untypeset: math.filter(e => e.querySelectorAll('mjx-container').length !== 1)
                       .map(e => e.textContent.slice(0, 60))
                       .concat(notebookMarkdown.filter(e => e.textContent.includes('$'))
                                               .map(e => e.textContent.slice(0, 60))),
        no_mathml: [...document.querySelectorAll('mjx-container')]
                       .filter(c => !c.querySelector(':scope > mjx-assistive-mml > math'))
                       .map(c => c.textContent.slice(0, 60)),
        raw_tex: visibleText.filter(s => tex.test(s)).map(s => s.trim().slice(0, 60)),
        mathjax_scripts: performance.getEntriesByType('resource').map(r => r.name)
                             .filter(name => /mathjax.*\\.js/i.test(name)),
        errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
        undefined: [...document.querySelectorAll('mjx-mtext[style*="color: red"]')]
                       .map(e => e.textContent.slice(0, 40)),
        broken_images: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
        images: images.length,
        no_copy_button: blocks.filter(b => !hasCopy(b))
                              .map(b => b.textContent.slice(0, 40)),
        code_blocks: blocks.length,
        overflowing_math: [...document.querySelectorAll('div.arithmatex')]
                              .filter(e => e.scrollWidth > e.clientWidth + 1)
                              .map(e => e.textContent.slice(0, 60)),
    };
}"""




# Loaded afresh: instant navigation keeps the first page's <head>, so a script
# that one page loads there (MathJax's, say) would only show on a fresh load.
@on_every_page("state", fresh=True)
def page_state(page, path, scheme):
    at_load = dict(page.evaluate(MATH_FONTS), code_in_skippable=page.evaluate(CODE_IN_SKIPPABLE))
    read_through(page)
    page.evaluate(IMAGES_SETTLED)
    return dict(page.evaluate(PAGE_STATE), **at_load)


# A lazy image starts loading when the reader scrolls near it: give every one
# that started the time a reader would (10 s at most) to load or to fail.
IMAGES_SETTLED = """() => Promise.all([...document.querySelectorAll('.md-content img')].map(image =>
    image.complete ? null : new Promise(done => {
        image.addEventListener('load', done); image.addEventListener('error', done); setTimeout(done, 10000); })))"""


# Material measures every code block when a page starts; a code block in a
# block the browser may skip (docs/stylesheets/offscreen.css) would be rendered
# there and then, alone, a forced layout per block on the phone's start-up.
CODE_IN_SKIPPABLE = """() => [...document.querySelectorAll('.md-content__inner > *')]
    .filter(block => block.querySelector('pre') && getComputedStyle(block).contentVisibility === 'auto')
    .map(block => block.textContent.trim().slice(0, 40))"""


# Before the reader scrolls: the MathJax fonts the browser has loaded to draw
# the page (a preload alone leaves a face unloaded), the fonts of the formulas
# on the screen, and the font files the page preloads.
MATH_FONTS = """async () => {
    await document.fonts.ready;
    const onScreen = [...document.querySelectorAll('.md-content mjx-c')].filter(c => {
        const box = c.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight && box.width > 0;
    });
    return {fonts_used: [...document.fonts].filter(f => f.family.startsWith('MJX') && f.status === 'loaded')
                                           .map(f => f.family),
            fonts_on_screen: [...new Set(onScreen.map(c => getComputedStyle(c).fontFamily.split(',').pop().trim()))],
            fonts_preloaded: [...document.querySelectorAll('link[rel=preload][as=font]')]
                                 .map(link => new URL(link.href).pathname.split('/').pop())};
}"""


@pytest.fixture(scope="session")
def page_reports(page_visits):
    """Every page at 1280 px in both schemes (site_fixtures.page_visits): the tests below read these reports."""
    return [dict(visit["state"], path=visit["path"], scheme=visit["scheme"], console=visit["console"],
                 foreign=visit["foreign"]) for visit in visits_with(page_visits, "state")]


def failures(reports, key):
    return {f"{r['path']} ({r['scheme']})": r[key] for r in reports if r[key]}


def test_pages_are_discovered_from_the_sitemap(page_reports):
    paths = {report["path"] for report in page_reports}
    assert {"/", "/output-layer-2-2-2/", "/output-layer-m-d-t/", "/notation/"} <= paths


def test_no_code_block_waits_in_a_skipped_block(page_reports):
    assert failures(page_reports, "code_in_skippable") == {}


def test_every_math_element_is_typeset_once(page_reports):
    assert failures(page_reports, "untypeset") == {}
    assert all(report["math"] > 0 for report in page_reports)


def test_no_mathjax_errors_or_undefined_macros(page_reports):
    assert failures(page_reports, "errors") == {}
    assert failures(page_reports, "undefined") == {}


def test_no_tex_left_in_the_visible_text(page_reports):
    assert failures(page_reports, "raw_tex") == {}


def test_every_formula_keeps_its_assistive_mathml(page_reports):
    assert failures(page_reports, "no_mathml") == {}


def test_no_page_loads_mathjax_javascript(page_reports):
    assert failures(page_reports, "mathjax_scripts") == {}


def test_each_page_preloads_the_math_fonts_of_its_first_screen(page_reports, built_site):
    """A preload the page does not use costs its bytes on every first visit; a
    font the first screen uses without a preload paints its math late. Fonts
    that only later blocks use load when the reader gets there."""
    css = (built_site / "assets" / "mathjax" / "chtml.css").read_text(encoding="utf-8")
    file_of = dict(re.findall(r"font-family: (MJX[\w-]+);\s*src: url\(\"[^\"]*/([^/\"]+)\"", css))
    wrong = {}
    for report in page_reports:
        used = {file_of[family] for family in report["fonts_used"]}
        on_screen = {file_of[family] for family in report["fonts_on_screen"] if family in file_of}
        preloaded = set(report["fonts_preloaded"])
        if not preloaded <= used or not on_screen <= preloaded:
            wrong[f"{report['path']} ({report['scheme']})"] = {"unused preloads": sorted(preloaded - used),
                                                               "on screen, not preloaded": sorted(on_screen - preloaded)}
    assert wrong == {}
    assert any(len(r["fonts_on_screen"]) > 2 for r in page_reports), "no formula measured on a first screen"


def test_no_request_leaves_the_site(page_reports):
    assert failures(page_reports, "foreign") == {}


def test_no_console_errors_or_uncaught_exceptions(page_reports):
    assert failures(page_reports, "console") == {}


def test_every_image_loads(page_reports):
    assert failures(page_reports, "broken_images") == {}


def test_every_code_block_has_a_copy_button(page_reports):
    assert failures(page_reports, "no_copy_button") == {}
    assert sum(report["code_blocks"] for report in page_reports) > 0


def test_displayed_equations_fit_the_page(page_reports):
    assert failures(page_reports, "overflowing_math") == {}


def test_instant_navigation_shows_every_page_s_math(browser, served_site):
    site, base_url = served_site
    context = open_context(browser, base_url, "light", VIEWPORT)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(base_url)
    wait_for_math(page)
    page.evaluate("window.stillTheSameDocument = true")  # lost on a full reload
    targets = [path for path in sitemap_pages(site) if path != "/"]
    for path in targets:
        page.click(f'.md-sidebar--primary a.md-nav__link[href$="{path.strip("/")}/"]')
        arrive(page, base_url.rstrip("/") + path)
        state = page.evaluate(PAGE_STATE)
        assert state["math"] > 0 and state["untypeset"] == [], path
        page.go_back()
        arrive(page, base_url)
        assert page.evaluate(PAGE_STATE)["untypeset"] == [], f"home, back from {path}"
    assert page.evaluate("window.stillTheSameDocument === true"), "navigation reloaded the page"
    assert errors == [] and context.foreign_requests == []
    context.close()


# From the page's first script on, the changes to <html>'s classes and to a
# stylesheet's address made once the <body> exists, when the page may be drawn:
# each makes the browser restyle every element (a stylesheet is parsed again).
# overrides/partials/before-bundle.html makes Material's in <head> instead.
WATCH_LATE_RESTYLES = """window.lateRestyles = [];
new MutationObserver(records => { for (const r of records) {
    const watched = r.target === document.documentElement ? r.attributeName === 'class'
        : r.target.matches('link[rel~="stylesheet"]') && r.attributeName === 'href';
    const now = r.target.getAttribute(r.attributeName);
    if (watched && document.body && now !== r.oldValue)
        window.lateRestyles.push(`<${r.target.tagName.toLowerCase()}> ${r.attributeName}: ${r.oldValue} -> ${now}`);
}}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                       attributeFilter: ['class', 'href']});"""


def test_material_s_start_up_restyles_nothing_once_the_page_is_drawn(browser, served_site):
    site, base_url = served_site
    context = open_context(browser, base_url, "light", VIEWPORT)
    context.add_init_script(WATCH_LATE_RESTYLES)
    late = {}
    for path in sitemap_pages(site):
        page = context.new_page()
        page.goto(base_url.rstrip("/") + path, wait_until="networkidle")
        late[path] = page.evaluate("window.lateRestyles")
        page.close()
    context.close()
    assert {path: changes for path, changes in late.items() if changes} == {}


def luminance(rgb):
    r, g, b = (channel / 255 for channel in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    """WCAG contrast ratio of two sRGB colours (0-255 channels)."""
    def relative(rgb):
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((relative(a), relative(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


PALETTE_STATE = """() => ({
    scheme: document.body.getAttribute('data-md-color-scheme'),
    shown: [...document.querySelectorAll('form[data-palette] label')].filter(l => !l.hidden).map(l => l.title),
    meta: document.querySelector('meta[name=color-scheme]').content,
    switching: document.body.hasAttribute('data-md-color-switching'),
})"""


def palette_state(page):
    return page.evaluate(PALETTE_STATE)


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_colour_toggle_follows_the_system_then_the_reader(browser, served_site, system):
    # overrides/partials/palette.html runs the toggle in Material's place: a
    # first visit follows the OS; the reader's switch (click or Enter) sticks,
    # across a fresh load and instant navigation; one label is shown.
    _, base_url = served_site
    context = open_context(browser, base_url, system, VIEWPORT)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(base_url + "notation/", wait_until="load")
    light = {"scheme": "default", "shown": ["Switch to dark mode"], "meta": "light", "switching": False}
    dark = {"scheme": "slate", "shown": ["Switch to light mode"], "meta": "dark", "switching": False}
    first, other = (light, dark) if system == "light" else (dark, light)
    assert palette_state(page) == first
    page.click(f'label[title="{first["shown"][0]}"]')
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    assert palette_state(page) == other
    page.reload(wait_until="load")
    assert palette_state(page) == other
    page.locator('.md-nav--primary a[href$="output-layer-2-2-2/"]').first.click()
    arrive(page, "**/output-layer-2-2-2/")
    assert palette_state(page) == other
    page.focus("form[data-palette] input:checked")  # where Tab puts a keyboard reader
    page.keyboard.press("Enter")
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    assert palette_state(page)["scheme"] in {"default", "slate"}
    page.reload(wait_until="load")
    assert palette_state(page) == first, "Enter toggled the scheme back, and the choice was stored"
    page.wait_for_function("document.querySelector('meta[name=theme-color]').content.startsWith('rgb')")
    assert errors == []
    context.close()


# Each figure has two drawings (figures.css shows one): the wide one on a
# desktop, the phone one below 45em. Each is checked where it is shown.
DRAWINGS = {"wide": (VIEWPORT, '.md-content svg.bp-fig:not([data-layout="phone"])'),
            "phone": ({"width": 390, "height": 844}, '.md-content svg.bp-fig[data-layout="phone"]')}


def dark_page(browser, base_url, viewport):
    """The 2-2-2 page, switched to dark by the reader's toggle (not the OS setting)."""
    context = open_context(browser, base_url, "light", viewport)
    page = context.new_page()
    page.goto(base_url + "output-layer-2-2-2/")
    wait_for_math(page)
    page.click('label[title="Switch to dark mode"]')
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    return context, page


def assert_dark_drawing(image, page_rgb, name):
    """Its background is the dark page (no light card); its brightest ink contrasts with it (WCAG >= 4.5)."""
    width, height = image.size
    pixels = [image.getpixel((x, y)) for x in range(2, width - 2, 2) for y in range(2, height - 2, 2)]
    # The figure's background: its most common colour, and the mid-points of its edges.
    common = max(set(pixels), key=pixels.count)
    edges = [(width // 2, 4), (width // 2, height - 5), (4, height // 2), (width - 5, height // 2)]
    assert luminance(common) < 0.3, f"{name} has a light background {common}"
    assert all(abs(luminance(image.getpixel(edge)) - luminance(page_rgb)) < 0.05 for edge in edges), (
        f"{name} sits on a card, not on the page")
    # Its ink: the brightest pixels (text and lines), against that background.
    brightest = sorted(pixels, key=luminance)[-max(20, len(pixels) // 500)]
    assert contrast(brightest, common) >= 4.5, f"{name}: ink {brightest} on {common}"


@pytest.mark.parametrize("layout", DRAWINGS)
def test_dark_mode_keeps_figures_and_math_legible(browser, served_site, layout):
    # Measured on pixels, each drawing where a reader sees it: the wide ones
    # at 1280 px, the phone ones at 390 px; none is skipped for being hidden.
    _, base_url = served_site
    viewport, selector = DRAWINGS[layout]
    context, page = dark_page(browser, base_url, viewport)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page_rgb = [int(v) for v in re.findall(r"\d+", background)][:3]
    assert luminance(page_rgb) < 0.3
    figures = page.locator(selector)
    assert figures.count() >= 3
    for index in range(figures.count()):
        figure = figures.nth(index)
        name = f"{layout} figure {index} ({figure.get_attribute('class')})"
        assert figure.is_visible(), f"{name} is hidden at {viewport['width']} px"
        figure.scroll_into_view_if_needed()
        assert_dark_drawing(Image.open(io.BytesIO(figure.screenshot(timeout=10_000))).convert("RGB"), page_rgb, name)
    math_colour = page.evaluate("getComputedStyle(document.querySelector('mjx-container')).color")
    assert luminance([int(v) for v in re.findall(r"\d+", math_colour)]) > 0.6
    context.close()
