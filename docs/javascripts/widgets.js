// Widgets that cost a page's first seconds are loaded and built only when the
// reader gets near them: a widget's script is fetched only on a page that has
// the widget, and each widget is built when it comes within a screen of the
// viewport. The 2-2-2 explorer draws a few hundred elements; building it at
// load would hold the main thread while the page is still being shown.
//
// Material's instant navigation swaps the page's content but runs no script
// the new page lists (it keeps the first page's <head> and scripts): this
// loader is on every page, and on document$ (every page, instant navigation
// included) it looks for widgets on the page it is handed.
(function () {
  "use strict";

  const here = document.currentScript ? document.currentScript.src : location.href;
  const WIDGETS = [
    // selector, script (next to this one), what the script defines: setUp(box)
    { selector: ".explorer", script: "explorer.js", api: () => window.backpropExplorer },
  ];
  const loaded = {};

  function load(script) {
    if (!loaded[script]) {
      loaded[script] = new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = new URL(script, here).href;
        tag.onload = resolve;
        tag.onerror = () => reject(new Error(`widgets.js: could not load ${tag.src}`));
        document.head.appendChild(tag);
      });
    }
    return loaded[script];
  }

  // Builds not yet run: printing builds them all (print.js), a page on paper has no viewport.
  const pending = new Map();

  function whenNear(box, build) {
    if (typeof IntersectionObserver === "undefined") return build();
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      pending.delete(box);
      build();
    }, { rootMargin: "100% 0px" });
    pending.set(box, () => { observer.disconnect(); return build(); });
    observer.observe(box);
  }

  window.siteWidgets = {
    buildAll() {
      const builds = [...pending.values()];
      pending.clear();
      return Promise.all(builds.map((build) => build()));
    },
  };

  function onPage() {
    for (const widget of WIDGETS) {
      for (const box of document.querySelectorAll(widget.selector)) {
        whenNear(box, () => load(widget.script)
          .then(() => widget.api().setUp(box))
          .catch((error) => console.error(error)));
      }
    }
  }

  if (typeof document$ !== "undefined") document$.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", onPage);
})();
