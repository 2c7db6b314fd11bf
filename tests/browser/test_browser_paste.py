"""Copy a block, paste it, run it: every Python block, through its copy button and the clipboard.

On every page, each Python block's copy button is clicked in Chromium (folded
blocks opened first, as a reader opens them), the clipboard is read, and the
blocks are pasted in page order into a Python that has NumPy alone, in an
empty folder. They must run, and print every recorded output the page shows.
tests/site/test_page_code.py checks the same from the page sources, without a
browser; here the copied text must also be exactly those sources.
"""

import pytest

from sitebuild import page_code
from sitebuild import reader_venv
from sitebuild.browser import open_context, wait_for_math
from recorded import appears_in

PAGES = page_code.pages_with_code()

COPY_EVERY_PYTHON_BLOCK = """async () => {
  document.querySelectorAll('article details').forEach(d => { d.open = true; });
  const copied = [];
  for (const button of document.querySelectorAll('article .language-python button[data-md-type="copy"]')) {
    await navigator.clipboard.writeText('');
    button.scrollIntoView();
    button.click();
    let text = '';
    for (let k = 0; k < 50 && !text; k++) {
      await new Promise(resolve => setTimeout(resolve, 20));
      text = await navigator.clipboard.readText();
    }
    copied.push(text || null);
  }
  return copied;
}"""


@pytest.fixture(scope="module")
def copied_blocks(browser, served_site):
    """{page: [the text each Python block's copy button put on the clipboard]}."""
    context = open_context(browser, served_site[1], "light", {"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site[1].rstrip("/"))
    page = context.new_page()
    found = {}
    for source in PAGES:
        page.goto(served_site[1] + ("" if source == "index.md" else source.replace(".md", "/")))
        wait_for_math(page)
        page.bring_to_front()
        found[source] = page.evaluate(COPY_EVERY_PYTHON_BLOCK)
    assert context.foreign_requests == []
    context.close()
    return found


@pytest.mark.parametrize("page", PAGES)
def test_each_copy_button_copies_the_block_the_page_shows(page, copied_blocks):
    copied = copied_blocks[page]
    expected = [block.code for block in page_code.python_blocks(page)]
    assert None not in copied, f"{page}: a copy button put nothing on the clipboard"
    assert [text.rstrip("\n") for text in copied] == expected


@pytest.mark.parametrize("page", PAGES)
def test_the_copied_blocks_run_pasted_in_order_and_print_what_the_page_shows(page, copied_blocks,
                                                                              reader_python, tmp_path):
    result = reader_venv.run_pasted(reader_python, "\n\n".join(copied_blocks[page]) + "\n", tmp_path)
    assert result.returncode == 0, f"{page}: the pasted blocks fail:\n{result.stderr[-3000:]}"
    for block in page_code.shown_outputs(page):
        assert appears_in(block.code, result.stdout), f"{page}: the pasted blocks do not print {block.title}"
