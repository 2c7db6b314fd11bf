"""What a page shows before the reader scrolls: its article's first blocks.

The browser always renders the article's first BLOCKS blocks at load
(docs/stylesheets/offscreen.css lets it skip only later ones), so those are the
page's first screen on a phone and then some. The math fonts they use are the
ones worth preloading; a later block's fonts load when it is rendered.
"""

from html.parser import HTMLParser

BLOCKS = 12
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Blocks(HTMLParser):
    """Finds where the article's (BLOCKS + 1)-th child element starts."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = None  # depth inside the article, once it has started
        self.children = 0
        self.end = None

    def handle_starttag(self, tag, attrs):
        if self.end is not None:
            return
        if self.depth is None:
            if tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
                self.depth = 0
            return
        if self.depth == 0:
            self.children += 1
            if self.children > BLOCKS:
                self.end = self.getpos()
                return
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth is None or self.end is not None or tag in VOID:
            return
        if self.depth == 0:  # the article itself ends
            self.end = self.getpos()
            return
        self.depth -= 1


def first_screen(html):
    """The page's HTML up to the end of the article's first BLOCKS blocks (all of it if it has fewer)."""
    parser = _Blocks()
    parser.feed(html)
    if parser.end is None:
        return html
    line, column = parser.end
    offsets = [0]
    for text in html.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(text))
    return html[:offsets[line - 1] + column]
