/* The runs: every full-batch optimizer as gdviz.train runs it, on the tutorial's data and cars.csv
 * (fixtures/runs.json); the scaling between data units and trained coordinates (fixtures/scaling.json). */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, fixture } = require("./load.js");

const { page } = load();
const RUNS = fixture("runs");
const SCALING = fixture("scaling");

function runOf(data, c) {
  const start = page.toTrained(data.scaling, c.w0, c.w1);
  return page.descend(data.bowl, { name: c.optimizer, hyperparameters: c.hyperparameters }, c.eta, start[0], start[1],
    c.epochs, data.rule);
}

function where(name, c) { return name + ", " + c.optimizer + " eta=" + c.eta + " for " + c.epochs + " epochs"; }

for (const name of Object.keys(RUNS)) {
  test("every optimizer on " + name + " runs as gdviz.train does, to 1e-12 of the run's largest loss", function () {
    assert.ok(RUNS[name].cases.length >= 7);
    for (const c of RUNS[name].cases) {
      const got = runOf(RUNS[name], c), want = c.train, at = where(name, c) + " (against " + c.reference + ")";
      assert.equal(got.len, want.loss.length, at);
      assert.equal(got.divergedAt, want.diverged_at, at);
      const tolerance = 1e-12 * Math.max.apply(null, want.loss);
      for (const key of ["w0", "w1", "loss"]) {
        for (let k = 0; k < got.len; k++) {
          assert.ok(Math.abs(got[key][k] - want[key][k]) <= tolerance,
            at + ": " + key + "[" + k + "] is " + got[key][k] + ", gdviz.train " + want[key][k]);
        }
      }
    }
  });

  test("every optimizer on " + name + " equals gdviz.train's moments path bit for bit", function () {
    for (const c of RUNS[name].cases) {
      const got = runOf(RUNS[name], c), want = c.moments, at = where(name, c);
      assert.equal(got.len, want.loss.length, at);
      assert.equal(got.divergedAt, want.diverged_at, at);
      for (const key of ["w0", "w1", "loss"]) {
        assert.deepEqual(Array.from(got[key].subarray(0, got.len)), want[key], at + ": " + key);
      }
    }
  });
}

test("a run that diverges stops where gdviz.train stops, at the divergence rule", function () {
  const c = RUNS.tutorial.cases.find(function (x) { return x.optimizer === "gd" && x.eta === 0.0085; });
  const got = runOf(RUNS.tutorial, c);
  assert.equal(c.train.diverged_at, 45);
  assert.equal(got.divergedAt, 45);
  assert.equal(got.len, 45);
  // the rule: the first SSE above divergence_factor x the first is where it stops
  const limit = RUNS.tutorial.rule.divergence_factor * got.loss[0];
  assert.ok(got.loss[44] <= limit);
});

test("the scaling: a line in data units as trained weights is diagnostics.Scaling.to_trained, exactly", function () {
  for (const c of SCALING.to_trained) {
    assert.deepEqual(Array.from(page.toTrained(c, c.w0, c.w1)), c.trained, JSON.stringify(c));
  }
});

test("the scaling: trained weights back in data units are History.intercept and History.slope, exactly", function () {
  for (const c of SCALING.to_data) {
    for (let k = 0; k < c.w0.length; k++) {
      const d = page.toData(c, c.w0[k], c.w1[k]);
      assert.equal(d[0], c.intercept[k], "intercept at row " + k);
      assert.equal(d[1], c.slope[k], "slope at row " + k);
    }
  }
});
