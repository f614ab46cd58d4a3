/* Numbers as text: gdviz.text's readable and fixed_width, Python's own formats (fixtures/numbers.json),
 * tick labels from gdviz.tickformat (fixtures/ticks.json), the gap wording (fixtures/gap.json). */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, fixture, float } = require("./load.js");

const { page } = load();
const NUMBERS = fixture("numbers");
const TICKS = fixture("ticks");
const GAP = fixture("gap");

test("readable writes every value as gdviz.text.readable does", function () {
  assert.ok(NUMBERS.readable.length > 400);
  for (const [v, digits, text] of NUMBERS.readable) {
    assert.equal(page.readable(float(v), digits), text, "readable(" + v + ", " + digits + ")");
  }
});

test("fixedWidth writes every value as gdviz.text.fixed_width does, one width for a set of values", function () {
  for (const c of NUMBERS.fixed_width) {
    const of = c.of.map(float), biggest = of.length ? Math.max.apply(null, of.map(Math.abs)) : 1.0;
    const format = page.fixedWidth(biggest);
    c.values.forEach(function (v, i) { assert.equal(format(float(v)), c.texts[i], "fixed_width(" + c.of + ")(" + v + ")"); });
  }
});

test("Python's number formats (.Nf, .Ne, .Ng) are mirrored, ties rounded to even", function () {
  const by = { f: page.fixed, e: page.expo, g: page.gfmt };
  assert.equal(page.fixed(0.125, 2), "0.12"); // JavaScript's toFixed says 0.13
  for (const [v, spec, text] of NUMBERS.formats) {
    const digits = Number(spec.slice(1, -1)), kind = spec.slice(-1);
    assert.equal(by[kind](float(v), digits), text, "format(" + v + ", '" + spec + "')");
  }
});

test("tick labels are gdviz.tickformat's on a few hundred axes, 10^-15 to 10^20", function () {
  assert.ok(TICKS.axes.length >= 300);
  let beyond = 0;
  for (const axis of TICKS.axes) {
    const got = axis.ticks.map(function (t) { return page.tickLabel(t, axis.big, axis.step); });
    assert.deepEqual(got, axis.labels, "axis " + axis.lo + " to " + axis.hi);
    if (axis.big >= 1e12) beyond++;
  }
  assert.ok(beyond >= 50, "axes at 10^12 and beyond: " + beyond);
});

test("a log axis labels each decade at its own size, as tickformat.label does", function () {
  for (const [v, text] of TICKS.log) assert.equal(page.tickLabel(v, Math.abs(v), 0), text, String(v));
});

test("a date axis gets tickformat.date_ticks' positions and labels, from decades to minutes", function () {
  assert.ok(TICKS.dates.length >= 40);
  for (const axis of TICKS.dates) {
    const got = page.dateTicks(axis.lo, axis.hi), at = "dates " + axis.lo + " to " + axis.hi;
    assert.deepEqual(Array.from(got.ticks), axis.ticks, at);
    assert.deepEqual(Array.from(got.labels), axis.labels, at);
  }
});

test("the gap to least squares is measured as diagnostics.gap_reference and relative_gap do, exactly", function () {
  for (const c of GAP.cases) {
    const reference = page.gapReference(c.best, c.spread, c.initial, GAP.exact_fit, GAP.tiny);
    assert.equal(reference, c.reference, JSON.stringify(c));
    assert.equal(page.relativeGap(c.final, c.best, reference), c.gap, JSON.stringify(c));
  }
});

test("the gap is worded as diagnostics.describe_gap words it, and the page's readout says the same number", function () {
  const kinds = new Set();
  for (const c of GAP.cases) {
    assert.equal(page.describeGap(c.final, c.best, c.gap), c.text, JSON.stringify(c));
    const words = page.gapWords(c.final, c.best, c.gap);
    if (c.text.indexOf("lie on a line") >= 0) { kinds.add("line"); assert.match(words, /lie on a line/); continue; }
    kinds.add(c.text.indexOf("%") >= 0 ? "percent" : "times");
    assert.equal(words.split(" ")[0], c.text.split(" ")[0], "the number, in " + words + " and " + c.text);
  }
  assert.deepEqual(Array.from(kinds).sort(), ["line", "percent", "times"]);
});
