// MathJax 3 configuration for typesetting in the browser, used only by a site
// built with MATH_RENDER=client (make metrics compares it with the site as it
// is, typeset at build by sitebuild/steps/typeset_math.py). MathJax is then served by this
// site from assets/mathjax/.
window.MathJax = {
  tex: {
    // \( \) and \[ \] come from arithmatex; $ and $$ from the notebook's Markdown.
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
    // Number display equations by their \tag{N} (added by sitebuild/steps/number_equations.py).
    // Not on a phone: a tag widens its formula by its own width and MathJax 3
    // cannot move it under the formula, so there \tag{N} is read as nothing
    // (the anchors stay) and no formula has to scroll for its number.
    tags: "ams",
    ...(window.matchMedia("(max-width: 600px)").matches ? { macros: { tag: ["", 1] } } : {}),
  },
  options: {
    // Typeset only what arithmatex marked as math and the notebook's rendered
    // Markdown cells, nothing else (not code, not cell outputs). Every element
    // with a class is ignored unless it is one of those; an element without a
    // class inherits its parent's choice, so the <p> and <li> inside a
    // notebook's Markdown cell are typeset. (The common ".*|" would also match
    // those class-less children and ignore them.)
    ignoreHtmlClass: ".+",
    processHtmlClass: "arithmatex|jp-RenderedMarkdown|jp-RenderedLatex",
  },
  // Typesetting is driven by document$ below, on the first page and after
  // every instant navigation alike.
  startup: { typeset: false },
};

// Material emits document$ once per page, including instant navigation.
// Chaining onto startup.promise typesets after MathJax is ready, one page at a
// time, and lets anyone wait for the current page: MathJax.startup.promise.
document$.subscribe(() => {
  MathJax.startup.promise = MathJax.startup.promise.then(() => {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise();
  });
});
