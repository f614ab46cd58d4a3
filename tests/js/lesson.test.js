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

test("a quiz's start comes from its seed: the same seed, the same start, inside the window and away from least squares", function () {
  const win = { w0: [-2, 2], w1: [-1, 7] }, best = [0, 3];
  const a = page.quizStart(42, win, best), b = page.quizStart(42, win, best), c = page.quizStart(43, win, best);
  assert.deepEqual(plain(a), plain(b));
  assert.notDeepEqual(plain(a), plain(c));
  for (let seed = 0; seed < 200; seed++) {
    const s = page.quizStart(seed, win, best);
    assert.ok(s[0] >= -1.6 && s[0] <= 1.6 && s[1] >= -0.2 && s[1] <= 6.2, "inside by a tenth: " + s);
    assert.ok(Math.hypot(s[0] / 4, (s[1] - 3) / 8) >= 0.25, "away from least squares: " + s);
  }
  assert.equal(page.nextSeed(7), 8);
  assert.equal(page.nextSeed(2147483647), 0);
});

test("a guess scores within a tenth of the step, measured in widths of the window", function () {
  const win = { w0: [0, 10], w1: [0, 1] }, start = [0, 0], truth = [5, 0]; // a step of half the width
  const score = page.quizScore([5.3, 0.03], truth, start, win);
  assert.ok(Math.abs(score.miss - Math.hypot(0.03, 0.03)) < 1e-15 && score.step === 0.5 && score.hit);
  assert.equal(page.quizScore([5.4, 0.04], truth, start, win).hit, false); // 0.057 of a 0.5 step
  assert.equal(page.quizScore([5.6, 0], truth, start, win).hit, false);
  assert.equal(page.tallyWords(4, 6), "4 of 6 within a tenth of the step");
  assert.equal(page.answerWords(score, 5, 4, 6),
    "After 5 epochs: off by 8.5% of the step (within a tenth). 4 of 6 within a tenth of the step.");
  assert.match(page.answerWords(page.quizScore([5, 0], truth, start, win), 1, 1, 1), /^After 1 epoch: right on it/);
});

test("quiz and qseed are state keys: checked, in the fragment only when set", function () {
  const view = page.makeView(PAGE);
  assert.deepEqual(plain(page.readFragment(view, "#quiz=5&qseed=12")), { quiz: 5, qseed: 12 });
  assert.throws(function () { page.normalise(view, { quiz: -1 }, true); }, /`quiz` must be a whole number of epochs ahead/);
  assert.throws(function () { page.normalise(view, { qseed: 1.5 }, true); }, /`qseed` must be a whole number/);
  view.state.quiz = 5; view.state.qseed = 12;
  assert.match(page.fragmentOf(view.state), /&quiz=5&qseed=12$/);
});

test("hide= lists controls to hide and lock, in one order; anything else is refused", function () {
  const view = page.makeView(PAGE);
  assert.deepEqual(plain(view.state.hide), []);
  assert.deepEqual(plain(page.readFragment(view, "#hide=start,ETA,opt,eta")), { hide: ["eta", "opt", "start"] });
  assert.deepEqual(plain(page.normalise(view, { hide: ["data", "play"] }, true)), { hide: ["play", "data"] });
  assert.throws(function () { page.normalise(view, { hide: "eta,volume" }, true); },
    /`hide` lists controls from eta, opt, epochs, play, start, data/);
  view.state.hide = ["eta", "start"];
  assert.match(page.fragmentOf(view.state), /&hide=eta,start$/); // commas as typed
  assert.equal(page.fragmentOf(page.makeView(PAGE).state).indexOf("hide"), -1);
});

const TUTORIAL = { kind: "tutorial", seed: 0, scale: "auto", seed_start: [0.5, -2.25] };

test("the Python names the tutorial's data by its seed and sets the start, eta and the optimizer's own", function () {
  const info = { origin: TUTORIAL, state: { w0: 1.5, w1: -1, eta: 0.004, opt: "adam", epochs: 120 },
    hyperparameters: { beta1: 0.9, beta2: 0.999, eps: 1e-8 }, points: [] };
  assert.equal(page.pythonSnippet(info), "import gdviz\n\ndata = gdviz.make_data(seed=0)\n" +
    "history = gdviz.train(data, optimizer=\"adam\", eta=0.004, epochs=120,\n                      w0=1.5, w1=-1.0, " +
    "scale=\"auto\", beta1=0.9, beta2=0.999, eps=1e-8)\ngdviz.render(history, \"descent.gif\")\n");
  assert.equal(page.cliLine(info), "# the start (w0 = 1.5, w1 = -1.0) cannot be given on the command line: this line " +
    "starts from --seed 0's line; the Python sets it\n" +
    "gdviz render --optimizer adam:beta1=0.9:beta2=0.999:eps=1e-8 --eta 0.004 --epochs 120 --scale auto --seed 0 -o descent.gif\n");
  info.state.w0 = 0.5; info.state.w1 = -2.25;
  assert.doesNotMatch(page.cliLine(info), /cannot be given/); // the seed's own start
});

test("a file is named by its path and columns; a Dataset by its points, or a marked line when there are many", function () {
  const file = { kind: "file", path: "data/my cars.csv", x: "weight", y: "0", missing: "error", seed: 0, scale: "auto", seed_start: null };
  const info = { origin: file, state: { w0: 1, w1: 2, eta: 0.1, opt: "gd", epochs: 10 }, hyperparameters: {}, points: [] };
  assert.match(page.pythonSnippet(info), /data = gdviz.load_csv\("data\/my cars.csv", x="weight", y=0, missing="error"\)/);
  assert.match(page.cliLine(info), /^gdviz render --data 'data\/my cars.csv' --x weight --y 0 --missing error --optimizer gd /m);
  info.origin = { kind: "points", x_name: "a", y_name: "b", n: 2, seed: 1, scale: "none", seed_start: null };
  info.sample = { x: [1, 2.5], y: [3, 4] };
  assert.match(page.pythonSnippet(info), /data = gdviz.Dataset\(\n    \[\n        1.0, 2.5,\n    \],\n    \[\n        3.0, 4.0,\n    \],\n    x_name="a", y_name="b"\)/);
  assert.match(page.cliLine(info), /# the data was given from Python: save it as a CSV file/);
  info.origin = { kind: "unnamed", n: 5000, x_name: "a", y_name: "b", seed: null, scale: "auto", seed_start: null };
  assert.match(page.pythonSnippet(info), /# FILL IN: the page was made from a Dataset of 5000 points/);
  assert.match(page.pythonSnippet(info), /^data = \.\.\.  # FILL IN$/m);
});

test("moved points are applied in the Python; the command line says it cannot", function () {
  const info = { origin: TUTORIAL, state: { w0: 0.5, w1: -2.25, eta: 0.001, opt: "gd", epochs: 300 }, hyperparameters: {},
    points: [[12, 0.5, 2.8], [40, 0.9, 2.125]] };
  const code = page.pythonSnippet(info);
  assert.match(code, /^import numpy as np$/m);
  assert.match(code, /^moved = \[\(12, 0.5, 2.8\), \(40, 0.9, 2.125\)\]$/m);
  assert.match(code, /x\[row\], y\[row\] = new_x, new_y\ndata = gdviz.Dataset\(x, y, x_name=data.x_name, y_name=data.y_name\)\nhistory = /);
  assert.match(page.cliLine(info), /# moved points cannot be expressed on the command line: the Python applies them/);
});
