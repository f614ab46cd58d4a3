/* How a run is drawn and played: the curve's rows (panels.loss.curve_rows), the pacing
 * (schedule.progress), arrows (panels.base.arrow_polygons); fixtures/curves.json, drawing.json. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, fixture } = require("./load.js");

const { page } = load();
const CURVES = fixture("curves");
const DRAWING = fixture("drawing");
const PAGE = fixture("page");

test("the page's JSON carries the curve and pacing constants the animation uses", function () {
  assert.equal(PAGE.curve_points, CURVES.curve_points);
  assert.equal(PAGE.motion_share, CURVES.motion_share);
});

test("a long curve is drawn through the rows panels.loss.curve_rows picks", function () {
  for (const c of CURVES.rows) {
    const got = page.curveRows(c.n, CURVES.curve_points);
    assert.deepEqual(got === null ? null : Array.from(got), c.rows, "curve of " + c.n + " rows");
  }
});

test("playback is paced as the animation's frames: schedule.progress, to 1e-12", function () {
  for (const c of CURVES.pacing) {
    const got = page.pacing(c.w0, c.w1, c.w0.length, CURVES.motion_share);
    assert.equal(got.length, c.progress.length);
    c.progress.forEach(function (want, k) {
      assert.ok(Math.abs(got[k] - want) <= 1e-12, "row " + k + " of " + c.w0.length + ": " + got[k] + " against " + want);
    });
  }
});

test("an arrow's polygon is panels.base.arrow_polygons', to 1e-12 px", function () {
  for (const c of DRAWING.arrows) {
    const got = page.arrowPolygon(c.tail[0], c.tail[1], c.vector[0], c.vector[1], c.width, c.head_width, c.head_length);
    assert.equal(got.length, c.polygon.length, JSON.stringify(c.vector));
    got.forEach(function (p, i) {
      assert.ok(Math.hypot(p[0] - c.polygon[i][0], p[1] - c.polygon[i][1]) <= 1e-12, JSON.stringify([p, c.polygon[i]]));
    });
  }
});
