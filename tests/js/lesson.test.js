/* The lesson's logic without a DOM: the builds' order and words, quiz scoring and its seeded starts,
 * hidden controls, and the Python snippet (70-builds.js, 72-quiz.js, 74-hide.js, 76-snippet.js). */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, fixture } = require("./load.js");

const { page } = load();
const plain = function (value) { return JSON.parse(JSON.stringify(value)); };
const PAGE = fixture("page");

test("S walks one epoch in four builds, then on to the next epoch at build 1", function () {
  const walk = [];
  let at = { build: 0, epoch: 7 };
  for (let i = 0; i < 6; i++) { at = page.nextBuild(at.build, at.epoch, 299); walk.push([at.build, at.epoch]); }
  assert.deepEqual(plain(walk), [[1, 7], [2, 7], [3, 7], [4, 8], [1, 8], [2, 8]]);
  assert.deepEqual(plain(page.nextBuild(0, 299, 299)), { build: 1, epoch: 0, stuck: false }); // from the end: epoch 0
  assert.deepEqual(plain(page.nextBuild(2, 299, 299)), { build: 2, epoch: 299, stuck: true }); // no next point
  assert.match(page.buildWords(4, 8, "gd", false), /^Epoch 7, build 4 of 4: the next epoch drawn: epoch 8\.$/);
  assert.match(page.buildWords(3, 7, "gd", false), /minus \u03b7 times the gradient/);
  assert.match(page.buildWords(3, 7, "adam", false), /the step adam takes/);
  assert.match(page.buildWords(2, 299, "gd", true), /Epoch 299 is the run's last/);
});

test("each build draws its own arrows: none, the gradient, the gradient and the step, none", function () {
  const g = "#111111", arrows = [[0, 0, 1, 1, 1, 1, 1, g], [0, 0, 2, 2, 1, 1, 1, "#cc5500"]];
  assert.deepEqual(plain([0, 1, 2, 3, 4].map(function (b) { return page.arrowsAtBuild(b, arrows, g).length; })), [2, 0, 1, 2, 0]);
});

test("build is a state key: checked, in the fragment only when on", function () {
  const view = page.makeView(PAGE);
  assert.equal(view.state.build, 0);
  assert.throws(function () { page.normalise(view, { build: 5 }, true); }, /`build` must be 0 \(off\) or a build from 1 to 4/);
  assert.equal(page.fragmentOf(view.state).indexOf("build"), -1);
  view.state.build = 3;
  assert.match(page.fragmentOf(view.state), /&build=3$/);
  assert.deepEqual(plain(page.readFragment(view, "#build=2")), { build: 2 });
});
