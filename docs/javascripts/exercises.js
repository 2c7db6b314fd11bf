// Exercises that check the reader's answer. The answers, and the answer each
// classic mistake gives, come from snippets/exercises.py (recorded in
// snippets/exercises.json, set by an inline script on the page); nothing
// here knows a number. Each <div class="exercise" data-exercise="ID"> becomes
// an answer box; each <span class="exercise-answer" data-exercise="ID"> shows
// the right answer inside the exercise's (folded) solution.
(function () {
  "use strict";

  // ---- One number as a reader types it, shared with the explorer ----
  // (window.backpropNumbers; this file is on every page, before widgets.js).
  // A phone's keyboard may give a Unicode minus or an en dash; a decimal comma
  // ("0,5") reads as a point where the text has no point of its own; a simple
  // fraction ("1/6", "−1/6", "1/-6", "1 / 6") is the number it names.
  const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

  function normalised(text) {
    const minus = text.trim().replace(/\s*\/\s*/g, "/").replace(/[\u2212\u2013\u2012\ufe63\uff0d]/g, "-");
    return minus.includes(".") ? minus : minus.replace(/^([+-]?\d*),(\d)/, "$1.$2").replace(/\/([+-]?\d*),(\d)/, "/$1.$2");
  }

  // The number `text` names (±Infinity beyond float64, "1e400" or "1/0"), or
  // NaN where it names none.
  function parseNumber(text) {
    const parts = normalised(text).split("/");
    if (parts.length > 2 || !parts.every((part) => DECIMAL.test(part))) return NaN;
    return parts.length === 2 ? Number(parts[0]) / Number(parts[1]) : Number(parts[0]);
  }

  window.backpropNumbers = { parseNumber };

  const GENERAL_HINT =
    "Not the answer, and not a classic mistake this exercise knows. " +
    "Redo it one step at a time from the page's numbers, keeping four decimals, or open the solution.";

  // "0.1, -0.2; 0.3 0.4", "[[0.1, -0.2], [0.3, 0.4]]" or one row per line;
  // entries as parseNumber reads them ("1/6", "−0.5");
  // a shape as "100 × 10", "100x10" or "100 by 10"; a decimal comma ("−0,2235")
  // where the comma cannot be a separator (see parseAnswer).
  function parseRows(cleaned) {
    const rows = cleaned
      .split(/\]\s*,?\s*\[|;|\n/)
      .map((row) => row.replace(/[\[\]]/g, " ").trim())
      .filter((row) => row.length > 0)
      .map((row) => row.split(/[\s,]+/).filter((cell) => cell.length > 0));
    const values = rows.map((row) => row.map(parseNumber));
    const bad = rows.flat().find((cell) => !Number.isFinite(parseNumber(cell)));
    if (bad !== undefined) return { error: `"${bad}" is not a number.` };
    if (new Set(values.map((row) => row.length)).size !== 1) {
      return { error: "Every row needs the same number of entries." };
    }
    return { values };
  }

  // A comma written as a decimal point: between two digits, in a text with no
  // decimal point of its own ("0,2235" or "-0,1 0,2"; "0.1,0.2" keeps two entries).
  function withDecimalCommas(text) {
    return text.includes(".") ? null : text.replace(/(\d),(?=\d)/g, "$1.");
  }

  // `expected` ([rows, columns]), when known, decides whether commas between
  // digits separate entries or are decimal commas: the reading of that shape wins.
  function parseAnswer(text, expected) {
    const cleaned = text
      .replace(/[\u2212\u2013]/g, "-")
      .replace(/(\d)\s*(?:[\u00d7xX*]|by)\s*(?=[-.\d])/g, "$1 ")
      .replace(/\s*\/\s*/g, "/")  // "1 / 6" is one entry, not three
      .trim();
    if (!cleaned) return { error: "Type a number, or the rows of a matrix." };
    const asSeparators = parseRows(cleaned);
    const decimal = withDecimalCommas(cleaned);
    if (decimal === null || decimal === cleaned) return asSeparators;
    const asDecimals = parseRows(decimal);
    const fits = (parsed) => !parsed.error && expected &&
      parsed.values.length === expected[0] && parsed.values[0].length === expected[1];
    if (fits(asSeparators)) return asSeparators;
    if (fits(asDecimals) || asSeparators.error) return asDecimals.error ? asSeparators : asDecimals;
    return asSeparators;
  }

  function asMatrix(answer) {
    return Array.isArray(answer) ? answer : [[answer]];
  }

  function shapeOf(matrix) {
    return [matrix.length, matrix[0].length];
  }

  function describeShape([rows, columns]) {
    return rows === 1 && columns === 1 ? "a single number" : `a ${rows} × ${columns} matrix`;
  }

  function matches(values, answer, tolerance) {
    const target = asMatrix(answer);
    const [rows, columns] = shapeOf(target);
    if (values.length !== rows || values[0].length !== columns) return false;
    return target.every((row, i) => row.every((v, j) => Math.abs(values[i][j] - v) <= tolerance));
  }

  function formatAnswer(answer) {
    const number = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(4)).replace("-", "\u2212");
    const matrix = asMatrix(answer);
    if (matrix.length === 1 && matrix[0].length === 1) return number(matrix[0][0]);
    return matrix.map((row) => "[" + row.map(number).join(", ") + "]").join(" ");
  }

  // Right, a named mistake, a shape problem, or the general hint.
  function judge(text, exercise, tolerance) {
    const expected = shapeOf(asMatrix(exercise.answer));
    const parsed = parseAnswer(text, expected);
    if (parsed.error) return { kind: "invalid", message: parsed.error };
    const got = shapeOf(parsed.values);
    if (matches(parsed.values, exercise.answer, tolerance)) {
      return { kind: "right", message: "Right." };
    }
    for (const mistake of exercise.mistakes) {
      if (matches(parsed.values, mistake.answer, tolerance)) {
        return { kind: "mistake", name: mistake.name,
                 message: `Not quite: that is the answer you get with ${mistake.name}. ${mistake.hint}` };
      }
    }
    if (got[0] !== expected[0] || got[1] !== expected[1]) {
      return { kind: "shape",
               message: `Expected ${describeShape(expected)}, got ${describeShape(got)}.` };
    }
    return { kind: "general", message: GENERAL_HINT };
  }

  // The given data to the four decimals it is recorded with, trailing zeros dropped.
  function formatGiven(value) {
    const number = (v) => String(Number(v.toFixed(4))).replace("-", "\u2212");
    const matrix = asMatrix(value);
    if (matrix.length === 1 && matrix[0].length === 1) return number(matrix[0][0]);
    return matrix.map((row) => "[" + row.map(number).join(", ") + "]").join(" ");
  }

  function givenText(given) {
    return Object.entries(given)
      .map(([name, value]) => `${name} = ${typeof value === "string" ? value : formatGiven(value)}`)
      .join("; ");
  }

  function build(box, key, exercise, tolerance) {
    const [rows, columns] = shapeOf(asMatrix(exercise.answer));
    const id = "exercise-" + key.replace(/[^a-z0-9]+/gi, "-");
    const multiline = rows > 1;
    const field = document.createElement(multiline ? "textarea" : "input");
    field.id = id;
    field.className = "exercise-input";
    field.setAttribute("autocomplete", "off");
    field.setAttribute("spellcheck", "false");
    if (multiline) field.rows = rows;
    else field.type = "text";
    // The full keyboard: its number row has the minus, comma, point and slash
    // that iOS's decimal keypad lacks. Its Enter key checks.
    field.setAttribute("inputmode", "text");
    field.setAttribute("enterkeyhint", "done");

    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Your answer, " + (exercise.prompt || describeShape([rows, columns]) +
      (rows > 1 ? " (rows separated by semicolons, or on a computer by new lines with Shift+Enter; " +
                  "entries by spaces or commas)"
                : columns > 1 ? " (entries separated by spaces or commas)" : "")) + ":";

    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button exercise-check";
    button.textContent = "Check";

    const feedback = document.createElement("p");
    feedback.className = "exercise-feedback";
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");

    const check = () => {
      const verdict = judge(field.value, exercise, tolerance);
      feedback.textContent = verdict.message;
      feedback.dataset.kind = verdict.kind;
      feedback.dataset.mistake = verdict.name || "";
    };
    button.addEventListener("click", check);
    field.addEventListener("keydown", (event) => {
      // Enter checks, as the page says, in every box; Shift+Enter starts a new row.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        check();
      }
    });

    // Markdown wraps the box in a paragraph, which the browser leaves behind
    // as empty <p> elements around it.
    for (const side of [box.previousElementSibling, box.nextElementSibling]) {
      if (side && side.tagName === "P" && !side.textContent.trim() && !side.children.length) side.remove();
    }
    box.replaceChildren();
    if (Object.keys(exercise.given).length) {
      const given = document.createElement("p");
      given.className = "exercise-given";
      given.textContent = "Given: " + givenText(exercise.given) + ".";
      box.append(given);
    }
    box.append(label, field, button, feedback);
  }

  // Each page with exercises carries the recorded answers as a small inline
  // script that sets window.backpropExerciseData (Material re-runs inline
  // scripts on instant navigation, so the data is always the current page's).
  function setUp() {
    const document_ = window.backpropExerciseData;
    if (!document_ || !document.querySelector(".exercise[data-exercise]")) return;
    for (const box of document.querySelectorAll(".exercise[data-exercise]")) {
      const exercise = document_.exercises[box.dataset.exercise];
      if (!exercise) {
        box.textContent = `Unknown exercise ${box.dataset.exercise}.`;
        continue;
      }
      build(box, box.dataset.exercise, exercise, document_.tolerance);
    }
    for (const span of document.querySelectorAll(".exercise-answer[data-exercise]")) {
      const exercise = document_.exercises[span.dataset.exercise];
      if (exercise) span.textContent = formatAnswer(exercise.answer);
    }
  }

  // Material replaces the page content on instant navigation and emits
  // document$ for every page; without Material, run once on load.
  window.backpropExercises = { parseAnswer, judge, formatAnswer };
  if (typeof document$ !== "undefined") document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);
})();
