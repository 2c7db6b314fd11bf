"""The build steps that make a page light on a phone, on their own and in the built site:
scripts deferred, the site's stylesheets as one bundle, the first screen's fonts preloaded,
the notebook's CSS cut to what it uses and its plots served as files."""

import base64
import json
import re
import struct
import zlib

import pytest

from sitebuild.steps import bundle_css
from sitebuild.steps import defer_scripts
from sitebuild.steps import first_screen
from sitebuild.steps import notebook_page
from sitebuild.steps import search_index
from sitebuild.local_site import page_html
from sitebuild.sources import DOCS, MKDOCS_YML


def test_scripts_with_a_src_are_deferred_and_inline_ones_left_alone():
    html = ('<script src="a.js"></script><script>var x = 1;</script><script async src="b.js"></script>'
            '<script type="module" src="c.js"></script><script defer src="d.js"></script>')
    assert defer_scripts.deferred(html) == (
        '<script defer src="a.js"></script><script>var x = 1;</script><script async src="b.js"></script>'
        '<script type="module" src="c.js"></script><script defer src="d.js"></script>')


def test_every_built_page_defers_its_script_files(built_site):
    blocking = {}
    for path in built_site.rglob("*.html"):
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", path.read_text(encoding="utf-8"))
        late = [tag for tag in tags if not re.search(r"\b(defer|async)\b", tag)]
        if late:
            blocking[str(path.relative_to(built_site))] = late
    assert blocking == {}


def test_the_bundle_keeps_the_order_and_is_named_by_its_content(tmp_path):
    (tmp_path / "stylesheets").mkdir()
    (tmp_path / "stylesheets/a.css").write_text("a { color: red; }")
    (tmp_path / "stylesheets/b.css").write_text("b { color: blue; }")
    one = bundle_css.bundle(tmp_path, ["stylesheets/b.css", "stylesheets/a.css"])
    assert one.text.index("color: blue") < one.text.index("color: red")
    (tmp_path / "stylesheets/a.css").write_text("a { color: green; }")
    other = bundle_css.bundle(tmp_path, ["stylesheets/b.css", "stylesheets/a.css"])
    assert re.fullmatch(r"stylesheets/site\.[0-9a-f]{10}\.css", one.uri) and one.uri != other.uri


def test_the_bundle_refuses_what_would_break_in_it(tmp_path):
    (tmp_path / "stylesheets").mkdir()
    (tmp_path / "stylesheets/a.css").write_text('a { background: url("x.png"); }')
    with pytest.raises(ValueError, match="url"):
        bundle_css.bundle(tmp_path, ["stylesheets/a.css"])
    with pytest.raises(ValueError, match="stylesheets/"):
        bundle_css.bundle(tmp_path, ["other/a.css"])


def test_every_page_links_one_bundle_of_the_sites_stylesheets(built_site):
    listed = re.findall(r"^  - (stylesheets/[\w.-]+\.css)$", MKDOCS_YML.read_text(encoding="utf-8"), re.M)
    html = page_html(built_site, "output-layer-2-2-2.md")
    [bundle] = re.findall(r'<link rel="stylesheet" href="\.\./(stylesheets/[^"]+)">', html)
    text = (built_site / bundle).read_text(encoding="utf-8")
    assert [uri for uri in listed if f"/* {uri} */" in text] == listed
    assert [text.index(f"/* {uri} */") for uri in listed] == sorted(text.index(f"/* {uri} */") for uri in listed)


def test_first_screen_is_the_articles_first_blocks():
    blocks = "".join(f"<p>block {k} <br><span>x</span></p>" for k in range(1, 20))
    html = f'<body><article class="md-content__inner md-typeset">{blocks}</article><footer>f</footer></body>'
    shown = first_screen.first_screen(html)
    assert f"block {first_screen.BLOCKS} " in shown and f"block {first_screen.BLOCKS + 1} " not in shown
    short = '<article class="md-content__inner">' + "<p>one</p>" + "</article><p>after</p>"
    assert first_screen.first_screen(short) == '<article class="md-content__inner"><p>one</p>'


