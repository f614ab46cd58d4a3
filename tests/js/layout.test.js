/* Laying out what the panels draw, without a browser: titles and labels fitted to their room (wrapped,
 * never cut), tick labels thinned to leave room between them, and the optimum's label placed where it
 * covers nothing. A fake canvas context measures text as 0.55 em a character. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, fixture } = require("./load.js");

const { page } = load();
const THEME = fixture("page").theme;

/** A canvas context that measures each character as 0.55 of the font's size and draws nothing. */
function fakeContext() {
  const ctx = { font: "10px sans-serif" };
  ctx.measureText = function (text) { return { width: 0.55 * parseFloat(ctx.font) * String(text).length }; };
  for (const name of ["save", "restore", "beginPath", "moveTo", "lineTo", "stroke", "fill", "fillText", "translate",
    "rotate", "closePath", "rect", "clip", "arc", "setLineDash", "strokeText"]) ctx[name] = function () {};
  return ctx;
}

test("a long title takes two lines, broken after its comma, and nothing is cut", function () {
  const ctx = fakeContext(), fontOf = function (size) { return size + "px sans"; };
  const title = "SSE surface, trained on x\u2032 = (x \u2212 15.4) / 5.235";
  assert.deepEqual(Array.from(page.fitLines(ctx, title, 1000, fontOf, [13, 12], 2).lines), [title]);
  const two = page.fitLines(ctx, title, 200, fontOf, [13, 12], 2);
  assert.deepEqual(Array.from(two.lines), ["SSE surface, trained on", "x\u2032 = (x \u2212 15.4) / 5.235"]);
  assert.equal(two.size, 13);
  const smaller = page.fitLines(ctx, title, title.length * 0.55 * 12, fontOf, [13, 12], 2);
  assert.deepEqual([smaller.lines.length, smaller.size], [1, 12]); // a smaller size before a second line
  const cut = page.fitLines(ctx, "x".repeat(300), 100, fontOf, [13, 12], 2);
  assert.match(cut.lines[0], /\u2026$/); // only text with no room at all, in two lines, is cut
});

test("a frame's margins grow for wide ticks and a two-line label; every text stays inside the panel", function () {
  const ctx = fakeContext();
  const labels = ["SSE per epoch", "epoch", "SSE"];
  const narrow = page.frameLayout(ctx, THEME, { w: 500, h: 220 }, [0, 100], [0, 10], false, labels, { sseY: true });
  assert.deepEqual(Object.values(narrow.ax.rect).slice(0, 2), [page.MARGINS.left, page.MARGINS.top]);
  const wide = page.frameLayout(ctx, THEME, { w: 500, h: 220 }, [0, 100], [0, 2.2e12], false, labels, { sseY: true });
  assert.ok(wide.ax.rect.x > page.MARGINS.left); // "1.5×10¹²" needs more room than "10"
  const texts = [];
  page.drawFrame(ctx, THEME, wide, { w: 500, h: 220 }, { grid: true }, texts);
  const yl = texts.find(function (t) { return t[0] === "ylabel"; });
  for (const t of texts.filter(function (t) { return t[0] === "ytick"; })) assert.ok(t[2] > yl[2] + yl[4], t[1]);
  const long = ["SSE surface, trained on x\u2032 = (x \u2212 15.4) / 5.235",
    "w\u2080\u2032 (\u0177 at mean speed = 15.4)",
    "w\u2081\u2032 (\u0177 change per sd of speed, 5.235) and then some more words"];
  const phone = page.frameLayout(ctx, THEME, { w: 374, h: 380 }, [0, 1], [0, 1], false, long, {});
  assert.equal(phone.title.lines.length, 2);
  assert.ok(phone.ax.rect.y > page.MARGINS.top);
  const all = [];
  page.drawFrame(ctx, THEME, phone, { w: 374, h: 380 }, {}, all);
  for (const t of all) {
    assert.ok(t[2] >= 0 && t[3] >= 0 && t[2] + t[4] <= 374 && t[3] + t[5] <= 380 && t[1].indexOf("\u2026") < 0, t);
  }
  const ylabel = all.filter(function (t) { return t[0] === "ylabel"; }).map(function (t) { return t[1]; });
  assert.equal(ylabel.join(" "), long[2]);
});

test("tick labels are thinned until neighbours have room between them", function () {
  assert.equal(page.thinning([0, 50, 100, 150], [30, 30, 30, 30], 6), 1);
  assert.equal(page.thinning([0, 30, 60, 90, 120], [30, 30, 30, 30, 30], 6), 2); // "10⁻⁷10⁻⁶" touched
  assert.equal(page.thinning([0, 10, 20, 30, 40, 50, 60], [25, 25, 25, 25, 25, 25, 25], 6), 4);
});

test("the optimum's label goes where it covers nothing, and stays there while it still does", function () {
  const rect = { x: 0, y: 0, w: 400, h: 300 }, star = [200, 150], w = 100, h = 18;
  const above = page.placeLabel(star, w, h, 12, rect, [], null);
  assert.deepEqual([above.index, above.x, above.y, above.touches], [0, 150, 120, 0]);
  const arrowUp = [[200, 150, 200, 90, 5]]; // an arrow from the star straight up
  const moved = page.placeLabel(star, w, h, 12, rect, arrowUp, null);
  assert.equal(moved.touches, 0);
  assert.equal(moved.index, 1); // below
  const path = [[0, 160, 400, 160, 4], [0, 140, 400, 140, 4], [200, 150, 200, 90, 5]]; // hemmed in near: farther
  const far = page.placeLabel(star, w, h, 12, rect, path, null);
  assert.ok(far.touches === 0 && far.far, JSON.stringify(far));
  const kept = page.placeLabel(star, w, h, 12, rect, [[0, 300, 10, 300, 1]], moved);
  assert.equal(kept.index, 1); // still clear: it does not hop back above
  const edge = page.placeLabel([390, 5], w, h, 12, rect, [], null);
  assert.ok(edge.x + edge.w <= rect.w && edge.y >= 0); // kept inside the plot
});
