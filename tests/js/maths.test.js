/* The maths text (25-maths.js) against gdviz.drawing.mathstext (fixtures/maths.json): the same lines from the
 * same numbers for every optimizer, on scaled data, at the last row and without an eta; and a page run's epoch
 * numbers (its recorded state included) equal to those Python builds from gdviz.train's moments path. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, fixture } = require("./load.js");

const { page } = load();
const MATHS = fixture("maths");
const RUNS = fixture("runs");

test("mathsLines writes the lines maths_lines writes, character for character", function () {
  const seen = new Set();
  for (const c of MATHS.cases) {
    seen.add(c.numbers.optimizer + (c.numbers.scale !== null ? " scaled" : "") + (c.numbers.next === null ? " last" : ""));
    assert.deepEqual(Array.from(page.mathsLines(c.numbers)), c.lines, JSON.stringify(c.numbers));
  }
  for (const name of ["gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]) {
    assert.ok(seen.has(name) && seen.has(name + " scaled") && seen.has(name + " scaled last"), name);
  }
  assert.ok(seen.has("custom") && seen.has("custom last"));
});

test("the last row and a history without an eta say the update was not recorded", function () {
  const last = MATHS.cases.filter(function (c) { return c.numbers.next === null || c.numbers.eta === null; });
  assert.ok(last.length >= 8);
  for (const c of last) {
    const lines = page.mathsLines(c.numbers);
    assert.match(lines[lines.length - 1], /^update: not recorded \(/);
  }
});

test("a page run's epoch numbers, its state included, are gdviz.train's (moments path) bit for bit", function () {
  assert.ok(MATHS.page_runs.length >= 12);
  for (const r of MATHS.page_runs) {
    const data = RUNS[r.data], c = data.cases.find(function (x) { return x.optimizer === r.optimizer; });
    const start = page.toTrained(data.scaling, c.w0, c.w1);
    const run = page.descend(data.bowl, { name: c.optimizer, hyperparameters: c.hyperparameters }, r.eta, start[0],
      start[1], r.epochs, data.rule);
    for (const want of r.numbers) {
      const got = page.epochNumbers(run, want.epoch, data.scaling);
      assert.deepEqual(structuredClone(got), want, r.data + " " + r.optimizer + " row " + want.epoch);
      assert.deepEqual(Array.from(page.mathsLines(got)), Array.from(page.mathsLines(want)));
    }
  }
});

test("numberText is tickformat.number", function () {
  assert.equal(page.numberText(-45.6749, 4), "\u221245.67");
  assert.equal(page.numberText(1e-8, 4), "10\u207b\u2078");
  assert.equal(page.numberText(123456789, 4), "1.235\u00d710\u2078");
  assert.equal(page.numberText(0.125, 2), "0.12");
});
