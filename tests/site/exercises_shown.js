// What docs/javascripts/exercises.js shows for each exercise: its "Given: …" line and the
// answer it fills into the solution. Runs the page's own script on a stand-in for the DOM
// (tests/site/test_page_notebooks.py: a page notebook must show the same text).
// Usage: node exercises_shown.js exercises.js exercises.json
const fs = require("fs");
const [script, dataFile] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(dataFile, "utf8"));
function element(tag, dataset = {}) {
  const node = { tagName: tag.toUpperCase(), children: [], dataset, style: {}, textContent: "",
    classList: { add() {}, remove() {}, toggle() {}, contains() { return false; } } };
  return new Proxy(node, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === "append") return (...nodes) => target.children.push(...nodes);
      if (key === "replaceChildren") return (...nodes) => { target.children = nodes; };
      if (typeof key === "string" && /Sibling$|^parent/.test(key)) return null;
      return () => null;
    },
  });
}
const ids = Object.keys(data.exercises);
const boxes = ids.map((id) => element("div", { exercise: id }));
const spans = ids.map((id) => element("span", { exercise: id }));
let ready = null;
globalThis.window = globalThis;
window.backpropExerciseData = data;
globalThis.document = {
  createElement: (tag) => element(tag),
  querySelector: (selector) => (selector.includes("exercise") ? boxes[0] : null),
  querySelectorAll: (selector) => (selector.includes("exercise-answer") ? spans : selector.includes(".exercise") ? boxes : []),
  addEventListener: (event, listener) => { if (event === "DOMContentLoaded") ready = listener; },
};
eval(fs.readFileSync(script, "utf8"));
ready();
const shown = {};
ids.forEach((id, k) => {
  const given = boxes[k].children.find((child) => child.className === "exercise-given");
  shown[id] = { given: given ? given.textContent : "", answer: spans[k].textContent };
});
process.stdout.write(JSON.stringify(shown));
