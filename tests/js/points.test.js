/* Moved points (25-points.js): the sums of the moved data, the scaling gdviz.train chooses for them, least
 * squares, the eigenvalues, and runs on the moved data, against Python (fixtures/points.json); and the
 * `points` key of the state and the fragment, from the tutorial's page (fixtures/page.json). */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, fixture } = require("./load.js");

const { page } = load();
const POINTS = fixture("points");
const PAGE = fixture("page");
const plain = function (value) { return JSON.parse(JSON.stringify(value)); };

function close(got, want, scale, tol, what) {
  assert.ok(Math.abs(got - want) <= tol * scale, what + ": " + got + " against " + want);
}

function sameMoments(got, want, what) {
  const sx = Math.max(Math.abs(want.mean_x), Math.sqrt(want.cxx / want.n), 1e-300);
  const sy = Math.max(Math.abs(want.mean_y), Math.sqrt(want.cyy / want.n), 1e-300);
  assert.equal(got.n, want.n, what);
  close(got.mean_x, want.mean_x, sx, 1e-13, what + " mean_x");
  close(got.mean_y, want.mean_y, sy, 1e-13, what + " mean_y");
  close(got.cxx, want.cxx, want.n * sx * sx, 1e-12, what + " cxx");
  close(got.cxy, want.cxy, want.n * sx * sy, 1e-12, what + " cxy");
  close(got.cyy, want.cyy, want.n * sy * sy, 1e-12, what + " cyy");
  assert.equal(got.constant_x, want.constant_x, what + " constant_x");
}

test("the moved data's sums, scaling, least squares and eigenvalues are Python's", function () {
  assert.ok(POINTS.cases.length >= 5);
  POINTS.cases.forEach(function (c, k) {
    const what = "case " + k;
    const m = page.movedMoments(c.base, c.sample, c.points);
    sameMoments(m, c.moments, what);
    const scaling = page.chooseScaling(m, c.policy, 100);
    assert.equal(scaling.active, c.scaling.active, what + " scaling");
    close(scaling.shift, c.scaling.shift, Math.abs(c.scaling.shift) + 1, 1e-13, what + " shift");
    close(scaling.scale, c.scaling.scale, c.scaling.scale, 1e-13, what + " scale");
    const trained = page.scaledMoments(m, scaling);
    sameMoments(trained, c.trained, what + " trained");
    const best = page.optimumOf(trained), lam = page.eigenvalues(trained);
    close(best[0], c.optimum[0], Math.abs(c.optimum[0]) + Math.abs(c.optimum[1]), 1e-11, what + " w0");
    close(best[1], c.optimum[1], Math.abs(c.optimum[1]) + 1e-300, 1e-11, what + " w1");
    close(best[2], c.optimum[2], c.trained.cyy, 1e-11, what + " SSE");
    close(lam[1], c.eigenvalues[1], c.eigenvalues[1], 1e-13, what + " lambda_max");
    close(lam[0], c.eigenvalues[0], c.eigenvalues[0], 1e-9, what + " lambda_min");
    close(page.conditionNumber(m), c.condition, c.condition, 1e-9, what + " condition");
  });
  assert.ok(POINTS.cases.some(function (c) { return c.scaling.active && c.base_active; }), "a case that standardises");
  assert.ok(POINTS.cases.some(function (c) { return c.scaling.active && !c.base_active; }), "moving standardises x");
  assert.ok(POINTS.cases.some(function (c) { return c.sample.rows; }), "a case where not every point is shown");
});

