"""How a page's layout is measured at one width, in the page: what the layout
tests (tests/browser/test_browser_layout.py) assert on and what
layout_offenders.py lists, page by page."""

import io
import statistics
from pathlib import Path

from sitebuild.browser import VIEWS, read_through, wait_for_math

WIDTHS = {"phone": VIEWS["phone"], "desktop": VIEWS["desktop"]}

# Everything measured on one page at the current width (a function for page.evaluate).
LAYOUT_PROBE = Path(__file__).with_name("layout_probe.js").read_text(encoding="utf-8")


def cue_contrast(image, box, scale=1.0):
    """Median luminance of the right edge strip minus that of the left, inside box."""
    left, top = round(box["x"] * scale), round(box["y"] * scale)
    right, bottom = round((box["x"] + box["w"]) * scale), round((box["y"] + box["h"]) * scale)
    bottom = min(bottom, image.height)
    if bottom - top < 4 or right - left < 40:
        return 0.0
    gray = image.convert("L")

    def median(x0, x1):
        return statistics.median(list(gray.crop((x0, top + 1, x1, bottom - 1)).tobytes())) / 255

    return abs(median(right - 10, right - 2) - median(left + 2, left + 10))


RENDER_ALL = ".md-content__inner > *, .jupyter-wrapper .jp-Cell { content-visibility: visible !important; }"


def measure(page, shot=None):
    """The layout report of the page shown (and its screenshot if a path is given)."""
    wait_for_math(page)
    # Open every collapsed block (exercises, solutions): what a reader can open
    # must fit too, and closed blocks hide their contents from measurement.
    page.evaluate("""async () => {
        document.querySelectorAll('.md-content details:not([open])').forEach(d => { d.open = true; });
        await document.fonts.ready;
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    }""")
    read_through(page)  # what is far from the screen is rendered, and cued, once the reader gets there
    # A reader sees one screen at a time, all of it rendered; the probe and the
    # full-page capture look at every screen at once, so nothing may be skipped.
    page.add_style_tag(content=RENDER_ALL)
    state = page.evaluate(LAYOUT_PROBE)
    probes = [d for d in state["display"] + state["code"] + state["tables"] if d.get("probe")]
    if shot is not None or probes:
        from PIL import Image

        data = page.screenshot(full_page=True, type="jpeg", quality=70, animations="disabled")
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            shot.write_bytes(data)
        image = Image.open(io.BytesIO(data))
        scale = state["pixel_ratio"]
        for d in probes:
            d["cue"] = round(cue_contrast(image, d["box"], scale), 3)
    return state


def where(item):
    if item.get("folded"):
        return " (in a collapsible block, once opened)"
    if item.get("admonition"):
        return " (in an admonition)"
    return ""
