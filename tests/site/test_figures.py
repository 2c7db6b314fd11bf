"""The phone drawings: each has its wide figure and is what its generator draws,
and a figure with one is inlined as both."""


def test_every_phone_drawing_has_its_wide_figure_and_its_generator(tmp_path):
    """docs/figures/phone/NAME.svg is NAME.svg drawn for a phone: each has its
    wide figure, and each is what its tool draws (the benchmark's from the
    timings its wide figure records). No browser needed."""
    from measurements import bench_loop_vs_vectorised as bench
    from generators import draw_figures
    from generators import plot_figures

    phone = bench.FIGURE.parent / "phone"
    drawn = {f"phone/{p.name}" for p in phone.glob("*.svg")}
    generated = {name for name in [*draw_figures.FIGURES, *plot_figures.PLOTS] if name.startswith("phone/")}
    assert drawn == generated | {f"phone/{bench.FIGURE.name}"}
    assert all((bench.FIGURE.parent / name.removeprefix("phone/")).is_file() for name in drawn)
    rows, sizes, measured_on = bench.recorded(bench.FIGURE)
    bench.draw(rows, sizes, tmp_path / "bench.svg", measured_on, phone=True)
    assert (tmp_path / "bench.svg").read_bytes() == (phone / bench.FIGURE.name).read_bytes(), (
        "docs/figures/phone/loop-vs-vectorised.svg differs from its recorded timings redrawn: "
        "run `python -m measurements.bench_loop_vs_vectorised --redraw`")


def test_a_figure_with_a_phone_drawing_is_inlined_as_both(tmp_path):
    """sitebuild/steps/inline_figures.py: the wide drawing, then the phone's, both
    labelled by the alt text, each with ids of its own; a figure without a
    phone drawing stays one SVG. No browser needed."""
    import re

    from sitebuild.steps.inline_figures import inline_figures

    drawing = '<svg viewBox="0 0 {w} 10" width="{w}"><g id="a"><use href="#a"/></g></svg>'
    (tmp_path / "phone").mkdir()
    (tmp_path / "two.svg").write_text(drawing.format(w=680), encoding="utf-8")
    (tmp_path / "phone" / "two.svg").write_text(drawing.format(w=340), encoding="utf-8")
    (tmp_path / "one.svg").write_text(drawing.format(w=600), encoding="utf-8")
    page = inline_figures('<p><img alt="Two &amp; more" src="../figures/two.svg"></p>'
                          '<p><img alt="One" src="figures/one.svg"></p>', tmp_path)
    tags = re.findall(r"<svg\b[^>]*>", page)
    assert [re.search(r'width="(\d+)"', tag).group(1) for tag in tags] == ["680", "340", "600"]
    assert [re.search(r'data-layout="(\w+)"', tag) and re.search(r'data-layout="(\w+)"', tag).group(1)
            for tag in tags] == ["wide", "phone", None]
    assert all('aria-label="Two &amp; more" data-figure="two.svg"' in tag for tag in tags[:2])
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == 3 and re.findall(r'href="#([^"]+)"', page) == ids
