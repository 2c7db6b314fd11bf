"""The site's chrome in headless Chromium: the search index is fetched only
once the reader searches, the search box finds Greek letters,
the notebook page's download buttons are visible and work, and its code and
outputs are styled, never clipped, and never wrapped mid-line."""

import json
import re

from sitebuild.steps import search_index
import pytest
from sitebuild.browser import arrive, open_context, sitemap_pages, wait_for_math
from sitebuild.browser import ARTIFACTS

NOTEBOOK_URL = "notebooks/train-digits/"
WIDTHS = [1280, 390]


@pytest.fixture
def open_page(browser, served_site):
    contexts = []

    def opener(path, width=1280, scheme="light"):
        context = open_context(browser, served_site[1], scheme, {"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(served_site[1] + path)
        wait_for_math(page)
        return page

    yield opener
    for context in contexts:
        assert context.foreign_requests == []
        context.close()


def search(page, query):
    """Type into Material's search box as a reader does; the result links' paths."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    # Characters off the keyboard layout (σ, ′, ∂) arrive as text without key
    # events, as pasted text does; here the index arriving starts the search
    # (test_a_symbol_typed_once_the_index_is_loaded_searches types after it).
    box.type(query, delay=30)
    page.wait_for_function("""() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)""")
    for _ in range(10):  # Material renders results in batches as the list scrolls
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(100)
    return page.eval_on_selector_all(".md-search-result__link",
                                     "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")


def found_only_in_formulas(site, token):
    """Sections (like 'notation/#symbols') whose text has `token` in a formula but
    not in the prose around it: only the index's Unicode readings can find them."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    formula = re.compile(r"<span hidden>(.*?)</span>", re.S)
    entries = set()
    for doc in index["docs"]:
        prose, formulas, text = [doc["title"]], [], doc["text"]
        while match := formula.search(text):
            tex = re.sub(r"^\\\(|^\\\[|^\$+|\\\)$|\\\]$|\$+$", "", match.group(1))
            reading = search_index.tex_to_unicode(tex)
            prose.append(text[:match.start()].removesuffix(reading))
            formulas += [reading, tex]
            text = text[match.end():]
        prose.append(text)
        # A page's own entry is listed whenever one of its sections is found: skip it.
        if "#" not in doc["location"]:
            continue
        if token.lower() in " ".join(formulas).lower() and token.lower() not in "".join(prose).lower():
            entries.add(doc["location"])
    return entries


@pytest.mark.parametrize("query, token", [("σ", "σ"), ("δ", "δ"), ("σ′", "σ′"), ("sigma", "sigma"),
                                          ("∂J/∂W", "∂J")])
def test_search_box_finds_greek_letters_in_formulas(open_page, served_site, query, token):
    page = open_page("")
    found = search(page, query)
    paths = {entry.split("#")[0] for entry in found}
    assert "/sigma-prime/" in paths and "/output-layer-2-2-2/" in paths, found
    only_in_formulas = found_only_in_formulas(served_site[0], token)
    assert only_in_formulas, f"no index entry has {token} in a formula only: pick another query"
    assert {"/" + entry for entry in only_in_formulas} & set(found), (
        f"nothing found that has {query} only in a formula: {sorted(only_in_formulas)[:5]}")
    if query == "σ′":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-sigma-prime.png"))


def index_requests(page):
    """A list that fills with the page's requests for the search index."""
    requests = []
    page.on("request", lambda request: requests.append(request.url)
            if request.url.endswith("/search/search_index.json") else None)
    return requests


def test_no_page_fetches_the_search_index_until_the_reader_searches(browser, served_site):
    site, base_url = served_site
    context = open_context(browser, base_url, "light", {"width": 1280, "height": 900})
    page = context.new_page()
    requests = index_requests(page)
    page.goto(base_url, wait_until="networkidle")
    page.evaluate("window.stillTheSameDocument = true")  # lost on a full reload
    for path in [path for path in sitemap_pages(site) if path != "/"]:  # instant navigation
        page.click(f'.md-sidebar--primary a.md-nav__link[href$="{path.strip("/")}/"]')
        arrive(page, base_url.rstrip("/") + path)
        page.wait_for_load_state("networkidle")
    assert page.evaluate("window.stillTheSameDocument === true"), "navigation reloaded the page"
    assert requests == [], f"the search index was fetched before any search: {requests}"
    assert search(page, "softmax"), "no results once the index was fetched"
    assert len(requests) == 1, requests
    context.close()


@pytest.mark.parametrize("width, reach", [(1280, "/"), (1280, "s"), (390, "tap")])
def test_reaching_for_search_fetches_the_index_and_finds(open_page, width, reach):
    page = open_page("", width)
    requests = index_requests(page)
    page.wait_for_load_state("networkidle")
    assert requests == []
    if reach == "tap":  # the phone header's magnifier
        page.locator("label.md-header__button[for=__search]").click()
    else:
        page.keyboard.press(reach)
    page.wait_for_function("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.type("cancels", delay=30)
    page.wait_for_function("""() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)""")
    assert page.locator(".md-search-result__link").count() > 0
    assert len(requests) == 1, requests


def test_a_symbol_typed_once_the_index_is_loaded_searches(open_page):
    """σ′ arrives as text with no key press, as pasted text does; Material
    searches on key presses, and on the index arriving: type it afterwards."""
    page = open_page("")
    first = {path.split("#")[0] for path in search(page, "mutants")}
    assert "/about/" in first and "/sigma-prime/" not in first, first
    box = page.locator(".md-search__input")
    box.fill("")
    page.keyboard.insert_text("σ′")
    page.wait_for_function("() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)"
                           " && document.querySelector('.md-search-result__link[href*=\"sigma-prime\"]')")


def test_a_search_result_link_highlights_its_words_on_arrival(open_page):
    page = open_page("sigma-prime/?h=cancels")
    page.wait_for_selector("article mark[data-md-highlight]", timeout=5000)
    assert "cancels" in page.locator("article mark[data-md-highlight]").first.inner_text().lower()


@pytest.mark.parametrize("width", WIDTHS)
def test_notebook_download_buttons_are_visible_and_work(open_page, width):
    page = open_page(NOTEBOOK_URL, width)
    buttons = page.locator(".notebook-downloads a")
    assert buttons.count() == 2
    title = page.locator("article h1").first.bounding_box()
    for i in range(2):
        button = buttons.nth(i)
        assert button.is_visible() and button.get_attribute("download") is not None
        box = button.bounding_box()
        assert box["y"] < 900 and box["x"] >= 0 and box["x"] + box["width"] <= width
        overlaps = not (box["y"] + box["height"] <= title["y"] or title["y"] + title["height"] <= box["y"]
                        or box["x"] + box["width"] <= title["x"] or title["x"] + title["width"] <= box["x"])
        assert not overlaps, f"button {i} overlaps the title"
        url = page.evaluate("a => a.href", button.element_handle())
        response = page.request.get(url)
        assert response.ok, url
        if url.endswith(".ipynb"):
            assert json.loads(response.text())["nbformat"] == 4
        else:
            assert url.endswith(".py") and "# %%" in response.text()


# Every code cell's and output's box: fits, or scrolls sideways itself (and is
# not clipped by a box around it); an output's lines never wrap.
OVERFLOW = """() => {
    const wrapper = document.querySelector('.jupyter-wrapper');
    const right = wrapper.getBoundingClientRect().right + 0.5;
    const boxes = [...wrapper.querySelectorAll('.highlight-ipynb, .highlight-ipynb pre, '
                                              + '.jp-OutputArea-output, .jp-OutputArea-output pre')];
    const bad = [];
    for (const el of boxes) {
        const style = getComputedStyle(el);
        const name = el.tagName + '.' + el.className;
        if (el.scrollWidth > el.clientWidth + 1 && !['auto', 'scroll'].includes(style.overflowX))
            bad.push(name + ' overflows with overflow-x ' + style.overflowX);
        if (el.getBoundingClientRect().right > right)
            bad.push(name + ' reaches past the notebook at ' + el.getBoundingClientRect().right);
    }
    const outputs = [...wrapper.querySelectorAll('.jp-OutputArea-output pre')];
    for (const pre of outputs)
        if (getComputedStyle(pre).whiteSpace !== 'pre')
            bad.push('output pre with white-space ' + getComputedStyle(pre).whiteSpace);
    return {bad, code: wrapper.querySelectorAll('.highlight-ipynb pre').length, outputs: outputs.length};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_notebook_code_and_outputs_fit_or_scroll_and_never_wrap(open_page, width):
    page = open_page(NOTEBOOK_URL, width)
    result = page.evaluate(OVERFLOW)
    assert result["code"] >= 5 and result["outputs"] >= 3
    assert result["bad"] == []


STYLED = """() => {
    const prompt = document.querySelector('.jp-InputPrompt');
    const code = document.querySelector('.highlight-ipynb');
    const keyword = document.querySelector('.highlight-ipynb .k, .highlight-ipynb .kn');
    return {
        sheet: [...document.styleSheets].some(s => (s.href || '').includes('/assets/notebook/jupyter.')),
        prompt: getComputedStyle(prompt).fontFamily,
        background: getComputedStyle(code).backgroundColor,
        keyword: getComputedStyle(keyword).color,
        text: getComputedStyle(code.querySelector('pre')).color,
    };
}"""


def assert_styled(style):
    assert style["sheet"], "the notebook's stylesheet is not loaded"
    assert "mono" in style["prompt"].lower(), style  # JupyterLab's prompt font
    assert style["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), style
    assert style["keyword"] != style["text"], "code is not highlighted"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_notebook_is_styled_on_load_and_after_instant_navigation(open_page, served_site, scheme):
    page = open_page(NOTEBOOK_URL, 1280, scheme)
    assert_styled(page.evaluate(STYLED))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"notebook-1280-{scheme}.png"), full_page=True)

    home = open_page("", 1280, scheme)
    # On a loaded machine a click can come before Material's deferred bundle has set up
    # instant navigation (the page then reloads): wait for it, as a reader's click waits.
    home.wait_for_function("() => typeof window.document$ !== 'undefined'")
    home.wait_for_load_state("networkidle")
    home.evaluate("() => { window.stillTheSameDocument = true; }")
    home.click(f'.md-nav a[href$="{NOTEBOOK_URL}"]')
    arrive(home, f"**/{NOTEBOOK_URL}")
    home.wait_for_function("() => [...document.styleSheets].some(s => (s.href || '').includes('/assets/notebook/'))")
    home.wait_for_load_state("networkidle")
    assert home.evaluate("() => window.stillTheSameDocument === true"), "instant navigation was not used"
    assert_styled(home.evaluate(STYLED))
