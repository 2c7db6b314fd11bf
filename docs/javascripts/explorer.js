// The explorers of the 2-2-2 page (the output layer) and of the hidden-layer
// page (<div class="explorer" data-layer="hidden">): edit x, W^(h), W^(out)
// and y, and watch every quantity of the page follow. Its start values, its rounding rule and (for
// the tests) the numbers it must show come from snippets/explorer.py, recorded
// in snippets/explorer.json and embedded in the page as
// <script type="application/json" id="explorer-data"> inside a <template>
// inside a <div class="explorer">. Nothing here knows a number of the example.
//
// compute() repeats snippets/mlp.py operation for operation (the sigmoid's
// two branches, the loss through log1p/exp like np.logaddexp), so its float64
// results agree with Python's to rounding (tests/browser/test_browser_explorer.py).
// Each input change computes the quantities once (update); render() and the
// path under the tree only show them. Numbers are printed as HTML text;
// nothing is typeset at run time.
(function () {
  "use strict";

  const MINUS = "\u2212";
  const SVG = "http://www.w3.org/2000/svg";

  // ---- The computation (pure; exposed as window.backpropExplorer.compute) ----

  function sigmoid(z) {
    // e^(-|z|) never overflows (mlp.sigmoid)
    const e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  // ln(1 + e^v), as np.logaddexp(0, v) computes it
  function logOnePlusExp(v) {
    if (v === 0) return Math.LN2;
    return v < 0 ? Math.log1p(Math.exp(v)) : v + Math.log1p(Math.exp(-v));
  }

  // A 1 x 2 row times a 2 x 2 matrix, entry j = r[0] W[0][j] + r[1] W[1][j].
  function rowTimes(r, W) {
    return [0, 1].map((j) => r[0] * W[0][j] + r[1] * W[1][j]);
  }

  function finiteOrNull(v) {
    return Number.isFinite(v) ? v : null;
  }

  // params: {x: [[x1, x2]], W_h: 2 x 2, W_out: 2 x 2, y: [[y1, y2]]} (rows, as in Python).
  // Returns the same names as explorer.quantities(): rows stay 1 x 2; null
  // where float64 has no value (an output that rounded to exactly 0 or 1).
  function compute(params) {
    const x = params.x[0], y = params.y[0];
    const zH = rowTimes(x, params.W_h);
    const aH = zH.map(sigmoid);
    const zOut = rowTimes(aH, params.W_out);
    const aOut = zOut.map(sigmoid);
    // J = Σ_j [y ln(1 + e^(-z)) + (1 - y) ln(1 + e^z)]: finite for every finite z
    let J = 0;
    for (let j = 0; j < 2; j++) {
      J += y[j] * logOnePlusExp(-zOut[j]) + (1 - y[j]) * logOnePlusExp(zOut[j]);
    }
    const saturated = aOut.map((a) => a === 0 || a === 1);
    // ∂J/∂a = -y/a + (1 - y)/(1 - a), undefined where a rounded to 0 or 1
    const dJda = aOut.map((a, j) => (saturated[j] ? null : finiteOrNull(-y[j] / a + (1 - y[j]) / (1 - a))));
    const dadz = aOut.map((a) => a * (1 - a));
    const product = dJda.map((d, j) => (d === null ? null : finiteOrNull(d * dadz[j])));
    const delta = aOut.map((a, j) => a - y[j]);
    const chain = [0, 1].map((i) =>
      [0, 1].map((j) => (dJda[j] === null ? null : finiteOrNull(dJda[j] * dadz[j] * aH[i]))));
    // (a^(h))^T δ^(out): entry (i, j) = a_i^(h) δ_j^(out)
    const grad = [0, 1].map((i) => [0, 1].map((j) => aH[i] * delta[j]));
    // The same δ and σ' computed from z, never from the rounded a: a - y =
    // (1 - y) σ(z) - y (1 - σ(z)) and 1 - σ(z) = σ(-z), so no term cancels.
    // Where an output saturated, a - y from the rounded a can lose all of δ
    // (a = 1, y = 1 gives 0 where δ = -σ(-z)); these keep it.
    const deltaExact = zOut.map((z, j) => (1 - y[j]) * sigmoid(z) - y[j] * sigmoid(-z));
    const dadzExact = zOut.map((z) => sigmoid(z) * sigmoid(-z));
    const gradExact = [0, 1].map((i) => [0, 1].map((j) => aH[i] * deltaExact[j]));
    // The hidden layer (mlp.hidden_delta, mlp.grad_W_h): unit i gathers δ_j w_ij
    // over the outputs j it feeds, times its own σ' = a(1 - a).
    const W = params.W_out;
    const terms = [0, 1].map((i) => [0, 1].map((j) => delta[j] * W[i][j]));
    const dJdaH = [0, 1].map((i) => delta[0] * W[i][0] + delta[1] * W[i][1]);
    const dadzH = aH.map((a) => a * (1 - a));
    const deltaH = [0, 1].map((i) => dJdaH[i] * aH[i] * (1 - aH[i]));
    // x^T δ^(h): entry (l, i) = x_l δ_i^(h); path j of it, δ_j w_ij · a_i(1 - a_i) · x_l
    const gradH = [0, 1].map((l) => [0, 1].map((i) => x[l] * deltaH[i]));
    const paths = [0, 1].map((l) => [0, 1].map((i) => [0, 1].map((j) => terms[i][j] * dadzH[i] * x[l])));
    return {
      z_h: [zH], a_h: [aH], z_out: [zOut], a_out: [aOut], J,
      dJ_da: [dJda], da_dz: [dadz], product: [product],
      a_minus_y: [delta], delta_out: [delta.slice()],
      chain, grad, saturated: [saturated],
      delta_exact: [deltaExact], da_dz_exact: [dadzExact], grad_exact: gradExact,
      terms, dJ_da_h: [dJdaH], da_dz_h: [dadzH], delta_h: [deltaH], grad_W_h: gradH, paths,
      x: [x.slice()], W_out: W.map((r) => r.slice()),
    };
  }

  // ---- Printing numbers: the rule comes from explorer.json's "display" ----

  function formatter(display, noValue) {
    const zero = "0." + "0".repeat(display.decimals);
    return function shown(v) {
      if (v === null || v === undefined || !Number.isFinite(v)) return noValue;
      if (v === 0) return zero;
      const sign = v < 0 ? MINUS : "";
      const size = Math.abs(v);
      if (size >= display.fixed_from && size < display.fixed_below) return sign + size.toFixed(display.decimals);
      const [mantissa, exponent] = size.toExponential(display.significant - 1).split("e");
      const e = Number(exponent);
      return `${sign}${mantissa} × 10<sup>${e < 0 ? MINUS : ""}${Math.abs(e)}</sup>`;
    };
  }

  // ---- Reading what the reader typed ----

  // exercises.js's reader (on every page): "−0.5", "-0,5" and "1/6" as in the exercises.
  function parse(text, limit, isTarget) {
    if (!text.trim()) return { error: "Type a number here." };
    const value = window.backpropNumbers.parseNumber(text);
    if (Number.isNaN(value)) {
      return { error: `“${text.trim()}” is not a number (write it like −1.25, 0,5, 3e-2 or 1/6).` };
    }
    if (!(Math.abs(value) <= limit)) {
      return { error: `Keep it between ${MINUS}${limit.toLocaleString("en")} and ${limit.toLocaleString("en")}.` };
    }
    if (isTarget && !(value >= 0 && value <= 1)) return { error: "A target lies between 0 and 1." };
    return { value };
  }

  // ---- Small DOM helpers ----

  function el(tag, attributes, html) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  function svgEl(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // An SVG <text> from "a_{1}^{(out)}": subscripts and superscripts become
  // tspans (explorer.css sizes and shifts them), not Unicode's small modifier
  // letters, which a phone draws about 7 px tall.
  function svgMath(attributes, source) {
    const text = svgEl("text", attributes);
    for (const [part, mark, script] of source.matchAll(/([_^])\{([^}]*)\}|[^_^]+/g)) {
      text.append(mark ? svgEl("tspan", { class: mark === "_" ? "explorer-sub" : "explorer-sup" }, script)
                       : document.createTextNode(part));
    }
    return text;
  }

  // A span that shows one number; data-q names it like explorer.quantities():
  // "a_h.0.1" is a_h[0][1].
  function num(key) {
    return `<span class="explorer-num" data-q="${key}"></span>`;
  }

  // A number inside a product or after "+": a negative one is drawn in
  // parentheses (explorer.css, from data-sign), its text stays the number.
  function factor(key) {
    return `<span class="explorer-num explorer-paren" data-q="${key}"></span>`;
  }

  function row(name) {
    return `<span class="explorer-row">[${num(name + ".0.0")}, ${num(name + ".0.1")}]</span>`;
  }

  const OUT = "<sup>(out)</sup>", H = "<sup>(h)</sup>";
  const w = (i, j) => `w<sub>${i},${j}</sub>${OUT}`;

  // ---- The widget ----

  const INPUTS = [
    { name: "x", spokenName: "x", title: `x <span class="explorer-shape">(1 × 2)</span>`, rows: 1,
      visible: (i, j) => `x<sub>${j + 1}</sub>`, spoken: (i, j) => `input ${j + 1}` },
    { name: "W_h", spokenName: "W(h)", title: `W${H} <span class="explorer-shape">(2 × 2)</span>`, rows: 2,
      visible: (i, j) => `w<sub>${i + 1},${j + 1}</sub>${H}`,
      spoken: (i, j) => `from input ${i + 1} to hidden unit ${j + 1}` },
    { name: "W_out", spokenName: "W(out)", title: `W${OUT} <span class="explorer-shape">(2 × 2)</span>`, rows: 2,
      visible: (i, j) => w(i + 1, j + 1),
      spoken: (i, j) => `from hidden unit ${i + 1} to output ${j + 1}` },
    { name: "y", spokenName: "y", title: `y <span class="explorer-shape">(1 × 2)</span>`, rows: 1,
      visible: (i, j) => `y<sub>${j + 1}</sub>`, spoken: (i, j) => `target of output ${j + 1}` },
  ];

  function ruleText(display, limit) {
    return `Numbers are rounded to ${display.decimals} decimals (half away from zero); a number smaller than ` +
      `${display.fixed_from} (but not 0), or of ${display.fixed_below.toLocaleString("en")} or more, ` +
      `shows ${display.significant} significant digits and a power of ten. ` +
      `The computation keeps every digit of float64. Type numbers between ${MINUS}${limit.toLocaleString("en")} ` +
      `and ${limit.toLocaleString("en")}; targets between 0 and 1.`;
  }

  // A phone keyboard that has a minus: iOS's "decimal" keypad has none (5 of
  // the 12 start values are negative), the full keyboard's number row has the
  // minus, the comma, the point and the slash a reader may type.
  function buildInputs(box, prefix, layer) {
    const fieldset = el("fieldset", { class: "explorer-inputs" });
    fieldset.append(el("legend", {}, "Inputs (edit any number)"));
    const grids = el("div", { class: "explorer-matrices" });
    for (const spec of INPUTS) {
      const group = el("div", { class: "explorer-matrix", role: "group", "aria-label": spec.spokenName });
      group.append(el("div", { class: "explorer-matrix-title", "aria-hidden": "true" }, spec.title));
      const grid = el("div", { class: "explorer-grid" });
      for (let i = 0; i < spec.rows; i++) {
        for (let j = 0; j < 2; j++) {
          const id = `${prefix}-${spec.name}-${i}-${j}`;
          const cell = el("div", { class: "explorer-cell" });
          const label = el("label", { for: id });
          // What a screen reader announces is the visible name, then its meaning.
          label.innerHTML = spec.visible(i, j);
          label.append(el("span", { class: "explorer-sr" }, ", " + spec.spoken(i, j)));
          const input = el("input", {
            id, type: "text", inputmode: "text", enterkeyhint: "done", autocomplete: "off", spellcheck: "false",
            class: "explorer-input", "data-input": `${spec.name}.${i}.${j}`, "aria-describedby": `${id}-msg`,
          });
          if (spec.name === (layer === "hidden" ? "W_h" : "W_out")) input.dataset.weight = `${i}.${j}`;
          const message = el("span", { class: "explorer-message", id: `${id}-msg`, "aria-live": "polite" });
          cell.append(label, input, message);
          grid.append(cell);
        }
      }
      group.append(grid);
      grids.append(group);
    }
    fieldset.append(grids);
    const reset = el("button", { type: "button", class: "explorer-reset" }, "Back to the worked example");
    fieldset.append(reset);
    box.append(fieldset);
    return { fieldset, reset };
  }

  // J and the gradient this explorer is about, kept below the page's header
  // while the reader types (sticky): on a phone the outputs are two screens
  // below the boxes. The outputs further down say the same to a
  // screen reader, so this copy is hidden from it.
  function buildSummary(box, layer) {
    const [name, key, W] = layer === "hidden" ? [`W${H}`, "grad_W_h", "W_h"] : [`W${OUT}`, "grad", "W_out"];
    const cells = [0, 1].map((i) => [0, 1].map((j) =>
      `<span class="explorer-summary-entry" data-weight="${i}.${j}">${num(`${key}.${i}.${j}`)}</span>`).join("")).join("");
    const summary = el("div", { class: "explorer-summary", "aria-hidden": "true", "data-summary": W },
      `<span class="explorer-summary-j">J = ${num("J")}</span>
       <span class="explorer-summary-grad"><span>∂J/∂${name} =</span>
       <span class="explorer-summary-matrix">${cells}</span></span>`);
    box.append(summary);
    return summary;
  }

  function forwardPart() {
    const forward = el("section", { class: "explorer-part" });
    forward.innerHTML = `<h3 class="explorer-heading">Forward pass and loss</h3>
      <dl class="explorer-list">
        <dt>z${H} = x W${H}</dt><dd>${row("z_h")}</dd>
        <dt>a${H} = σ(z${H})</dt><dd>${row("a_h")}</dd>
        <dt>z${OUT} = a${H} W${OUT}</dt><dd>${row("z_out")}</dd>
        <dt>a${OUT} = σ(z${OUT})</dt><dd>${row("a_out")}</dd>
        <dt>J</dt><dd>${num("J")}</dd>
      </dl>`;
    return forward;
  }

  function buildOutputs(box, layer) {
    const parts = layer === "hidden" ? hiddenParts() : outputParts();
    const outputs = el("div", { class: "explorer-outputs" });
    outputs.append(forwardPart(), ...parts);
    box.append(outputs);
    return outputs;
  }

  // The output layer's explorer (the 2-2-2 page).
  function outputParts() {
    const cancel = el("section", { class: "explorer-part" });
    const cancelRows = [0, 1].map((j) => `<tr data-output="${j}">
        <th scope="row">j = ${j + 1}</th>
        <td>${num(`dJ_da.0.${j}`)}</td><td>${num(`da_dz.0.${j}`)}</td>
        <td>${num(`product.0.${j}`)}</td><td>${num(`a_minus_y.0.${j}`)}</td></tr>`).join("");
    cancel.innerHTML = `<h3 class="explorer-heading">Where σ′ goes: ∂J/∂a · a(1 − a) = a − y</h3>
      <div class="explorer-table-wrap"><table class="explorer-table">
        <thead><tr><th scope="col">output</th><th scope="col">∂J/∂a<sub>j</sub>${OUT}</th>
          <th scope="col">a<sub>j</sub>(1 − a<sub>j</sub>)</th><th scope="col">their product</th>
          <th scope="col">a<sub>j</sub> − y<sub>j</sub></th></tr></thead>
        <tbody>${cancelRows}</tbody></table></div>
      <div class="explorer-notes" data-saturation-notes></div>`;

    const chain = el("section", { class: "explorer-part" });
    const chainRows = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([i, j]) => `<li data-weight="${i}.${j}">
        <span class="explorer-lhs">∂J/∂${w(i + 1, j + 1)}</span> =
        <span class="explorer-factor" data-factor="1">${num(`dJ_da.0.${j}`)}</span> ·
        <span class="explorer-factor" data-factor="2">${num(`da_dz.0.${j}`)}</span> ·
        <span class="explorer-factor" data-factor="3">${num(`a_h.0.${i}`)}</span> =
        <strong>${num(`chain.${i}.${j}`)}</strong></li>`).join("");
    chain.innerHTML = `<h3 class="explorer-heading">The four chain-rule products</h3>
      <p class="explorer-caption">∂J/∂w<sub>i,j</sub>${OUT} = ∂J/∂a<sub>j</sub>${OUT} · ∂a<sub>j</sub>${OUT}/∂z<sub>j</sub>${OUT} · a<sub>i</sub>${H}, the uncancelled route:</p>
      <ul class="explorer-chain">${chainRows}</ul>`;

    const gradient = el("section", { class: "explorer-part" });
    const cells = [0, 1].map((i) => [0, 1].map((j) => `<button type="button" class="explorer-entry"
        data-weight="${i}.${j}" aria-pressed="false"><span class="explorer-sr">Choose ∂J/∂w(out) ${i + 1},${j + 1}: </span>${num(`grad.${i}.${j}`)}</button>`).join("")).join("");
    gradient.innerHTML = `<h3 class="explorer-heading">The gradient ∂J/∂W${OUT} = (a${H})<sup>T</sup> δ${OUT}</h3>
      <div class="explorer-outer">
        <div class="explorer-column">
          <span class="explorer-tag">(a${H})<sup>T</sup></span>${num("a_h.0.0")}${num("a_h.0.1")}</div>
        <span class="explorer-op" aria-hidden="true">×</span>
        <div class="explorer-rowvec"><span class="explorer-tag">δ${OUT} = a${OUT} − y</span>
          <span>${num("delta_out.0.0")}, ${num("delta_out.0.1")}</span></div>
        <span class="explorer-op" aria-hidden="true">=</span>
        <div class="explorer-gradient" role="group" aria-label="gradient entries; choose one to see its path">${cells}</div>
      </div>
      <p class="explorer-caption">Entry (i, j) is a<sub>i</sub>${H} δ<sub>j</sub>${OUT}: row i is hidden unit i, column j output j. Choose an entry, or focus a w${OUT} box, to follow its path.</p>`;

    const tree = el("section", { class: "explorer-part explorer-path" });
    tree.innerHTML = `<h3 class="explorer-heading">The one path from J to the chosen weight</h3>
      <div class="explorer-tree"></div>
      <p class="explorer-path-text" data-path-text aria-live="polite"></p>`;
    tree.querySelector(".explorer-tree").append(drawTree());

    return [cancel, chain, gradient, tree];
  }

  const dOut = (j) => `δ<sub>${j + 1}</sub>${OUT}`;

  // The hidden layer's explorer (the hidden-layer page): δ^(h), and ∂J/∂W^(h)
  // as x^T δ^(h), each entry the sum of its two paths.
  function hiddenParts() {
    const back = el("section", { class: "explorer-part" });
    // one column per hidden unit, so it fits a phone
    const backRow = (head, key) => `<tr><th scope="row">${head}</th>` +
      [0, 1].map((i) => `<td>${num(key(i))}</td>`).join("") + "</tr>";
    const backRows = [
      backRow(`${dOut(0)} w<sub>i,1</sub>${OUT}`, (i) => `terms.${i}.0`),
      backRow(`${dOut(1)} w<sub>i,2</sub>${OUT}`, (i) => `terms.${i}.1`),
      backRow(`their sum, ∂J/∂a<sub>i</sub>${H}`, (i) => `dJ_da_h.0.${i}`),
      backRow(`a<sub>i</sub>${H}(1 − a<sub>i</sub>${H})`, (i) => `da_dz_h.0.${i}`),
      backRow(`δ<sub>i</sub>${H}, their product`, (i) => `delta_h.0.${i}`),
    ].join("");
    back.innerHTML = `<h3 class="explorer-heading">Back through W${OUT}: δ${H} = (δ${OUT} (W${OUT})<sup>T</sup>) ⊙ a${H} ⊙ (1 − a${H})</h3>
      <dl class="explorer-list"><dt>δ${OUT} = a${OUT} − y</dt><dd>${row("delta_out")}</dd></dl>
      <div class="explorer-table-wrap"><table class="explorer-table">
        <thead><tr><th scope="col">hidden unit</th><th scope="col">i = 1</th><th scope="col">i = 2</th></tr></thead>
        <tbody>${backRows}</tbody></table></div>
      <p class="explorer-caption">Hidden unit i feeds both outputs, so its ∂J/∂a<sub>i</sub>${H} adds one term per output; σ′ = a(1 − a) does not cancel here.</p>`;

    const gradient = el("section", { class: "explorer-part" });
    const cells = [0, 1].map((l) => [0, 1].map((i) => `<button type="button" class="explorer-entry"
        data-weight="${l}.${i}" aria-pressed="false"><span class="explorer-sr">Choose ∂J/∂w(h) ${l + 1},${i + 1}: </span>${num(`grad_W_h.${l}.${i}`)}</button>`).join("")).join("");
    gradient.innerHTML = `<h3 class="explorer-heading">The gradient ∂J/∂W${H} = x<sup>T</sup> δ${H}</h3>
      <div class="explorer-outer">
        <div class="explorer-column"><span class="explorer-tag">x<sup>T</sup></span>${num("x.0.0")}${num("x.0.1")}</div>
        <span class="explorer-op" aria-hidden="true">×</span>
        <div class="explorer-rowvec"><span class="explorer-tag">δ${H}</span>
          <span>${num("delta_h.0.0")}, ${num("delta_h.0.1")}</span></div>
        <span class="explorer-op" aria-hidden="true">=</span>
        <div class="explorer-gradient" role="group" aria-label="gradient entries; choose one to see its two paths">${cells}</div>
      </div>
      <p class="explorer-caption">Entry (l, i) is x<sub>l</sub> δ<sub>i</sub>${H}: row l is input l, column i hidden unit i. Choose an entry, or focus a w${H} box, to follow its two paths.</p>`;

    const paths = el("section", { class: "explorer-part explorer-path" });
    paths.innerHTML = `<h3 class="explorer-heading">The two paths from J to the chosen weight</h3>
      <p class="explorer-path-text" data-path-text aria-live="polite"></p>`;
    return [back, gradient, paths];
  }

  // The dependency tree, J at the top, the four output weights at the bottom.
  function drawTree() {
    const svg = svgEl("svg", { viewBox: "0 0 360 262", class: "explorer-svg", role: "img",
      "aria-label": "Dependency tree: J depends on a1(out) and a2(out), each a_j(out) on z_j(out), " +
        "and z_j(out) on w1,j(out) and w2,j(out)." });
    const nodes = {
      J: [180, 20, "J"],
      a0: [95, 90, "a_{1}^{(out)}"], a1: [265, 90, "a_{2}^{(out)}"],
      z0: [95, 160, "z_{1}^{(out)}"], z1: [265, 160, "z_{2}^{(out)}"],
      w00: [40, 240, "w_{1,1}^{(out)}"], w10: [140, 240, "w_{2,1}^{(out)}"],
      w01: [220, 240, "w_{1,2}^{(out)}"], w11: [320, 240, "w_{2,2}^{(out)}"],
    };
    const edges = [];
    for (const j of [1, 2]) {
      edges.push(["J", `a${j - 1}`, `∂J/∂a_{${j}}`, j - 1, null, 1]);
      edges.push([`a${j - 1}`, `z${j - 1}`, `a_{${j}}(1−a_{${j}})`, j - 1, null, 2]);
      for (const i of [1, 2]) edges.push([`z${j - 1}`, `w${i - 1}${j - 1}`, `a_{${i}}^{(h)}`, j - 1, i - 1, 3]);
    }
    for (const [from, to, label, j, i, factor] of edges) {
      const [x1, y1] = nodes[from], [x2, y2] = nodes[to];
      const group = svgEl("g", { class: "explorer-edge", "data-output": j, "data-hidden": i === null ? "" : i,
                                 "data-factor": factor });
      group.append(svgEl("line", { x1, y1: y1 + 14, x2, y2: y2 - 14 }));
      const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      const side = factor === 3 ? (x2 < x1 ? -1 : 1) : (j === 0 ? -1 : 1);
      group.append(svgMath({ x: mx + side * (factor === 3 ? 14 : 8), y: my + 4,
                             "text-anchor": side < 0 ? "end" : "start" }, label));
      svg.append(group);
    }
    for (const [key, [cx, cy, label]] of Object.entries(nodes)) {
      const group = svgEl("g", { class: "explorer-node", "data-node": key });
      group.append(svgEl("rect", { x: cx - 36, y: cy - 14, width: 72, height: 28, rx: 6 }));
      group.append(svgMath({ x: cx, y: cy + 6, "text-anchor": "middle" }, label));
      svg.append(group);
    }
    return svg;
  }

  // ---- One explorer: read its inputs, compute once per change, show ----

  // explorer.json, from the box. The data sits in a <template>: Material's
  // instant navigation re-creates every <script> of the new page without its
  // attributes and runs it, so a bare JSON script would run as JavaScript (a
  // SyntaxError that stops the navigation). A template's content is inert and
  // left alone.
  function dataOf(box) {
    const template = box.querySelector("template");
    const source = (template ? template.content : box).querySelector('script[type="application/json"]');
    return source ? JSON.parse(source.textContent) : null;
  }

  // Draws the widget into box. Returns its parts and its state: `values`, the
  // quantities of what the inputs hold (null while one is not a number), and
  // `chosen`, the output weight whose path is shown.
  // The box's data-layer, "hidden" on the hidden-layer page, picks what it
  // explains; the inputs, the computation and the rules are the same.
  function build(box, data) {
    const prefix = "explorer" + (document.querySelectorAll(".explorer[data-explorer-ready]").length);
    const layer = box.dataset.layer === "hidden" ? "hidden" : "output";
    box.append(el("p", { class: "explorer-rule" }, ruleText(data.display, data.limit)));
    // The summary sticks only while the inputs are on the screen, not over the outputs.
    const typing = el("div", { class: "explorer-typing" });
    box.append(typing);
    const summary = buildSummary(typing, layer);
    const { reset } = buildInputs(typing, prefix, layer);
    const status = el("p", { class: "explorer-status", role: "status", "aria-live": "polite" });
    box.append(status);
    const outputs = buildOutputs(box, layer);
    return {
      box, data, layer, reset, status, outputs, summary,
      inputs: [...box.querySelectorAll("input[data-input]")],
      shown: formatter(data.display, data.no_value),
      values: null, chosen: [0, 0],
    };
  }

  function fill(inputs, values) {
    for (const input of inputs) {
      const [name, i, j] = input.dataset.input.split(".");
      input.value = String(values[name][i][j]);
    }
  }

  // The parameters typed, as compute() takes them, or null while one is not a
  // number; each input's message says what is wrong with it.
  function read(widget) {
    const params = { x: [[0, 0]], W_h: [[0, 0], [0, 0]], W_out: [[0, 0], [0, 0]], y: [[0, 0]] };
    let ok = true;
    for (const input of widget.inputs) {
      const [name, i, j] = input.dataset.input.split(".");
      const parsed = parse(input.value, widget.data.limit, name === "y");
      widget.box.querySelector(`#${input.id}-msg`).textContent = parsed.error || "";
      input.setAttribute("aria-invalid", parsed.error ? "true" : "false");
      if (parsed.error) ok = false;
      else params[name][i][j] = parsed.value;
    }
    return ok ? params : null;
  }

  // From the inputs to the network's quantities (null while one is not a number).
  function quantitiesOf(widget) {
    const params = read(widget);
    return params && compute(params);
  }

  // After every input change: the one place the quantities are computed.
  function update(widget) {
    widget.values = quantitiesOf(widget);
    render(widget, widget.values);
  }

  function lookup(values, key) {
    return key.split(".").reduce((v, part) => v[part], values);
  }

  // Each number span inside container shows its quantity, or "–" without values.
  function showNumbers(container, values, shown) {
    for (const span of container.querySelectorAll("[data-q]")) {
      if (!values) {
        span.textContent = "–";
        span.dataset.sign = "";
        continue;
      }
      const v = lookup(values, span.dataset.q);
      span.innerHTML = shown(v);
      span.dataset.sign = v < 0 ? "negative" : "";
      span.classList.toggle("explorer-novalue", v === null);
    }
  }

  // float64's smallest normal number, 2^-1022: below it a number is subnormal and
  // keeps fewer significant digits, down to Number.MIN_VALUE (2^-1074); a smaller
  // one rounds to 0.
  const SMALLEST_NORMAL = 2 ** -1022;

  // What float64 holds of σ' and δ computed from z. At a saturated output neither
  // is 0 in truth, so a 0 here is an underflow.
  function heldFromZ(named, shown) {
    const zero = named.filter(([, v]) => v === 0).map(([name]) => name);
    const subnormal = named.filter(([, v]) => v !== 0 && Math.abs(v) < SMALLEST_NORMAL).map(([name]) => name);
    if (!zero.length && !subnormal.length) return "Both are normal float64 numbers, held to full precision.";
    const sentences = [];
    if (subnormal.length) {
      sentences.push(`${subnormal.join(" and ")} ${subnormal.length > 1 ? "are" : "is"} subnormal: below ` +
        `${shown(SMALLEST_NORMAL)} float64 keeps fewer significant digits, the fewer the smaller the number.`);
    }
    if (zero.length) {
      const both = zero.length > 1;
      sentences.push(`${zero.join(" and ")} underflowed to 0: ${both ? "their true values lie" : "its true value lies"} ` +
        `below ${shown(Number.MIN_VALUE)}, the smallest positive float64, so no route in float64 gives ` +
        `${both ? "them" : "it"}.`);
    }
    return sentences.join(" ");
  }

  function saturationNotes(values, shown, noValue) {
    const notes = [];
    values.saturated[0].forEach((saturated, j) => {
      if (!saturated) return;
      const a = values.a_out[0][j];
      const n = j + 1;
      const exact = values.delta_exact[0][j];
      const cancelled = values.a_minus_y[0][j];
      const column = [0, 1].map((i) => shown(values.grad_exact[i][j])).join(", ");
      const rounded = a === 1
        ? `a<sub>${n}</sub>${OUT} rounded to exactly 1 in float64, and 1 − a<sub>${n}</sub> = 0`
        : `a<sub>${n}</sub>${OUT} = σ(z<sub>${n}</sub>) underflowed to exactly 0 in float64`;
      const held = heldFromZ([[`σ′(z<sub>${n}</sub>)`, values.da_dz_exact[0][j]], [`δ<sub>${n}</sub>`, exact]], shown);
      // exact === 0 only by underflow, and then a - y is 0 too (a = y = 1, or a = y = 0)
      const verdict = exact === 0
        ? `The cancelled form a<sub>${n}</sub> − y<sub>${n}</sub> gives 0 as well: the table's δ<sub>${n}</sub> and ` +
          `gradient column ${n} are 0, where the true ones are not.`
        : exact === cancelled
          ? `The cancelled form a<sub>${n}</sub> − y<sub>${n}</sub> gives the same float64 number, so the ` +
            `table's δ<sub>${n}</sub> and gradient are exact.`
          : `The cancelled form a<sub>${n}</sub> − y<sub>${n}</sub>, computed from the rounded a as the page's ` +
            `code does (and the table shows), gives ${shown(cancelled)}; with δ<sub>${n}</sub> from z the ` +
            `gradient's column ${n} is [${column}].`;
      notes.push(`<p class="explorer-note" data-saturated="${j}"><strong>Output ${n} saturated.</strong> ` +
        `z<sub>${n}</sub>${OUT} = ${shown(values.z_out[0][j])}, so ${rounded}. ` +
        `Computed from that rounded a, ∂J/∂a<sub>${n}</sub> divides by zero and a<sub>${n}</sub>(1 − a<sub>${n}</sub>) ` +
        `is 0, so the table shows ${noValue} for the uncancelled route. ` +
        `Computed from z instead, σ′(z<sub>${n}</sub>) = σ(z<sub>${n}</sub>) σ(−z<sub>${n}</sub>) = ` +
        `${shown(values.da_dz_exact[0][j])} and δ<sub>${n}</sub> = (1 − y<sub>${n}</sub>) σ(z<sub>${n}</sub>) − ` +
        `y<sub>${n}</sub> σ(−z<sub>${n}</sub>) = ${shown(exact)}. ${held} ${verdict} ` +
        `J stays finite: it is computed from z. Why the frameworks compute J and δ from the logits, and what ` +
        `a rounded a loses: <a href="../from-logits/">δ from the logits</a>.</p>`);
    });
    return notes.join("");
  }

  const SATURATED = "An output saturated in float64: see the note under the table.";
  // The hidden layer's explorer has no such note: it shows what mlp.py computes.
  const SATURATED_HIDDEN = "An output saturated in float64: its a rounded to exactly 0 or 1, and " +
    "δ(out) = a − y is computed from that rounded a, as mlp.py's output_delta does.";

  // Shows the quantities handed to it (null: the inputs hold no valid set).
  function render(widget, values) {
    const { box, outputs, summary, status, shown } = widget;
    outputs.classList.toggle("explorer-stale", !values);
    showNumbers(outputs, values, shown);
    showNumbers(summary, values, shown);
    const notes = outputs.querySelector("[data-saturation-notes]");
    if (notes) notes.innerHTML = values ? saturationNotes(values, shown, widget.data.no_value) : "";
    if (!values) status.textContent = "Waiting for valid numbers: see the message next to the marked input.";
    else if (values.saturated[0].some(Boolean)) status.textContent = widget.layer === "hidden" ? SATURATED_HIDDEN : SATURATED;
    else status.textContent = "";
    box.dataset.renders = String(Number(box.dataset.renders) + 1);
    showPath(widget);
  }

  // The chosen weight's entry, chain-rule row, input and tree path, lit.
  function highlight(box, [i, j]) {
    const key = `${i}.${j}`;
    for (const node of box.querySelectorAll("[data-weight]")) {
      const on = node.dataset.weight === key;
      node.classList.toggle("explorer-chosen", on);
      if (node.hasAttribute("aria-pressed")) node.setAttribute("aria-pressed", String(on));
    }
    for (const edge of box.querySelectorAll(".explorer-edge")) {
      const on = Number(edge.dataset.output) === j && (edge.dataset.hidden === "" || Number(edge.dataset.hidden) === i);
      edge.classList.toggle("explorer-on", on);
    }
    const path = ["J", `a${j}`, `z${j}`, `w${i}${j}`];
    for (const node of box.querySelectorAll(".explorer-node")) {
      node.classList.toggle("explorer-on", path.includes(node.dataset.node));
    }
    box.dataset.chosen = key;
  }

  // The sentence under the tree: the path from J to w_ij, its three factors
  // one by one, then their product. Every "=" is an equation that holds (to
  // the rounding shown): no factor is set equal to the derivative it is part of.
  function outputPathHtml(i, j) {
    const a = `a<sub>${j + 1}</sub>${OUT}`, z = `z<sub>${j + 1}</sub>${OUT}`, ah = `a<sub>${i + 1}</sub>${H}`;
    return `J → ${a} → ${z} → ${w(i + 1, j + 1)}: ` +
      `<span class="explorer-factor" data-factor="1">∂J/∂${a} = ${num(`dJ_da.0.${j}`)}</span>, ` +
      `<span class="explorer-factor" data-factor="2">∂${a}/∂${z} = a<sub>${j + 1}</sub>(1 − a<sub>${j + 1}</sub>) = ${num(`da_dz.0.${j}`)}</span>, ` +
      `<span class="explorer-factor" data-factor="3">∂${z}/∂${w(i + 1, j + 1)} = ${ah} = ${num(`a_h.0.${i}`)}</span>, ` +
      `so ∂J/∂${w(i + 1, j + 1)} = ${factor(`dJ_da.0.${j}`)} · ${factor(`da_dz.0.${j}`)} · ${factor(`a_h.0.${i}`)} = ${num(`chain.${i}.${j}`)}; ` +
      `with the cancellation, ${ah} δ<sub>${j + 1}</sub>${OUT} = ${num(`grad.${i}.${j}`)}.`;
  }

  // The hidden weight w_li: one path through each output j, added.
  function hiddenPathHtml(l, i) {
    const wh = `w<sub>${l + 1},${i + 1}</sub>${H}`, ah = `a<sub>${i + 1}</sub>${H}`, zh = `z<sub>${i + 1}</sub>${H}`;
    const path = (j) => `<span class="explorer-hidden-path" data-path="${j}">Through output ${j + 1}: ` +
      `${dOut(j)} = ${num(`delta_out.0.${j}`)}, ∂z<sub>${j + 1}</sub>${OUT}/∂${ah} = ${w(i + 1, j + 1)} = ${num(`W_out.${i}.${j}`)}, ` +
      `so this path gives ${factor(`delta_out.0.${j}`)} · ${factor(`W_out.${i}.${j}`)} · ${factor(`da_dz_h.0.${i}`)} · ${factor(`x.0.${l}`)} = ` +
      `<strong>${num(`paths.${l}.${i}.${j}`)}</strong>.</span> `;
    return `J → a<sub>1</sub>${OUT} and a<sub>2</sub>${OUT} → z<sub>1</sub>${OUT} and z<sub>2</sub>${OUT} → ${ah} → ${zh} → ${wh}: ` +
      `two paths, one through each output. ` +
      `Both share ∂${ah}/∂${zh} = ${ah}(1 − ${ah}) = ${num(`da_dz_h.0.${i}`)} and ∂${zh}/∂${wh} = x<sub>${l + 1}</sub> = ${num(`x.0.${l}`)}. ` +
      path(0) + path(1) +
      `The chain rule adds them: ∂J/∂${wh} = ${num(`paths.${l}.${i}.0`)} + ${factor(`paths.${l}.${i}.1`)} = ${num(`grad_W_h.${l}.${i}`)}, ` +
      `which is x<sub>${l + 1}</sub> δ<sub>${i + 1}</sub>${H}.`;
  }

  function showPath(widget) {
    const text = widget.box.querySelector("[data-path-text]");
    const [i, j] = widget.chosen;
    text.innerHTML = widget.layer === "hidden" ? hiddenPathHtml(i, j) : outputPathHtml(i, j);
    showNumbers(text, widget.values, widget.shown);
  }

  // A reader chose an output weight (its gradient entry, or its W(out) box).
  function choose(widget, [i, j]) {
    widget.chosen = [i, j];
    highlight(widget.box, widget.chosen);
    showPath(widget);
  }

  function weightOf(node) {
    return node.dataset.weight.split(".").map(Number);
  }

  function listen(widget) {
    for (const input of widget.inputs) {
      input.addEventListener("input", () => update(widget));
      if (input.dataset.weight) input.addEventListener("focus", () => choose(widget, weightOf(input)));
    }
    for (const button of widget.box.querySelectorAll("button.explorer-entry")) {
      button.addEventListener("click", () => choose(widget, weightOf(button)));
    }
    widget.reset.addEventListener("click", () => {
      fill(widget.inputs, widget.data.inputs);
      update(widget);
    });
  }

  function setUp(box) {
    if (box.dataset.explorerReady) return; // built once per page load
    const data = dataOf(box);
    if (!data) return;
    box.dataset.explorerReady = "true";
    box.dataset.renders = "0";
    const widget = build(box, data);
    listen(widget);
    fill(widget.inputs, data.inputs);
    highlight(box, widget.chosen);
    update(widget);
  }

  // Built by widgets.js when the explorer comes near the screen, on any page
  // that has one (instant navigation included); the explorer's listeners live
  // on its own elements, which leave with the page, so nothing global is left.
  window.backpropExplorer = { compute, formatter, parse, setUp };
})();
