"""The "What is checked" page as a student opens it on a phone: the summary
per page first, in a table that fits 390 px, and each page's long list of
equations and test ids folded below it (sitebuild/checker/ledger.py)."""

from sitebuild import checker as eq
from sitebuild.browser import open_context, wait_for_math


def test_the_summary_fits_a_phone_and_the_lists_are_folded(browser, served_site):
    site, url = served_site
    context = open_context(browser, url, "light", {"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url + "checked/")
    wait_for_math(page)
    table = page.locator(".md-typeset__table").first
    # Material wraps a table in .md-typeset__scrollwrap, the box that scrolls sideways.
    widths = table.evaluate("t => [t.querySelector('table').getBoundingClientRect().width,"
                            " t.closest('.md-typeset__scrollwrap').clientWidth]")
    assert widths[0] <= widths[1] + 1, f"the summary table is wider than the page at 390 px: {widths}"
    assert "display equations" in table.inner_text()
    folded = page.locator("details.note")
    assert folded.count() == len(eq.counts()), "one folded block per page of the ledger"
    assert folded.evaluate_all("blocks => blocks.filter(b => b.open).length") == 0
    # The summary comes before the lists: the table is above the first folded block.
    assert table.bounding_box()["y"] < folded.first.bounding_box()["y"]
    assert context.foreign_requests == []
    context.close()
