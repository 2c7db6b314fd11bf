// Search result links that say what was found (tests/browser/test_browser_search_links.py).
//
// Material adds ?h=<terms> to each result's link, the query's terms that
// the result's own text matched, so the page it opens highlights them. A
// page whose sections matched but whose own text did not is listed above
// its sections with no terms: its link ended in "?h=". Such a link gets the
// terms of its first section that has some, or loses the parameter.
(function () {
  "use strict";

  function mend(link) {
    var url = new URL(link.href);
    if (!url.searchParams.has("h") || url.searchParams.get("h")) return;
    var item = link.closest(".md-search-result__item");
    var terms = Array.prototype.map.call(item ? item.querySelectorAll(".md-search-result__link") : [], function (a) {
      return new URL(a.href).searchParams.get("h");
    }).filter(Boolean)[0];
    if (terms) url.searchParams.set("h", terms);
    else url.searchParams.delete("h");
    link.setAttribute("href", url.href);
  }

  var list = document.querySelector(".md-search-result__list");
  if (!list) return;
  // Material renders results in batches as the list scrolls: mend each batch as it arrives.
  new MutationObserver(function () {
    list.querySelectorAll(".md-search-result__link[href*='?h=&'], .md-search-result__link[href$='?h=']," +
                          " .md-search-result__link[href*='?h=#']").forEach(mend);
  }).observe(list, { childList: true, subtree: true });
})();
