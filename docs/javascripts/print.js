// On paper (print.css does the rest): every widget is built, each exercise
// shows its question and data, and its solution moves to a "Solutions" section
// at the end of the page, so a reader can try the exercise first. After
// printing, everything goes back. Chromium's print to PDF fires no
// beforeprint, so the site's PDF (sitebuild/site_pdf.py) calls
// window.sitePrint.forPaper() itself and waits for it.
(function () {
  "use strict";

  let moved = [];  // [solution, the comment left in its place, was it open]
  let opened = [];

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
    return window.siteWidgets ? window.siteWidgets.buildAll() : Promise.resolve();
  }

  function forScreen() {
    for (const [solution, mark, wasOpen] of moved) {
      solution.open = wasOpen;
      mark.replaceWith(solution);
    }
    for (const exercise of opened) exercise.open = false;
    document.querySelectorAll(".print-solutions").forEach((section) => section.remove());
    moved = [];
    opened = [];
  }

  window.addEventListener("beforeprint", forPaper);
  window.addEventListener("afterprint", forScreen);
  window.sitePrint = { forPaper, forScreen };
})();