def test_the_stylesheet_renders_the_same_first_blocks_always():
    css = (DOCS / "stylesheets" / "offscreen.css").read_text(encoding="utf-8")
    assert re.findall(r"\.md-content__inner > :nth-child\(n\+(\d+)\)", css) == [str(first_screen.BLOCKS + 1)]


def test_the_notebook_keeps_the_css_rules_its_page_can_use():
    css = """@charset "UTF-8";
.wrap .used, .wrap .unused { color: red }
.wrap .unused { color: blue }
.wrap :root { --x: 1 }
.wrap body { margin: 0 }
.wrap :is(.used, .other) > p { margin: 1px }
@media (max-width: 10px) { .unused { color: green } .used { content: "}" } }
@keyframes spin { from { opacity: 0 } }
.wrap .used { color: red }
"""
    kept = notebook_page.used_css(css, '<div class="wrap"><p class="used">x</p></div>')
    rules = [(prelude, body) for prelude, body in notebook_page._blocks(kept)]
    assert [prelude for prelude, _ in rules] == [
        '@charset "UTF-8"', ".wrap :is(.used, .other) > p", "@media (max-width: 10px)",
        "@keyframes spin", ".wrap .used"]
    assert '.used{ content: "}" }' in kept  # a brace in a string is not the rule's end
    assert kept.count("color: red") == 1  # the rule repeated later is kept once, last


def test_the_notebook_css_reader_refuses_unbalanced_braces():
    with pytest.raises(ValueError, match="unbalanced"):
        notebook_page.used_css(".a { color: red } }", '<p class="a"></p>')
    with pytest.raises(ValueError, match="ends inside a rule"):
        notebook_page.used_css(".a { color: red", '<p class="a"></p>')


def png(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width + 1) * height)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_the_notebooks_plots_become_lazy_files_with_their_size():
    image = png(3, 2)
    html = f'<p><img alt="plot" src="data:image/png;base64,{base64.b64encode(image).decode()}"/></p>'
    page, files = notebook_page.images_to_files(html)
    [(name, content)] = files.items()
    assert content == image and name.startswith("output-") and name.endswith(".png")
    assert page == (f'<p><img alt="plot" src="{name}" width="3" height="2" loading="lazy" '
                    'decoding="async"/></p>')
    fake = base64.b64encode(b"GIF89a" + b"\0" * 30).decode()
    with pytest.raises(ValueError, match="not one"):
        notebook_page.images_to_files(f'<img src="data:image/png;base64,{fake}">')


def test_a_plot_is_described_by_the_alt_comment_of_the_cell_that_draws_it():
    data = base64.b64encode(png(3, 2)).decode()
    cell = ('<div class="jp-Cell jp-CodeCell jp-Notebook-cell"><pre><span class="c1"># alt: Two lines &amp; a</span>\n'
            '<span class="c1"># legend.</span>\nplt.show()</pre>'
            f'<img alt="No description has been provided for this image" src="data:image/png;base64,{data}"/></div>')
    page, _ = notebook_page.images_to_files(cell + cell.replace("Two lines", "Eight digits"))
    assert re.findall(r'<img alt="([^"]*)"', page) == ["Two lines &amp; a legend.", "Eight digits &amp; a legend."]
    with pytest.raises(ValueError, match="# alt:"):
        notebook_page.images_to_files(cell.replace("# alt:", "#"))


def test_the_notebook_pages_plots_say_what_they_show(built_site):
    html = (built_site / "notebooks" / "train-digits" / "index.html").read_text(encoding="utf-8")
    alts = re.findall(r'<img\b[^>]*\salt="([^"]*)"[^>]*\ssrc="output-', html)
    assert len(alts) >= 2 and "No description" not in html
    assert all(len(alt.split()) >= 12 for alt in alts), alts


