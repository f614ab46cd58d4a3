/* The modules load three ways (see src/gdviz/page/js/10-runs.js): file by file into one namespace,
 * concatenated inside one function as the page has them, and concatenated as an ES module. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const vm = require("node:vm");
const { load, moduleNames, moduleText } = require("./load.js");

const concatenated = moduleNames().map(moduleText).join("\n");

test("each module adds to the one namespace and leaves nothing else behind", function () {
  const { page, context } = load();
  assert.deepEqual(Object.keys(context).sort(), ["URLSearchParams", "gdvizPage"]);
  for (const name of ["descend", "toTrained", "curveRows", "pacing", "tickLabel", "dateTicks", "readable", "fixedWidth",
    "describeGap", "mathsLines", "epochNumbers", "makeView", "normalise", "arrowPolygon", "installPanels", "installControls", "start"]) {
    assert.equal(typeof page[name], "function", name);
  }
  for (const name of moduleNames()) {
    const text = moduleText(name);
    assert.match(text, /^var gdvizPage = gdvizPage \|\| \{\};$/m, name);
    assert.doesNotMatch(text, /^(let|const|class|function|import|export)\b/m, name + ": a top-level declaration");
    assert.doesNotMatch(text, /globalThis/, name);
  }
});

test("concatenated inside one function, as the page runs them, they define no global", function () {
  const context = vm.createContext({});
  const type = vm.runInContext("(function () {\n" + concatenated + "\nreturn typeof gdvizPage.start;\n})()", context);
  assert.equal(type, "function");
  assert.deepEqual(Object.keys(context), []);
});

test("concatenated, they load as an ES module (a notebook widget's)", async function () {
  const text = concatenated + "\nexport default gdvizPage;\n";
  const module = await import("data:text/javascript;base64," + Buffer.from(text).toString("base64"));
  assert.equal(typeof module.default.descend, "function");
  assert.equal(module.default.tickLabel(2.5e12, 5e12, 5e11), "2.5\u00d710\u00b9\u00b2");
});
