// Accessibility fixes that need the rendered page (tests/browser/test_browser_a11y.py).
//
// 1. A box that scrolls sideways (or down) can be scrolled with the keyboard
//    only if it can take focus. Material does this for its own code blocks;
//    the notebook's code cells and outputs, and any other box in the content
//    that turns out to scroll, get tabindex="0" here, with role="group" and a
//    name ("Code cell In [3]", "Output of In [3]") so a screen reader says what
//    has the focus. Which boxes scroll depends on the screen's width, so each
//    box is looked at again when its size changes; one that no longer
//    scrolls is given back.
// 2. Material wraps each code block's copy button in a <nav>: a navigation
//    landmark per code block, all unnamed. A copy button is not navigation,
//    and a dozen identical landmarks hide the page's real ones, so the
//    wrapper loses its landmark role (role="none"); the button stays as it is.
//
// Runs on Material's document$: every page, instant navigation included.
(function () {
  "use strict";

  var CANDIDATES = [
    ".md-content pre",
    ".md-content .jupyter-wrapper .jp-OutputArea-output",
    ".md-content .jupyter-wrapper .jp-Cell-inputArea",
    ".md-content .jupyter-wrapper .highlight-ipynb",
    ".md-content .md-typeset__scrollwrap",
    ".md-content .md-typeset__table",
    ".md-content div.arithmatex",
  ].join(", ");
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  var MARK = "a11yScroll";

  function scrolls(box) {
    var style = getComputedStyle(box);
    var x = /auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1;
    var y = /auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight + 1;
    return x || y;
  }

  function kindOf(box) {
    if (box.matches(".md-typeset__scrollwrap, .md-typeset__table")) return "Table";
    return box.matches("div.arithmatex") ? "Equation" : "Code block";
  }

  function placeAmong(selector, element) {
    return Array.prototype.indexOf.call(document.querySelectorAll(selector), element) + 1;
  }

  // A name for each box, unique on the page without comparing boxes: a
  // numbered equation by its number, anything else by its place among its kind.
  function label(box) {
    var cell = box.closest(".jp-Cell");
    if (cell) {
      var prompt = cell.querySelector(".jp-InputPrompt");
      var count = prompt && prompt.textContent.trim().replace(/:$/, "");
      var name = count || "cell " + placeAmong(".jp-Cell", cell);
      return box.closest(".jp-OutputArea") ? "Output of " + name : "Code cell " + name;
    }
    var numbered = box.closest(".equation");
    if (numbered) return "Equation (" + placeAmong(".equation", numbered) + ")";
    var kind = kindOf(box);
    var same = Array.prototype.filter.call(document.querySelectorAll(CANDIDATES), function (other) {
      return kindOf(other) === kind;
    });
    return kind + " " + (same.indexOf(box) + 1);
  }

  // Only a box that is laid out can be measured; measuring one the browser
  // skips (stylesheets/offscreen.css) would lay it out at once, and with it
  // the whole page. So each box is looked at when the browser lays it out,
  // and again whenever its size changes (a turned screen, a wider window).
  function fixScrollable(box) {
    var ours = box.dataset[MARK] === "true";
    if (!scrolls(box)) {
      if (ours) {
        ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
        delete box.dataset[MARK];
      }
      return;
    }
    if (ours || box.hasAttribute("tabindex") || box.querySelector(FOCUSABLE)) return;
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", label(box));
    box.dataset[MARK] = "true";
  }

  var sized = typeof ResizeObserver === "undefined" ? null
    : new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { fixScrollable(entry.target); });
    });

  function fixScrollableBoxes() {
    document.querySelectorAll(CANDIDATES).forEach(function (box) {
      if (!sized) return fixScrollable(box);
      if (box.dataset.a11yObserved) return;
      box.dataset.a11yObserved = "true";
      sized.observe(box);
    });
  }

  function fixCodeButtonBars() {
    document.querySelectorAll(".md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }

  function run() {
    fixCodeButtonBars();
    fixScrollableBoxes();
  }

  document$.subscribe(function () {
    run();
    // Typeset formulas change the size of what holds them: look again after.
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(fixScrollableBoxes);
    }
  });
})();
