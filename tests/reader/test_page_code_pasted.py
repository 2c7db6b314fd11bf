"""A page's code blocks pasted in order into a Python with NumPy alone, printing what the page shows."""

import pytest
from sitebuild import page_code
from sitebuild import reader_venv
from recorded import appears_in


PAGES = page_code.pages_with_code()


@pytest.mark.parametrize("page", PAGES)
def test_a_pages_blocks_run_pasted_in_order_and_print_what_it_shows(page, reader_python, tmp_path):
    result = reader_venv.run_pasted(reader_python, page_code.program(page), tmp_path)
    assert result.returncode == 0, f"{page}: the pasted blocks fail:\n{result.stderr[-3000:]}"
    shown = page_code.shown_outputs(page)
    assert shown, f"{page} shows no recorded output under its code"
    for block in shown:
        assert appears_in(block.code, result.stdout), (
            f"{page}: the pasted blocks do not print {block.title} as the page shows it:\n"
            f"--- shown\n{block.code}\n--- printed\n{result.stdout[-3000:]}")
