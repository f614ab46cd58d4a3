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

/** A number as the page writes it ("6.61×10⁸", "−0.5") read back. */
function readBack(text) {
  const sup = { "\u207b": "-", "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4", "\u2075": "5",
    "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9" };
  const [m, e] = text.replace(/\u2212/g, "-").split("\u00d710");
  return Number(m) * (e === undefined ? 1 : Math.pow(10, Number(e.split("").map(function (c) { return sup[c]; }).join(""))));
}

test("the gap is worded as diagnostics.describe_gap words it, and the page's readout says the same number", function () {
  const kinds = new Set();
  for (const c of GAP.cases) {
    assert.equal(page.describeGap(c.final, c.best, c.gap), c.text, JSON.stringify(c));
    const words = page.gapWords(c.final, c.best, c.gap, c.reference), at = words + " and " + c.text;
    assert.doesNotMatch(words, /\de[+-]?\d|(^|[^.\d])0%/, "as a reader would write it: " + at);
    const line = c.best < c.reference || c.best === 0; // diagnostics.report's test of a line through the points
    assert.equal(/lie on a line/.test(words), line, at);
    if (line) { kinds.add("line"); assert.equal(c.text.indexOf("lie on a line") >= 0, true, at); continue; }
    if (c.text.indexOf("lie on a line") >= 0) { // describe_gap's rule alone: only where y is constant, best 1e-20
      assert.ok(c.spread === 0 && c.initial === 0 && c.best === c.reference, at);
      continue;
    }
    const python = Number(c.text.split(" ")[0].replace("%", ""));
    if (c.text.indexOf("%") < 0) { // "106 times": the same number to Python's three digits
      kinds.add("times");
      assert.match(words, / times least squares$/, at);
      assert.equal(Number(readBack(words.split(" ")[0]).toPrecision(3)), python, at);
      continue;
    }
    const digits = page.gapDigits(c.gap);
    if (digits === null) {
      kinds.add("percent");
      assert.equal(words.split(" ")[0], c.text.split(" ")[0], "the number, in " + at);
      assert.ok(c.gap >= 1e-4, at);
      continue;
    }
    kinds.add("digits");
    if (c.gap === 0) { assert.equal(words, "equal to least squares", at); continue; }
    assert.equal(words, "equal to least squares to " + digits + " digits", at);
    assert.ok(c.gap < Math.pow(10, -digits) && (digits === 15 || c.gap >= Math.pow(10, -digits - 1) * (1 - 1e-12)), at);
  }
  assert.deepEqual(Array.from(kinds).sort(), ["digits", "line", "percent", "times"]);
});

test("a tiny gap says how many digits equal least squares, never 1.54e-12% nor 0%", function () {
  const best = 0.9243, cases = [[0, "equal to least squares"], [1.54e-14, "equal to least squares to 13 digits"],
    [1e-12, "equal to least squares to 12 digits"], [3e-17, "equal to least squares to 15 digits"],
    [9.99e-5, "equal to least squares to 4 digits"], [1e-4, "0.01% above least squares"],
    [0.0594, "5.94% above least squares"], [106, "107 times least squares"]];
  for (const [gap, words] of cases) assert.equal(page.gapWords(best * (1 + gap), best, gap), words, String(gap));
  assert.equal(page.gapWords(6.108e8, 0.9243, 6.6e8), "6.61\u00d710\u2078 times least squares");
  // a start 10^5 away on the tutorial's data: 10^12 times least squares, not "the points lie on a line"
  assert.equal(page.gapWords(1e12, 0.9243, (1e12 - 0.9243) / 0.9243, 0.9243), "1.08\u00d710\u00b9\u00b2 times least squares");
  assert.equal(page.gapWords(2.5, 1e-9, 2.5e9, 76.54e-6), "least-squares SSE 0 (the points lie on a line), 2.50 to go");
});

test("a diverged run stops after the epoch before the one that passed the limit", function () {
  assert.equal(page.divergedWords(45), "diverged: stopped after epoch 44");
});

test("a log axis labels every tick in one style: decades at their own size, or all powers of ten", function () {
  const want = new Map(TICKS.log.map(function (t) { return [t[0], t[1]]; }));
  const plain = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e9, 1e11];
  assert.deepEqual(Array.from(page.logTickLabels(plain)), plain.map(function (v) { return want.get(v); }));
  assert.deepEqual(Array.from(page.logTickLabels(plain)).slice(0, 5), ["1", "10", "100", "1k", "10k"]);
  const mixed = [1e9, 1e10, 1e11, 1e12, 1e13];
  assert.deepEqual(Array.from(page.logTickLabels(mixed)),
    ["10\u2079", "10\u00b9\u2070", "10\u00b9\u00b9", "10\u00b9\u00b2", "10\u00b9\u00b3"]);
  const beyond = [1e12, 1e15, 1e20]; // all at 10^12 and beyond: tickformat's own labels, already powers
  assert.deepEqual(Array.from(page.logTickLabels(beyond)), beyond.map(function (v) { return want.get(v); }));
  assert.deepEqual(Array.from(page.logTickLabels([1e-4, 1e-3, 0.01, 0.1])),
    ["10\u207b\u2074", "10\u207b\u00b3", "10\u207b\u00b2", "10\u207b\u00b9"]);
  assert.deepEqual(Array.from(page.logTickLabels([0.2, 0.5])), [want.get(0.2), want.get(0.5)]);
});
