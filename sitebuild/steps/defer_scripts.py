"""Build step: no script file holds up the first paint.

Material's bundle and the site's scripts are loaded at the end of <body>
without `defer`: the parser stops at each until it has been fetched and run,
and on a slow link the page is shown only after. With `defer` they are fetched
meanwhile and run, in the same order, once the page is parsed. Inline scripts
(the pages' widget data, the search-on-demand shim) still run where they are.
"""

import re

SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>", re.S)


def deferred(html):
    """The page with `defer` on every <script src> that is neither async, defer nor a module."""
    def mark(match):
        attributes = match["attributes"]
        if not re.search(r"\bsrc=", attributes) or re.search(r"\b(async|defer)\b|type=\"module\"", attributes):
            return match.group(0)
        return f"<script defer{attributes}>"

    return SCRIPT.sub(mark, html)
