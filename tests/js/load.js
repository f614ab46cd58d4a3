/* Loads the explore page's script modules for node's tests, and the fixtures Python wrote.
 *
 * The modules (src/gdviz/page/js/NN-job.js) run in the order of their names, as
 * gdviz/explore.py concatenates them, in one fresh `vm` context: each adds its functions
 * to the context's `gdvizPage` namespace (see 10-runs.js). No npm package is needed. */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const MODULES = path.join(ROOT, "src", "gdviz", "page", "js");
const FIXTURES = path.join(__dirname, "fixtures");

/** The modules' file names, in the order they run. */
function moduleNames() {
  return fs.readdirSync(MODULES).filter(function (n) { return n.endsWith(".js"); }).sort();
}

function moduleText(name) { return fs.readFileSync(path.join(MODULES, name), "utf8"); }

/** A fresh namespace: every module run in one new context (its own Math, JSON, arrays). */
function load() {
  const context = vm.createContext({ URLSearchParams: URLSearchParams });
  for (const name of moduleNames()) vm.runInContext(moduleText(name), context, { filename: name });
  return { page: context.gdvizPage, context: context };
}

/** A fixture tests/js/fixtures/NAME.json (written by tests/js/write_fixtures.py). */
function fixture(name) { return JSON.parse(fs.readFileSync(path.join(FIXTURES, name + ".json"), "utf8")); }

/** A float as Python's repr wrote it: "inf", "-inf", "nan" and "-0.0" included. */
function float(text) {
  return { "inf": Infinity, "-inf": -Infinity, "nan": NaN }[text] !== undefined ?
    { "inf": Infinity, "-inf": -Infinity, "nan": NaN }[text] : Number(text);
}

module.exports = { load: load, fixture: fixture, float: float, moduleNames: moduleNames, moduleText: moduleText };
