/* The view's state: checked keys, the URL fragment, applying a change; from the tutorial page's JSON
 * (fixtures/page.json) and its default run (fixtures/runs.json). */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, fixture } = require("./load.js");

const { page } = load();
/** An object made in the modules' context, as one of this context (deepEqual compares prototypes too). */
const plain = function (value) { return JSON.parse(JSON.stringify(value)); };
const PAGE = fixture("page");
const RUNS = fixture("runs");

test("the default state runs the tutorial's default run, as gdviz.train does", function () {
  const view = page.makeView(PAGE);
  page.compute(view);
  const want = RUNS.tutorial.cases.find(function (c) { return c.optimizer === "gd" && c.epochs === 300; }).train;
  assert.deepEqual(plain(page.stateOf(view)),
    { w0: PAGE.default.w0, w1: PAGE.default.w1, eta: 0.001, opt: "gd", epochs: 300, epoch: 299, points: [],
      build: 0, quiz: 0, qseed: 0, hide: [] }); // the lesson's keys at their defaults
  const largest = Math.max.apply(null, want.loss);
  for (let k = 0; k < view.run.len; k++) assert.ok(Math.abs(view.run.loss[k] - want.loss[k]) <= 1e-12 * largest, "row " + k);
});

test("set() refuses what it cannot apply, naming the key; the fragment leaves it out", function () {
  const view = page.makeView(PAGE);
  const bad = [[{ eta: -1 }, /`eta` must be a number > 0/], [{ eta: "fast" }, /`eta` must be a finite number/],
    [{ epochs: 100001 }, /`epochs` must be a whole number from 1 to 100,000/], [{ epochs: 2.5 }, /`epochs`/],
    [{ opt: "sgd" }, /`opt` must be one of gd, momentum/], [{ bogus: 1 }, /`bogus` is not one of w0, w1/],
    [{ epoch: -1 }, /`epoch` must be a whole number >= 0/]];
  for (const [part, message] of bad) {
    assert.throws(function () { page.normalise(view, part, true); }, message);
    assert.deepEqual(plain(Object.keys(page.normalise(view, part, false))), []);
  }
  assert.deepEqual(plain(page.normalise(view, { opt: " Adam ", eta: "0.5", epoch: 3 }, true)),
    { opt: "adam", eta: 0.5, epoch: 3 });
});

test("the fragment holds the whole state and reads back to it", function () {
  const view = page.makeView(PAGE);
  const state = { w0: 0.5, w1: -1, eta: 0.003, opt: "momentum", epochs: 250, epoch: 7 };
  const text = page.fragmentOf(state);
  assert.equal(text, "w0=0.5&w1=-1&eta=0.003&opt=momentum&epochs=250&epoch=7");
  assert.deepEqual(plain(page.readFragment(view, "#" + text)), state);
  assert.deepEqual(plain(page.readFragment(view, "#eta=banana&epochs=200000&w0=2")), { w0: 2 }); // the rest is left out
  assert.deepEqual(plain(page.readFragment(view, "")), {});
});

test("a new optimizer brings its own eta unless eta is given; the epoch follows the end or is clamped", function () {
  const view = page.makeView(PAGE);
  page.compute(view);
  page.applyState(view, { opt: "adam" });
  assert.equal(view.state.eta, PAGE.optimizers.find(function (o) { return o.name === "adam"; }).eta);
  page.applyState(view, { opt: "rmsprop", eta: 0.02 });
  assert.equal(view.state.eta, 0.02);
  assert.equal(view.state.epoch, 299); // followed the end of each new run
  page.applyState(view, { epoch: 100000 });
  assert.equal(view.state.epoch, 299);
  page.applyState(view, { epoch: 10 });
  page.applyState(view, { epochs: 5 });
  assert.equal(view.state.epoch, 4); // clamped to the shorter run
});

test("a fragment's bad keys are left out and said, briefly; a long value is cut", function () {
  const view = page.makeView(PAGE);
  const got = page.cleanFragment(view, "#eta=banana&epochs=200000&w0=2&foo=1&opt=sgd");
  assert.deepEqual(plain(got.part), { w0: 2 });
  assert.deepEqual(plain(got.ignored.map(function (i) { return i.key + "=" + i.value; })),
    ["eta=banana", "epochs=200000", "foo=1", "opt=sgd"]);
  assert.equal(page.ignoredWords(got.ignored), "Ignored in the address: eta=banana (must be a finite number); " +
    "epochs=200000 (must be a whole number from 1 to 100,000); foo=1 (is not one of w0, w1, eta, opt, epochs, " +
    "epoch, points, build, quiz, qseed, hide); opt=sgd (must be one of gd, momentum, nesterov, adagrad, rmsprop, adam).");
  assert.equal(page.ignoredWords([]), "");
  assert.equal(page.ignoredWords(page.cleanFragment(view, "eta=" + "9".repeat(40) + "x").ignored),
    "Ignored in the address: eta=" + "9".repeat(23) + "\u2026 (must be a finite number).");
  // the same reasons as set() gives, which throws on the first
  assert.throws(function () { page.normalise(view, { epochs: "abc" }, true); }, /`epochs` must be a finite number/);
  assert.deepEqual(plain(page.cleanFragment(view, "").ignored), []);
});
