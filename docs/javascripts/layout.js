// Scroll cues: every display formula, code block and table wider than its
// box carries .layout-cut-right (and .layout-cut-left once scrolled), so
// stylesheets/layout.css can draw a shadow where content is cut. Kept up to
// date on scroll and on resize, from when the browser first lays the box out.
//
// Text output blocks on wide screens: a block of recorded output (a `text`
// block, or any block titled *.out) whose lines are wider than the column
// either wraps them with a hanging indent or, when a too-long line is part of
// a column-aligned table and shrinking by at most a fifth makes it fit, is
// drawn slightly smaller so its columns stay aligned. The styles are in
// stylesheets/layout.css; on phones output scrolls, with its scroll cue.
//
// Runs on Material's document$, which fires for every page, instant
// navigation included, and again when the screen crosses the 45em breakpoint.
(function () {
  "use strict";

  var wide = window.matchMedia("(min-width: 45em)");
  var MIN_FIT = 0.8;

  function isOutput(block) {
    if (/(^|\s)language-text(\s|$)/.test(block.className)) return true;
    var title = block.querySelector(":scope > .filename");
    if (title) return /\.(out|txt|log)\s*$/.test(title.textContent);
    // No language class and no highlighted token: plain text.
    var code = block.querySelector("pre > code");
    return !/(^|\s)language-/.test(block.className) && code && !code.querySelector("span[class]");
  }

  // Wrap each line of a plain-text block in a span; the text, and so what the
  // copy button copies, stays exactly the same.
  function splitLines(code) {
    if (code.dataset.layoutLines || code.querySelector("span[class]")) return;
    var lines = code.textContent.split("\n");
    var trailing = lines.length > 1 && lines[lines.length - 1] === "";
    if (trailing) lines.pop();
    code.textContent = "";
    lines.forEach(function (line, index) {
      var span = document.createElement("span");
      span.className = "layout-line";
      span.textContent = line;
      code.appendChild(span);
      if (index < lines.length - 1 || trailing) code.appendChild(document.createTextNode("\n"));
    });
    code.dataset.layoutLines = "1";
  }

  function tabular(line) {
    return (line.trim().match(/\S {2,}(?=\S)/g) || []).length >= 2;
  }

  function arrange(block) {
    var code = block.querySelector("pre > code");
    if (!code) return;
    block.classList.remove("layout-wrap", "layout-fit");
    block.style.removeProperty("--layout-fit");
    if (!wide.matches || code.scrollWidth <= code.clientWidth + 1) return;
    var style = getComputedStyle(code);
    var padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    var lines = code.textContent.split("\n");
    var longest = Math.max.apply(null, lines.map(function (l) { return l.length; }));
    var room = code.clientWidth - padding;
    var scale = room / (code.scrollWidth - padding);
    var perChar = (code.scrollWidth - padding) / Math.max(longest, 1);
    var tooLong = lines.filter(function (l) { return l.length * perChar > room; });
    if (scale >= MIN_FIT && tooLong.some(tabular)) {
      block.classList.add("layout-fit");
      block.style.setProperty("--layout-fit", String(Math.floor(scale * 1000) / 1000));
      return;
    }
    splitLines(code);
    block.classList.add("layout-wrap");
  }

  // A block is measured when it comes near the screen: measuring one the
  // browser has not laid out yet (stylesheets/offscreen.css) would lay it out
  // on the spot. On a phone nothing is measured: output scrolls there.
  var near = typeof IntersectionObserver === "undefined" ? null
    : new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        near.unobserve(entry.target);
        arrange(entry.target);
      });
    }, { rootMargin: "100% 0px" });

  function arrangeAll() {
    var blocks = document.querySelectorAll(".md-typeset .highlight");
    Array.prototype.forEach.call(blocks, function (block) {
      if (!isOutput(block)) return;
      if (near && wide.matches) near.observe(block);
      else arrange(block);
    });
  }

  var SCROLLERS = [
    ".md-typeset div.arithmatex",
    ".md-typeset .jp-RenderedMarkdown mjx-container[display=\"true\"]",
    ".md-typeset table:not([class])",
    // Material wraps each table in this box, which is the one that scrolls.
    ".md-typeset .md-typeset__scrollwrap",
    ".md-typeset pre > code",
    ".md-typeset .jp-Notebook pre"
  ].join(", ");

  function update(box) {
    var max = box.scrollWidth - box.clientWidth;
    box.classList.toggle("layout-cut-left", max > 1 && box.scrollLeft > 1);
    box.classList.toggle("layout-cut-right", max > 1 && box.scrollLeft < max - 1);
  }

  var resized = typeof ResizeObserver === "undefined" ? null
    : new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target); });
    });

  // A box's cue is set when the browser lays the box out (the observer's
  // first call) and whenever its size changes; never by measuring a box the
  // browser has skipped, which would lay out the whole page at once.
  function trackAll() {
    Array.prototype.forEach.call(document.querySelectorAll(SCROLLERS), function (box) {
      if (!box.dataset.layoutTracked) {
        box.dataset.layoutTracked = "1";
        box.addEventListener("scroll", function () { update(box); }, { passive: true });
        if (resized) resized.observe(box);
      }
      if (!resized) update(box);
    });
  }

  function onPage() {
    arrangeAll();
    trackAll();
    // Formulas get their width once typeset: mathjax.js chains typesetting
    // onto startup.promise; chain the cues after it (so whoever waits for the
    // math waits for them too).
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise = MathJax.startup.promise.then(function () {
        try { trackAll(); } catch (error) { console.warn("layout.js:", error); }
      });
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
  if (wide.addEventListener) wide.addEventListener("change", function () { arrangeAll(); trackAll(); });
})();
