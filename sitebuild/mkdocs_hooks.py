"""The MkDocs adapter: what only MkDocs' events can do, then the HTML pass.

The Markdown-side steps run in any generator that reads mkdocs.yml's
`markdown_extensions` (markdown_steps.py); the HTML-side steps run as one pass
over the built folder (html_pass.py), which this adapter calls at the end of
the build and any other generator's build can run as a command. What is left
here needs MkDocs' own objects: the footer's values and the stylesheet bundle
in the config, mkdocs-jupyter's cache, and the served files registered with
MkDocs, so that its strict build checks every link to them.
"""

import logging
import os

from mkdocs.structure.files import File

from sitebuild import html_pass
from sitebuild.steps import bundle_css
from sitebuild.steps import notebook_page
from sitebuild.steps import source_archive
from sitebuild.steps import typeset_math

log = logging.getLogger("mkdocs.hooks.sitebuild")
_typesetter = None  # one MathJax process and formula cache per build
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
    served = html_pass.served(config.site_dir) + [(_css.uri, _css.text.encode())]
    for uri, source in served:
        files.append(File.generated(config, uri, content=source) if isinstance(source, bytes)
                     else File.generated(config, uri, abs_src_path=str(source)))
    return files


def on_post_build(config):
    try:
        errors = html_pass.finish(config.site_dir, _typesetter, log=log.info, serve_missing=False)
    finally:
        if _typesetter is not None:
            _typesetter.close()
            _typesetter.save()
    for error in errors:
        log.error(error)