test("runs on the moved data are gdviz.train's on it, to 1e-9 of the run's largest loss", function () {
  let runs = 0;
  POINTS.cases.forEach(function (c, k) {
    const m = page.movedMoments(c.base, c.sample, c.points);
    const scaling = page.chooseScaling(m, c.policy, 100), trained = page.scaledMoments(m, scaling);
    for (const r of c.runs) {
      const start = page.toTrained(scaling, r.start[0], r.start[1]);
      const got = page.descend(trained, { name: r.optimizer, hyperparameters: PAGE.optimizers.find(function (o) {
        return o.name === r.optimizer; }).hyperparameters }, r.eta, start[0], start[1], r.epochs,
      { divergence_factor: PAGE.divergence_factor, tiny: PAGE.tiny });
      const what = "case " + k + " " + r.optimizer;
      assert.equal(got.len, r.loss.length, what + " length");
      const largest = Math.max.apply(null, r.loss);
      // (rmsprop at an eta where it does not hop: its hops amplify the sums' last bits, which numpy adds in
      // another order, as they amplify the points path's)
      const tol = 1e-9;
      for (let e = 0; e < got.len; e++) {
        close(got.loss[e], r.loss[e], largest, 1e-9, what + " loss at " + e);
        close(got.w0[e], r.w0[e], Math.abs(r.w0[0]) + Math.abs(r.w0[r.w0.length - 1]), tol, what + " w0 at " + e);
        close(got.w1[e], r.w1[e], Math.abs(r.w1[0]) + Math.abs(r.w1[r.w1.length - 1]), tol, what + " w1 at " + e);
      }
      runs++;
    }
  });
  assert.ok(runs >= 6);
});

test("the state's points: checked, in the fragment, applied to the view's run, and none restores the page", function () {
  const view = page.makeView(JSON.parse(JSON.stringify(PAGE)));
  page.compute(view);
  const before = Array.from(view.run.loss.subarray(0, view.run.len));
  const c = POINTS.cases[0];
  const part = page.normalise(view, { points: "40:0.9:2.1,12:0.5:2.8" }, true);
  assert.deepEqual(plain(part.points), [[12, 0.5, 2.8], [40, 0.9, 2.1]]); // sorted by row
  page.applyState(view, { w0: -0.5, w1: 2.0, eta: 0.001, opt: "gd", epochs: 300, points: part.points });
  assert.deepEqual(plain(page.stateOf(view).points), c.points);
  const want = c.runs[0], largest = Math.max.apply(null, want.loss);
  assert.equal(view.run.len, want.loss.length);
  for (let e = 0; e < view.run.len; e++) close(view.run.loss[e], want.loss[e], largest, 1e-9, "loss at " + e);
  close(view.optimum.w1, c.optimum[1], Math.abs(c.optimum[1]), 1e-11, "least squares moved");
  assert.equal(view.data.sample.x[12], 0.5);
  const text = page.fragmentOf(page.stateOf(view));
  assert.match(text, /&points=12:0\.5:2\.8,40:0\.9:2\.1$/);
  assert.deepEqual(plain(page.readFragment(view, text).points), c.points);
  assert.doesNotMatch(page.fragmentOf(Object.assign(page.stateOf(view), { points: [] })), /points/);
  page.applyState(view, { w0: PAGE.default.w0, w1: PAGE.default.w1, eta: PAGE.default.eta, points: [] });
  assert.deepEqual(plain(Array.from(view.run.loss.subarray(0, view.run.len))), plain(before)); // exactly the page's own
  assert.deepEqual(plain(view.data.sample.x), PAGE.sample.x);
  assert.deepEqual(plain(view.trained), PAGE.trained);
  const bad = ["0:1", "5000:1:2", "1:a:2", Array.from({ length: 51 }, function (_, i) { return [i, 0, 0]; }), [[1.5, 0, 0]]];
  for (const value of bad) {
    assert.throws(function () { page.normalise(view, { points: value }, true); }, /`points` must be at most 50 moved points/);
    assert.deepEqual(plain(page.normalise(view, { points: value }, false)), {});
  }
  assert.deepEqual(plain(page.normalise(view, { points: [] }, true)), { points: [] });
});

test("the titles that name the scaling are Python's (labels.panel_labels, tickformat.number)", function () {
  for (const c of POINTS.numbers) assert.equal(page.number(c[0], c[1]), c[2], c[0] + " to " + c[1] + " digits");
  for (const c of POINTS.labels) {
    assert.deepEqual(plain(page.panelLabels(c.x_name, c.y_name, c.scaling)), c.labels, JSON.stringify(c.scaling));
  }
});