def test_the_built_notebook_page_embeds_no_image_and_links_its_plots(built_site):
    html = (built_site / "notebooks" / "train-digits" / "index.html").read_text(encoding="utf-8")
    assert "data:image" not in html
    images = re.findall(r'<img\b[^>]*\ssrc="(output-[0-9a-f]+\.png)"[^>]*\swidth="\d+" height="\d+"', html)
    assert len(images) >= 2
    for name in images:
        assert (built_site / "notebooks" / "train-digits" / name).read_bytes()[:4] == b"\x89PNG"


def test_the_notebook_stylesheet_goes_after_the_last_one_in_head():
    page = ('<head><link rel="stylesheet" href="a.css"><link rel="stylesheet" href="b.css"><script></script>'
            '</head><body><link rel="stylesheet" href="in-body.css"></body>')
    placed = notebook_page.after_the_last_stylesheet(page, '<link rel="stylesheet" href="nb.css">', "nb")
    assert placed.index('href="b.css"') < placed.index('href="nb.css"') < placed.index("<script>")
    with pytest.raises(ValueError, match="nb: no stylesheet <link> in <head>"):
        notebook_page.after_the_last_stylesheet("<head></head><body></body>", "<link>", "nb")


def test_the_stylesheets_are_made_absolute_before_the_page_is_drawn(built_site):
    # overrides/partials/before-bundle.html: Material's instant navigation would
    # make them absolute after the first paint, and each would be parsed again.
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        resolving = head.find("link.href = link.href")
        last_sheet = max(m.start() for m in re.finditer(r'<link rel="stylesheet"', head))
        assert resolving > last_sheet, f"{page.relative_to(built_site)}: a stylesheet is linked after the script"


# ------------------------------------------------------------------ search previews


def test_a_code_name_in_a_formula_reads_as_the_name_in_search():
    # \texttt{weight} is PyTorch's attribute; the preview showed "textttweight^T".
    assert search_index.tex_to_unicode(r"z = a^{(h)} \, \texttt{weight}^T") == "z = a^(h) weight^T"
    assert search_index.tex_to_unicode(r"Z = A^{(h)} \, \mathtt{kernel} + b") == "Z = A^(h) kernel + b"


def test_no_search_preview_shows_a_tex_macro_name(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # Formulas read as text; TeX shown as code (`\texttt{weight}` in a <code>) keeps its backslash and is fine.
    shown = [re.sub(r"<span hidden>.*?</span>|<code>.*?</code>", "", doc["text"], flags=re.S) for doc in index["docs"]]
    leaked = {word for text in shown for word in re.findall(r"\b(?:texttt|mathtt|mathrm|mathsf|mathbf)\w*", text)}
    assert not leaked, f"search previews show TeX macro names: {sorted(leaked)}"


def test_the_notebooks_run_is_keyed_by_the_snippets_it_imports_and_no_other(tmp_path, monkeypatch):
    from sitebuild import sources
    (tmp_path / "docs" / "notebooks").mkdir(parents=True)
    (tmp_path / "docs" / "notebooks" / "nb.py").write_text("from mlp import forward\n")
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "mlp.py").write_text("import checks\n")
    (snippets / "checks.py").write_text("X = 1\n")
    (snippets / "other.py").write_text("Y = 1\n")
    (tmp_path / "requirements.txt").write_text("numpy==2\n")
    for module in (sources, notebook_page):
        monkeypatch.setattr(module, "SNIPPETS", snippets)
    monkeypatch.setattr(notebook_page, "ROOT", tmp_path)
    key = notebook_page.cache_dir()
    (snippets / "other.py").write_text("Y = 2\n")
    assert notebook_page.cache_dir() == key, "a snippet the notebook does not import changed its key"
    (snippets / "checks.py").write_text("X = 2\n")
    assert notebook_page.cache_dir() != key, "a snippet the notebook imports through mlp.py kept its key"
