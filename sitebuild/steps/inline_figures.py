"""Build step: the site's SVG figures are inlined into the pages that show them.

A page shows a figure the plain Markdown way, `![alt text](figures/NAME.svg)`.
An <img> cannot see the page's CSS, so in the built HTML each such <img> is
replaced by the SVG itself, in the same place (inside the same <p>):

- role="img" and aria-label = the alt text (the figure's <title>, if any, stays),
  and data-figure = the file's name;
- every id gets a per-page prefix (fig1-, fig2-, ...) and every reference to it
  (url(#...), href="#...") follows, so two figures on one page never share a
  marker, clip path or glyph id;
- the XML prolog, DOCTYPE, comments and matplotlib's metadata are dropped.

The figures draw every colour as a CSS custom property with a light fallback
(`var(--fig-ink, #1f2328)`): generators/draw_figures.py and generators/plot_figures.py
write them, and docs/stylesheets/figures.css sets the properties for the light
and the dark (slate) scheme. The SVG files themselves are served unchanged, so
a figure opened on its own (from a link) shows the light fallbacks.

A figure drawn a second time for a phone, docs/figures/phone/NAME.svg, is
inlined right after it, the two marked data-layout="wide" and "phone":
docs/stylesheets/figures.css shows the one that fits the screen, so that every
label keeps a readable size on a phone instead of shrinking with the figure.
Both carry the same alt text.

It runs on the finished page, after the search plugin has indexed the page's
text, so the figures' labels do not end up in the index.
"""

import html
import re

IMG = re.compile(r"<img\b[^>]*>")
ATTR = re.compile(r'\b(src|alt)="([^"]*)"')
FIGURE_SRC = re.compile(r"^(?:\.\./)*(?:\./)?figures/([\w.-]+\.svg)$")
DROP = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->|<metadata\b.*?</metadata>", re.S)


def inline_svg(svg, alt, prefix, name, layout=None):
    """The SVG text, ready to sit in a page: labelled by alt, ids prefixed,
    marked with its layout ("wide" or "phone") if it has two."""
    svg = DROP.sub("", svg).strip()
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)",
                 lambda m: f"url(#{prefix}{m.group(1)})" if m.group(1) in ids else m.group(0), svg)
    svg = re.sub(r'((?:xlink:)?href)="#([^"]+)"',
                 lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"' if m.group(2) in ids else m.group(0), svg)
    opening = re.match(r"<svg\b[^>]*>", svg).group(0)
    tag = re.sub(r'\s(?:role|aria-label)="[^"]*"', "", opening)
    marked = f' data-layout="{layout}"' if layout else ""
    tag = tag[:-1] + f' role="img" aria-label="{html.escape(alt, quote=True)}" data-figure="{name}"{marked}>'
    return tag + svg[len(opening):]


def inline_figures(output, figures):
    """The page's HTML with each <img> of a figures/NAME.svg replaced by the SVG
    itself, followed by its phone layout (figures/phone/NAME.svg) if there is one."""
    count = 0

    def replace(match):
        nonlocal count
        attrs = dict(ATTR.findall(match.group(0)))
        name = FIGURE_SRC.match(attrs.get("src", ""))
        if not name or not (figures / name.group(1)).is_file():
            return match.group(0)
        alt, name = html.unescape(attrs.get("alt", "")), name.group(1)
        drawings = [(figures / name, None)]
        if (figures / "phone" / name).is_file():
            drawings = [(figures / name, "wide"), (figures / "phone" / name, "phone")]
        inlined = []
        for path, layout in drawings:
            count += 1
            inlined.append(inline_svg(path.read_text(encoding="utf-8"), alt, f"fig{count}-", name, layout))
        return "".join(inlined)

    return IMG.sub(replace, output)
