"""What the pages say of their explorers: how many parameter sets the browser
tests type, and the hidden-layer page embedding the 2-2-2 page's explorer."""

from sitebuild.sources import DOCS
from test_explorer import random_points


# 24 sets: one in three pushes an output's logit to ±38, ±40 or ±45 (+38 and up
# round a to exactly 1 in float64), targets 0, 1, 0.3 and uniform ones.
POINTS = random_points(24, seed=2026)


def test_the_page_says_how_many_sets_are_typed():
    page = (DOCS / "output-layer-2-2-2.md").read_text(encoding="utf-8")
    assert f"types {len(POINTS)} random parameter sets" in page


HIDDEN_MD = (DOCS / "hidden-layer.md").read_text(encoding="utf-8")


def test_the_hidden_layer_page_embeds_the_same_explorer_turned_to_its_layer():
    """The page: "The explorer below is the 2-2-2 page's, turned to the hidden layer: it starts
    at that page's worked example" (the same recording, the option data-layer="hidden")."""
    assert "The explorer below is the [2-2-2 page's]" in HIDDEN_MD and "it starts at that page's worked example" in HIDDEN_MD
    box = HIDDEN_MD.split('<div class="explorer" data-layer="hidden">', 1)[1].split("</div>", 1)[0]
    assert '--8<-- "explorer.json"' in box
