// On paper (print.css does the rest): every widget is built, each exercise
// shows its question and data, and its solution moves to a "Solutions" section
// at the end of the page, so a reader can try the exercise first; a display
// equation wider than the paper is scaled to fit instead of being cut; links to
// other sites are marked, so that print.css prints their address. After
// printing, everything goes back. Chromium's print to PDF fires no
// beforeprint, so the site's PDF (sitebuild/site_pdf.py) calls
// window.sitePrint.forPaper() itself and waits for it.
(function () {
  "use strict";

  let moved = [];  // [solution, the comment left in its place, was it open]
  let opened = [];
  let fitted = [];
  // The width of a printed page's text on A4 (the narrower of A4 and Letter), in CSS pixels.
  const PAPER_WIDTH = 560;

  // A display equation wider than the paper would be cut at its edge: scale it to fit. The
  // width it needs: a numbered equation's box has a min-width (its number sits at its right
  // end), an unnumbered one is as wide as what it draws. The width it has: the paper's, less
  // what its boxes (an admonition's padding) take from the article's width on screen.
  function fitEquations(article) {
    for (const math of article.querySelectorAll('mjx-container[display="true"]')) {
      const drawn = math.querySelector("mjx-math");
      const needed = Math.max(parseFloat(getComputedStyle(math).minWidth) || 0,
                              drawn ? drawn.getBoundingClientRect().width : 0);
      const available = PAPER_WIDTH - (article.clientWidth - math.parentElement.clientWidth);
      if (needed > available) {
        math.style.zoom = (available / needed).toFixed(3);
        fitted.push(math);
      }
    }
  }

  function title(exercise) {
    const heading = exercise.querySelector(":scope > summary, :scope > .admonition-title");
    return heading ? heading.textContent.trim() : "Exercise";
  }

  function forPaper() {
    const article = document.querySelector("article");
    if (!article || article.querySelector(".print-solutions")) return Promise.resolve();
    const solutions = document.createElement("section");
    solutions.className = "print-solutions";
    solutions.innerHTML = "<h2>Solutions</h2>";
    for (const exercise of article.querySelectorAll("details.question, .admonition.question")) {
      if (exercise.tagName === "DETAILS" && !exercise.open) {
        exercise.open = true;
        opened.push(exercise);
      }
      for (const solution of exercise.querySelectorAll(":scope > details.success")) {
        const mark = document.createComment("solution");
        moved.push([solution, mark, solution.open]);
        solution.replaceWith(mark);
        solution.open = true;
        const heading = document.createElement("h3");
        heading.textContent = `${title(exercise)}: solution`;
        solutions.append(heading, solution);
      }
    }
    if (moved.length) article.append(solutions);
    fitEquations(article);
    for (const link of article.querySelectorAll("a[href]")) {
      if (new URL(link.href, location.href).origin !== location.origin) link.classList.add("print-external");
    }
    return window.siteWidgets ? window.siteWidgets.buildAll() : Promise.resolve();
  }

  function forScreen() {
    for (const [solution, mark, wasOpen] of moved) {
      solution.open = wasOpen;
      mark.replaceWith(solution);
    }
    for (const exercise of opened) exercise.open = false;
    for (const math of fitted) math.style.zoom = "";
    document.querySelectorAll(".print-solutions").forEach((section) => section.remove());
    moved = [];
    opened = [];
    fitted = [];
  }

  window.addEventListener("beforeprint", forPaper);
  window.addEventListener("afterprint", forScreen);
  window.sitePrint = { forPaper, forScreen };
})();
