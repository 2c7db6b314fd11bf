"""The MkDocs adapter: MkDocs' events, each calling the build steps beside it.

Every step is a plain function over Markdown, HTML or files (sitebuild/*.py);
this file only passes MkDocs' objects in and out, in the order the steps need.
Another generator needs another adapter, not other steps.
"""

import json
import logging
import os
from pathlib import Path

from mkdocs.structure.files import File

from sitebuild.steps import bundle_css
from sitebuild.steps import checked_by
from sitebuild.steps import defer_scripts
from sitebuild.steps import inline_figures
from sitebuild.steps import notebook_page
from sitebuild.steps import number_equations
from sitebuild.steps import search_index
from sitebuild.steps import served_files
from sitebuild.steps import source_archive
from sitebuild.steps import typeset_math

log = logging.getLogger("mkdocs.hooks.sitebuild")
_typesetter = None  # one MathJax process and formula cache per build
_anchors = {}       # page src_uri -> {equation number: slug}
_css = None         # the site's stylesheets as one bundle


def on_config(config):
    # For the footer partial (overrides/partials/copyright.html). Material's own
    # repo_url stays unset: its header widget would fetch api.github.com.
    config.extra["source_repository"] = source_archive.repository_url()
    config.extra["source_archive"] = source_archive.SOURCE_ARCHIVE
    jupyter = config.plugins["mkdocs-jupyter"].config
    jupyter["cache"] = os.environ.get("NOTEBOOK_CACHE", "true").lower() != "false"
    if jupyter["cache"]:
        jupyter["cache_dir"] = str(notebook_page.cache_dir())
    global _css
    _css = bundle_css.bundle(config.docs_dir, [str(uri) for uri in config.extra_css])
    config.extra_css = [_css.uri]
    if typeset_math.CLIENT:
        config.extra_javascript[:0] = ["javascripts/mathjax.js", f"{typeset_math.MATHJAX_DEST}/tex-chtml.js"]
    else:
        config.extra_css.insert(0, typeset_math.STYLESHEET)
    return config


def on_pre_build(config):
    global _typesetter
    _typesetter = None if typeset_math.CLIENT else typeset_math.Typesetter()


def on_files(files, config):
    served = served_files.served_files() + typeset_math.mathjax_files()
    served.append((source_archive.SOURCE_ARCHIVE, source_archive.source_archive(config.site_dir)))
    served.append((_css.uri, _css.text.encode()))
    for uri, source in served:
        files.append(File.generated(config, uri, content=source) if isinstance(source, bytes)
                     else File.generated(config, uri, abs_src_path=str(source)))
    return files


def on_page_markdown(markdown, page, config, files):
    uri = page.file.src_uri
    stem = Path(uri).stem
    if f"kits/{stem}.ipynb" in files.src_uris:
        markdown = served_files.with_notebook_link(markdown, stem)
    markdown = checked_by.expand(markdown, uri)
    if number_equations.is_numbered(uri):
        markdown, _anchors[uri] = number_equations.number(markdown, uri)
    return markdown


def on_page_content(html, page, config, files):
    if not _anchors.get(page.file.src_uri):
        return html
    html, ids = number_equations.anchor(html, _anchors[page.file.src_uri])
    page.present_anchor_ids.update(ids)  # so the strict build accepts links to them
    return html


def on_post_page(output, page, config):
    if notebook_page.is_notebook(page.file.src_uri):
        output = notebook_page.without_nbconvert_scripts(output)
        output, path, css = notebook_page.move_css(output, page.url, page.file.src_uri)
        target = Path(config.site_dir) / path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        output, images = notebook_page.images_to_files(output)
        for name, png in images.items():
            image = Path(config.site_dir) / page.url / name
            image.parent.mkdir(parents=True, exist_ok=True)
            image.write_bytes(png)
    output = served_files.mark_downloads(output)
    output = defer_scripts.deferred(output)
    output = inline_figures.inline_figures(output, Path(config.docs_dir) / "figures")
    if _typesetter is None:
        return output
    output, errors = typeset_math.typeset_page(output, _typesetter)
    for error in errors:
        log.error(f"{page.file.src_uri}: {error}")
    if "<mjx-container" in output:
        output = typeset_math.preload_fonts(output, page.url, _typesetter)
    return output


def on_post_template(output, template_name, config):
    # The 404 page is a template, not a page: its scripts are deferred too.
    return defer_scripts.deferred(output)


def on_post_build(config):
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if index_path.exists():
        index = search_index.rewrite_index(json.loads(index_path.read_text(encoding="utf-8")))
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    if _typesetter is None:
        return
    target = Path(config.site_dir) / typeset_math.STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_typesetter.stylesheet(), encoding="utf-8")
    log.info(f"math: {len(_typesetter.used)} formulas, {_typesetter.rendered} typeset by MathJax, "
             "the rest from the cache")
    _typesetter.close()
    _typesetter.save()
