/* Moved points: the six sums of the data with some of its shown points moved, the scaling
 * gdviz.train would choose for them, and what follows from them (least squares, the
 * Hessian's eigenvalues, the stability bounds, the surface's window and levels). No DOM:
 * node tests it against the Moments and scalings Python computes for the moved data
 * (fixtures/points.json). */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  /** At most this many points may be moved (the fragment holds them all). */
  const MAX_MOVED = 50;

  /** All x equal to 12 significant digits (moments._constant). */
  function isConstant(n, mean, cxx) { return cxx <= 1e-300 || cxx <= 1e-24 * n * mean * mean; }

  function withConstant(m) {
    m.constant_x = isConstant(m.n, m.mean_x, m.cxx);
    return m;
  }

  /** The sums of points x, y as Moments.of takes them: about the first point, then moved to the mean. */
  function momentsOf(x, y) {
    const n = x.length, x0 = x[0], y0 = y[0];
    let sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    for (let i = 0; i < n; i++) {
      const dx = x[i] - x0, dy = y[i] - y0;
      sx += dx; sy += dy; sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
    }
    const mx = sx / n, my = sy / n;
    return withConstant({ n: n, mean_x: x0 + mx, mean_y: y0 + my, cxx: Math.max(sxx - sx * mx, 0.0),
      cxy: sxy - sx * my, cyy: Math.max(syy - sy * my, 0.0) });
  }

  /** The sums `m` with the point (px, py) taken out and (qx, qy) put in (the number of points stays). */
  function replacePoint(m, px, py, qx, qy) {
    const n = m.n, mx = m.mean_x, my = m.mean_y;
    const ax = px - mx, ay = py - my, bx = qx - mx, by = qy - my;
    const dx = (qx - px) / n, dy = (qy - py) / n; // how far the means move
    return withConstant({ n: n, mean_x: mx + dx, mean_y: my + dy,
      cxx: Math.max(m.cxx - ax * ax + bx * bx - n * dx * dx, 0.0),
      cxy: m.cxy - ax * ay + bx * by - n * dx * dy,
      cyy: Math.max(m.cyy - ay * ay + by * by - n * dy * dy, 0.0) });
  }

  /** Where row `row` of the data is among the shown points (-1: not shown). */
  function shownIndex(sample, row) {
    if (!sample.rows) return Number.isInteger(row) && row >= 0 && row < sample.x.length ? row : -1;
    if (!sample.byRow) {
      sample.byRow = new Map();
      sample.rows.forEach(function (r, i) { sample.byRow.set(r, i); });
    }
    const i = sample.byRow.get(row);
    return i === undefined ? -1 : i;
  }

  /** The data's sums with `points` ([row, x, y], shown rows) moved. `sample` holds the shown points as the
   * page was written ({x, y, rows}); `base` the sums of all the data. When every point is shown the sums
   * are taken again from the points (as Moments.of takes them); else the moved ones are swapped in. */
  function movedMoments(base, sample, points) {
    if (!points.length) return base;
    if (!sample.rows && sample.x.length === base.n) {
      const x = Float64Array.from(sample.x), y = Float64Array.from(sample.y);
      for (const p of points) { x[p[0]] = p[1]; y[p[0]] = p[2]; }
      return momentsOf(x, y);
    }
    let m = base;
    for (const p of points) {
      const i = shownIndex(sample, p[0]);
      m = replacePoint(m, sample.x[i], sample.y[i], p[1], p[2]);
    }
    return m;
  }

  /** The Hessian's eigenvalues [lambda_min, lambda_max] (Moments.eigenvalues). */
  function eigenvalues(m) {
    const n = m.n, sx = n * m.mean_x, sxx = m.cxx + n * m.mean_x * m.mean_x;
    const hi = 0.5 * (n + sxx + Math.hypot(n - sxx, 2.0 * sx));
    return [m.constant_x ? 0.0 : n * m.cxx / hi, hi];
  }

  /** lambda_max / lambda_min, infinite when H is singular (Conditioning.condition_number). */
  function conditionNumber(m) {
    const lam = eigenvalues(m);
    return m.constant_x || lam[0] <= 0.0 ? Infinity : lam[1] / lam[0];
  }

  /** The scaling gdviz.train chooses for sums `m` under `policy` ("auto", "none" or "standardize"; auto
   * standardises above the condition number `limit`): {active, shift, scale} (diagnostics.choose_scaling). */
  function chooseScaling(m, policy, limit) {
    if (policy === "none" || (policy === "auto" && conditionNumber(m) <= limit)) {
      return { active: false, shift: 0.0, scale: 1.0 };
    }
    const sd = Math.sqrt(m.cxx / m.n);
    return { active: true, shift: m.mean_x, scale: m.constant_x || !(sd > 0) ? 1.0 : sd };
  }

  /** The sums of x' = (x - shift) / scale (Moments.scaled). */
  function scaledMoments(m, scaling) {
    if (!scaling.active) return m;
    const s = scaling.scale;
    return { n: m.n, mean_x: (m.mean_x - scaling.shift) / s, mean_y: m.mean_y, cxx: m.cxx / (s * s),
      cxy: m.cxy / s, cyy: m.cyy, constant_x: m.constant_x };
  }

  /** [w0, w1, SSE] of the least-squares line (Moments.optimum). */
  function optimumOf(m) {
    const w1 = m.constant_x || isConstant(m.n, m.mean_x, m.cxx) ? 0.0 : m.cxy / m.cxx;
    const w0 = m.mean_y - w1 * m.mean_x;
    const r = m.mean_y - w1 * m.mean_x - w0;
    const sse = 0.5 * (m.cyy - 2.0 * w1 * m.cxy + w1 * w1 * m.cxx + m.n * r * r);
    return [w0, w1, sse > 0.0 ? sse : 0.0];
  }

  /** The largest excess SSE over a window (at one of its corners) of sums `m` about their optimum. */
  function windowExcess(m, best, win) {
    let most = 0;
    for (const u of win.w0) {
      for (const v of win.w1) {
        const d1 = v - best[1], q = (u - best[0]) + m.mean_x * d1;
        most = Math.max(most, 0.5 * (m.cxx * d1 * d1 + m.n * q * q));
      }
    }
    return most;
  }

  /** The surface's window for the moved data: the page's own while least squares stays in its middle
   * 60% (the bowl is seen to move); else the same size about the new optimum; and when x is scaled
   * otherwise than before, a window about the new optimum whose corners rise as high above least
   * squares as the page's own did (the bowl keeps its depth on the map). */
  function movedWindow(base, best, scaling, trained) {
    const w = base.window, s = scaling.scale / base.scaling.scale;
    const same = scaling.active === base.scaling.active && Math.abs(s - 1) < 0.2;
    const inside = function (v, lim) { const f = (v - lim[0]) / (lim[1] - lim[0]); return f >= 0.2 && f <= 0.8; };
    if (same && inside(best[0], w.w0) && inside(best[1], w.w1)) return { w0: w.w0.slice(), w1: w.w1.slice() };
    let h0 = 0.5 * (w.w0[1] - w.w0[0]), h1 = 0.5 * (w.w1[1] - w.w1[0]);
    if (!same) {
      const most = windowExcess(base.trained, base.optimum, w);
      h1 = Math.sqrt(most / Math.max(trained.cxx, 1e-300));
      h0 = Math.sqrt(most / trained.n) + Math.abs(trained.mean_x) * h1;
    }
    return { w0: [best[0] - h0, best[0] + h0], w1: [best[1] - h1, best[1] + h1] };
  }

  // -- the labels that name the scaling ----------------------------------------------------

  const SUPERSCRIPT = { "-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074",
    "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };

  /** `value` in running text, `digits` significant digits (tickformat.number). */
  function number(value, digits) {
    digits = digits === undefined ? 6 : digits;
    if (value === 0) return "0";
    if (!isFinite(value)) return page.minus(page.gfmt(value, 6));
    const parts = page.expo(Math.abs(value), Math.max(digits, 1) - 1).split("e"), exponent = Number(parts[1]);
    let text;
    if (exponent >= -4 && exponent < 6) {
      text = page.fixed(Math.abs(value), Math.max(0, digits - 1 - exponent));
      if (text.indexOf(".") >= 0) text = text.replace(/0+$/, "").replace(/\.$/, "");
    } else {
      let mantissa = parts[0];
      if (mantissa.indexOf(".") >= 0) mantissa = mantissa.replace(/0+$/, "").replace(/\.$/, "");
      const power = "10" + String(exponent).split("").map(function (c) { return SUPERSCRIPT[c]; }).join("");
      text = mantissa === "1" ? power : mantissa + "\u00d7" + power;
    }
    return (value < 0 ? page.MINUS : "") + text;
  }

  /** How training rescaled x: "x\u2032 = (x \u2212 5.2) / 3.1" (tickformat.centring). */
  function centring(shift, scale) {
    const moved = shift !== 0 ? "x " + (shift >= 0 ? page.MINUS : "+") + " " + number(Math.abs(shift)) : "x";
    if (scale === 1.0) return "x\u2032 = " + moved;
    return shift !== 0 ? "x\u2032 = (" + moved + ") / " + number(scale, 4) : "x\u2032 = x / " + number(scale, 4);
  }

  /** The panels' titles and axis labels for a scaling (labels.panel_labels, one run, x not dates). */
  function panelLabels(xName, yName, scaling) {
    const loss = ["SSE per epoch", "epoch", "SSE"];
    if (!scaling.active) {
      return { fit: ["Fitted line  \u0177 = w\u2081\u00b7x + w\u2080", xName, yName],
        surface: ["SSE surface and descent path", "w\u2080 (intercept)", "w\u2081 (slope)"], loss: loss };
    }
    const shift = scaling.shift, scale = scaling.scale;
    const weights = scale === 1.0 ?
      ["w\u2080\u2032 (\u0177 at " + xName + " = " + number(shift) + ")", "w\u2081\u2032 (slope)"] :
      ["w\u2080\u2032 (\u0177 at mean " + xName + " = " + number(shift) + ")",
        "w\u2081\u2032 (\u0177 change per sd of " + xName + ", " + number(scale, 4) + ")"];
    return { fit: ["Fitted line, in the data's units", xName, yName],
      surface: ["SSE surface, trained on " + centring(shift, scale)].concat(weights), loss: loss };
  }

  /** What the page needs of its data before any point moves: copies, so that moving none restores it exactly. */
  function snapshot(view) {
    const data = view.data, bounds = {};
    for (const name of Object.keys(view.optimizers)) bounds[name] = view.optimizers[name].bound;
    return { moments: data.moments, trained: data.trained, scaling: Object.assign({}, view.scaling),
      optimum: data.optimum.slice(), optimumData: data.optimum_data.slice(), lambda: data.lambda.slice(),
      spread: data.spread, levels: data.surface.levels.slice(), bounds: bounds, labels: data.labels,
      window: { w0: view.window.w0.slice(), w1: view.window.w1.slice() },
      sample: { x: data.sample.x.slice(), y: data.sample.y.slice(), rows: data.sample.rows || null } };
  }

  /** The page's data and view for the state's moved points (none: the page's own, exactly): the shown
   * points, the sums, the scaling, least squares, the eigenvalues and stability bounds, the surface's window
   * and contour levels. The run is not recomputed here (compute does). */
  function refit(view) {
    const data = view.data, base = view.base || (view.base = snapshot(view)), points = view.state.points || [];
    const sample = data.sample;
    for (let i = 0; i < sample.x.length; i++) { sample.x[i] = base.sample.x[i]; sample.y[i] = base.sample.y[i]; }
    view.moved = new Set();
    for (const p of points) {
      const i = shownIndex(sample, p[0]);
      sample.x[i] = p[1]; sample.y[i] = p[2]; view.moved.add(i);
    }
    const m = movedMoments(base.moments, base.sample, points);
    const scaling = points.length ? chooseScaling(m, data.scale_policy, data.auto_scale_condition) : base.scaling;
    const trained = points.length ? scaledMoments(m, scaling) : base.trained;
    const best = points.length ? optimumOf(trained) : base.optimum;
    const lambda = points.length ? eigenvalues(trained) : base.lambda;
    data.moments = m; data.trained = view.trained = trained;
    Object.assign(view.scaling, { active: scaling.active, shift: scaling.shift, scale: scaling.scale });
    data.scaled = scaling.active; data.x_shift = scaling.shift; data.x_scale = scaling.scale;
    Object.assign(view.optimum, { w0: best[0], w1: best[1], sse: best[2] });
    data.optimum = best.slice();
    data.optimum_data = points.length ? optimumOf(m).slice(0, 2) : base.optimumData.slice();
    data.lambda = lambda.slice();
    data.spread = 0.5 * m.cyy;
    // the titles name the scaling (dates keep the page's: their labels are written as dates)
    data.labels = points.length && !data.x_dates ? panelLabels(data.x_name, data.y_name, scaling) : base.labels;
    for (const name of Object.keys(view.optimizers)) {
      const b = base.bounds[name];
      view.optimizers[name].bound = b === null || !points.length ? b : b * base.lambda[1] / lambda[1];
    }
    const win = points.length ? movedWindow(base, best, scaling, trained) : base.window;
    view.window.w0 = win.w0.slice(); view.window.w1 = win.w1.slice();
    const k = points.length ? windowExcess(trained, best, win) / windowExcess(base.trained, base.optimum, base.window) : 1;
    data.surface.levels = base.levels.map(function (v) { return isFinite(k) && k > 0 ? v * k : v; });
    view.dataVersion = (view.dataVersion || 0) + 1;
  }

  /** `value` rounded to a thousandth of `span`'s decade: what a drag can mean. */
  function roundToSpan(value, span) {
    if (!(span > 0) || !isFinite(value)) return value;
    const e = Math.floor(Math.log10(span / 1000));
    const out = Math.round(value / Math.pow(10, e)) * Math.pow(10, e);
    return e < 0 ? Number(out.toFixed(-e)) : out;
  }

  /** The check of the `points` key: a list of [row, x, y] (or the fragment's "row:x:y,..."), each a shown
   * row of the data and finite x and y, at most MAX_MOVED; sorted by row, a row given twice taken last.
   * Returns the list or a string saying what it must be. */
  function checkPoints(raw, sample) {
    const must = "must be at most " + MAX_MOVED + " moved points, each row:x:y (a shown point's row in the data, " +
      "then finite x and y)";
    let list = raw;
    if (typeof raw === "string") {
      list = raw.trim() === "" ? [] : raw.split(",").map(function (t) { return t.split(":"); });
    }
    if (!Array.isArray(list) || list.length > MAX_MOVED) return must;
    const byRow = new Map();
    for (const item of list) {
      if (!Array.isArray(item) || item.length !== 3) return must;
      const v = item.map(function (t) { return typeof t === "number" ? t : String(t).trim() === "" ? NaN : Number(t); });
      if (!v.every(isFinite) || shownIndex(sample, v[0]) < 0) return must;
      byRow.set(v[0], v);
    }
    return Array.from(byRow.values()).sort(function (a, b) { return a[0] - b[0]; });
  }

  /** Whether two checked lists of moved points are the same. */
  function samePoints(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1] || a[i][2] !== b[i][2]) return false;
    }
    return true;
  }

  /** The moved points as the fragment writes them: "12:0.5:2.8,40:0.9:2.1" (full precision). */
  function pointsText(points) {
    return points.map(function (p) { return p[0] + ":" + p[1] + ":" + p[2]; }).join(",");
  }

  page.MAX_MOVED = MAX_MOVED;
  page.momentsOf = momentsOf;
  page.replacePoint = replacePoint;
  page.movedMoments = movedMoments;
  page.shownIndex = shownIndex;
  page.eigenvalues = eigenvalues;
  page.conditionNumber = conditionNumber;
  page.chooseScaling = chooseScaling;
  page.scaledMoments = scaledMoments;
  page.optimumOf = optimumOf;
  page.refit = refit;
  page.number = number;
  page.centring = centring;
  page.panelLabels = panelLabels;
  page.roundToSpan = roundToSpan;
  page.checkPoints = checkPoints;
  page.samePoints = samePoints;
  page.pointsText = pointsText;
})(gdvizPage);
