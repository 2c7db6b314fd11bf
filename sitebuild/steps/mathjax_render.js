// Typeset TeX to CHTML with MathJax 3 in Node, for sitebuild/steps/typeset_math.py.
//
//   node mathjax_render.js ES5_DIR OPTIONS_JSON
//
// Reads one JSON request per line on stdin, {"tex": ..., "display": bool},
// and answers each with one JSON line: {"html": the mjx-container, with its
// assistive MathML; "css": the CSS rules it needs beyond the base rules} or
// {"error": MathJax's message}. The first line written, before any request,
// is {"base": the CSS rules every formula needs}.
"use strict";
const path = require("path");
const readline = require("readline");

const [es5, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson);

// A stylesheet as its list of rules ("selector {...}"), in order.
const rules = (css) => css.match(/[^{}]+\{[^{}]*\}/g).map((rule) => rule.trim());

require(path.join(es5, "node-main.js")).init({
  loader: { load: ["input/tex", "output/chtml", "a11y/assistive-mml"] },
  tex: {
    ...options.tex,
    // A TeX error or an undefined macro throws, so the build can name it,
    // instead of MathJax's red text in the page.
    formatError: (jax, error) => { throw error; },
  },
  chtml: options.chtml,
  options: { enableAssistiveMml: true },
  startup: { typeset: false },
}).then(async (MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const output = MathJax.startup.output;
  // The CSS a set of formulas needs: MathJax's stylesheet made afresh, so it
  // holds only what was typeset since the last call.
  const sheet = () => {
    const css = adaptor.textContent(MathJax.chtmlStylesheet());
    output.clearCache();
    output.chtmlStyles = null;
    return rules(css);
  };
  await MathJax.tex2chtmlPromise("", { display: false });
  const base = new Set(sheet());
  process.stdout.write(JSON.stringify({ base: [...base] }) + "\n");
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    const { tex, display } = JSON.parse(line);
    let answer;
    try {
      MathJax.texReset();
      const node = await MathJax.tex2chtmlPromise(tex, { display });
      answer = { html: adaptor.outerHTML(node), css: sheet().filter((rule) => !base.has(rule)) };
    } catch (error) {
      output.clearCache();
      output.chtmlStyles = null;
      answer = { error: String(error.message || error) };
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  }
}).catch((error) => {
  process.stderr.write(`MathJax did not start: ${error.stack || error}\n`);
  process.exit(1);
});
