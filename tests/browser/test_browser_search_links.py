"""Search result links in headless Chromium: a page listed only because its
sections matched links with the terms found there, never with an empty `?h=`
(docs/javascripts/search-links.js)."""

from urllib.parse import parse_qs, urlparse

from sitebuild.browser import arrive, open_context, wait_for_math


def result_links(page, query):
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.type(query, delay=30)
    page.wait_for_function("""() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)""")
    page.wait_for_timeout(200)  # the observer mends a batch right after Material renders it
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def highlight(href):
    """The h parameter of a link: None if it has none, '' if it is empty."""
    values = parse_qs(urlparse(href).query, keep_blank_values=True).get("h")
    return values[0] if values else None


def test_no_search_result_links_an_empty_highlight(browser, served_site):
    site, url = served_site
    context = open_context(browser, url, "light", {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "biases/")
    wait_for_math(page)
    # "mutants" is only in a section of About, not in its opening text: About is
    # listed as a page above that section, the case that linked "?h=".
    links = result_links(page, "mutants")
    about = [href for href in links if urlparse(href).path == "/about/" and not urlparse(href).fragment]
    assert about, links
    assert [highlight(href) for href in links if highlight(href) != "mutants"] == [], links
    # After instant navigation the search box is the same one: still mended.
    page.keyboard.press("Escape")
    page.locator(".md-sidebar--primary a.md-nav__link[href$='softmax/']").first.click()
    arrive(page, "**/softmax/")
    links = result_links(page, "softmax")
    assert links and "" not in [highlight(href) for href in links], links
    assert context.foreign_requests == []
    context.close()
