"""The build steps as any generator runs them: the Markdown extension that
mkdocs.yml lists (sitebuild/markdown_steps.py) and the pass over a built
folder (sitebuild/html_pass.py), each without MkDocs."""

import json

import markdown
import pytest

from sitebuild import equations
from sitebuild import html_pass
from sitebuild import markdown_steps
from sitebuild.sources import DOCS, MKDOCS_YML


def convert(text):
    """`text` through Python-Markdown with the site's math and our steps, as a generator converts a page."""
    return markdown.markdown(text, extensions=["admonition", "attr_list", "md_in_html", "pymdownx.details",
                                               "pymdownx.superfences", "pymdownx.tabbed",
                                               "pymdownx.arithmatex", "sitebuild.markdown_steps"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}})


def test_mkdocs_yml_lists_the_extension_by_its_import_path():
    assert "  - sitebuild.markdown_steps\n" in MKDOCS_YML.read_text(encoding="utf-8")


def test_a_page_is_found_by_its_text_and_other_text_by_none():
    text = (DOCS / "biases.md").read_text(encoding="utf-8")
    assert markdown_steps.page_of(text) == "biases.md"
    assert markdown_steps.page_of("\n\n" + text + "\n") == "biases.md"  # as a generator strips it
    assert markdown_steps.page_of(text + "\nOne more line.") is None


def test_a_page_converted_by_plain_python_markdown_gets_numbers_anchors_and_its_sentence():
    text = (DOCS / "output-layer-m-d-t.md").read_text(encoding="utf-8")
    html = convert(text)
    anchors = [f'<div class="equation" id="{equation.anchor}">'
               for equation in equations.page_equations("output-layer-m-d-t.md")]
    assert len(anchors) >= 10
    assert [anchor for anchor in anchors if anchor in html] == anchors
    assert html.count('<div class="equation"') == len(anchors) == html.count("\\tag{")
    assert "<!-- checked-by -->" in text and "<!-- checked-by -->" not in html
    assert "come in this page's kit, where <code>python -m pytest</code> runs them" in html
    assert "kits/output-layer-m-d-t.ipynb" in html  # the kit box links the page's notebook


def test_text_that_is_no_page_passes_untouched():
    text = "Some text.\n\n$$\nx = 1\n$$\n\n<!-- checked-by -->\n"
    html = convert(text)
    assert "\\tag" not in html and 'class="equation"' not in html and "<!-- checked-by -->" in html


@pytest.mark.parametrize("relative, url", [
    ("index.html", ""), ("404.html", ""), ("biases/index.html", "biases/"),
    ("notebooks/train-digits/index.html", "notebooks/train-digits/"),
])
def test_a_site_file_s_page_url(relative, url):
    assert html_pass.page_url(relative) == url


def small_site(folder, index_name="search.json"):
    """A built site as a generator that ignores mkdocs-jupyter leaves it: two pages, a search index."""
    (folder / "biases").mkdir(parents=True)
    (folder / "index.html").write_text('<html><head></head><body><a href="kits/site.zip">kit</a>'
                                       '<script src="x.js"></script></body></html>', encoding="utf-8")
    (folder / "biases" / "index.html").write_text("<html><head></head><body>"
                                                  '<span class="arithmatex">\\(a^2\\)</span></body></html>',
                                                  encoding="utf-8")
    index = {"config": {}, "items" if index_name == "search.json" else "docs": [
        {"location": "biases/", "title": "Biases", "text": "the loss \\(J\\) and \\(\\sigma'(z)\\)"}]}
    (folder / index_name).parent.mkdir(parents=True, exist_ok=True)
    (folder / index_name).write_text(json.dumps(index), encoding="utf-8")
    return folder


@pytest.mark.parametrize("index_name", ["search.json", "search/search_index.json"])
def test_the_pass_finishes_any_generator_s_folder_and_says_what_is_missing(tmp_path, index_name):
    site = small_site(tmp_path / "site", index_name)
    errors = html_pass.finish(site, typesetter=None, log=lambda _: None, serve_missing=False)
    assert errors == ["notebooks/train-digits.py: no page was made of this notebook (the generator did not "
                      "run mkdocs-jupyter); the nav links the raw .py file instead"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a download href="kits/site.zip">' in home and "<script defer" in home
    index = json.loads((site / index_name).read_text(encoding="utf-8"))
    [entry] = index.get("items", index.get("docs"))
    assert entry["text"].startswith("the loss J<span hidden>") and "and σ′(z)<span hidden>" in entry["text"]


def test_without_a_search_index_the_pass_says_so(tmp_path):
    site = small_site(tmp_path / "site")
    (site / "search.json").unlink()
    errors = html_pass.finish(site, typesetter=None, log=lambda _: None, serve_missing=False)
    assert any(error.startswith("no search index found") for error in errors)


def test_the_command_refuses_a_folder_with_no_site(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        html_pass.main([str(tmp_path)])
    assert stopped.value.code == 2 and "no index.html; build the site first" in capsys.readouterr().err


def test_typeset_math_gets_mathjax_s_stylesheet_before_the_site_s_unless_linked():
    head = ('<head><link rel="stylesheet" href="../assets/stylesheets/main.css">'
            '<link rel="stylesheet" href="../stylesheets/extra.css"></head>')
    linked = html_pass.with_math_stylesheet(head, "biases/")
    assert linked.index('href="../assets/mathjax/chtml.css"') < linked.index('href="../stylesheets/extra.css"')
    assert linked.index('href="../assets/stylesheets/main.css"') < linked.index("chtml.css")
    assert html_pass.with_math_stylesheet(linked, "biases/") == linked


def test_the_nav_is_read_as_yaml_sections_and_quoted_labels_too():
    from sitebuild import sources
    entries = sources.nav()
    assert ("Notebook: training on digits", "notebooks/train-digits.py") in entries  # a quoted label with a colon
    assert ("Biases", "biases.md") in entries  # inside the "Beyond the output layer" section
    assert [path for _, path in entries if path.endswith(".md")] == sources.nav_pages()
