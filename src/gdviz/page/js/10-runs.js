/* gdviz explore: the page's script, in modules. This file says how they fit together.
 *
 * The page's script is the files in gdviz/page/js/, concatenated in the order of their
 * names (NN-job.js) by gdviz/explore.py into the page's one inline script: one CSP hash,
 * no bundler, no npm. Each file is a classic script that adds its part to one namespace
 * object and does nothing else when it loads:
 *
 *     var gdvizPage = gdvizPage || {};
 *     (function (page) {
 *       "use strict";
 *       function descend(...) { ... }
 *       page.descend = descend;
 *     })(gdvizPage);
 *
 * so the same text loads three ways:
 *   - in the page: explore.py wraps the concatenation in one function (gdvizPage is no
 *     global there) and ends it with `window.gdviz = gdvizPage.start(GDVIZ_DATA)`;
 *   - in node's tests: tests/js/load.js runs the files, in the same order, in one `vm`
 *     context, whose `gdvizPage` is then the namespace;
 *   - as an ES module (a notebook widget): the same concatenation followed by
 *     `export default gdvizPage;` (`var` at the top of a module is module-scoped).
 * So a file has no import or export, names no global object, declares nothing at its top level but
 * `var gdvizPage`, and reads no global but the browser's own (document, window, ...),
 * and those only inside functions that the DOM modules install.
 *
 * The files, by job:
 *   10-runs.js      the runs: gdviz.train's moments path, the scaling, curve thinning, pacing
 *   25-maths.js     the maths text: one epoch's arithmetic as lines (drawing.mathstext), a run's epoch numbers
 *   20-numbers.js   numbers as text: tick labels (dates too), readouts, the gap to least squares
 *   30-state.js     the view: the state (the fragment's keys), checked; the current run
 *   40-drawing.js   canvas primitives: ticks, frames fitted to a panel, clipping, arrows, markers, label places
 *   50-panels.js    the panels, the eta slider and the text, drawn from a view (DOM)
 *   60-controls.js  pointers, keys, controls, playback; start() and the script interface (DOM)
 * 10 to 40 need no DOM (40's drawing functions take a canvas context): node tests them
 * against fixtures that the Python functions they mirror write (tests/js/).
 */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  /** Row buffers for runs, grown as needed and reused by every run of a view. */
  function makeRows() { return { cap: 0 }; }

  /** The state each optimizer's rows record after every update (what the maths text shows; 25-maths.js). */
  const STATE = { gd: [], momentum: ["v0", "v1"], nesterov: ["v0", "v1", "q0", "q1"], adagrad: ["s0", "s1"],
    rmsprop: ["s0", "s1"], adam: ["m0", "m1", "s0", "s1"] };

  function ensure(rows, cap, kind) {
    const state = STATE[kind] || [];
    if (rows.cap >= cap && state.every(function (k) { return rows[k]; })) return;
    if (rows.cap < cap) {
      rows.cap = Math.max(cap, 2 * rows.cap, 1024);
      for (const k of ["w0", "w1", "loss", "g0", "g1", "v0", "v1", "q0", "q1", "s0", "s1", "m0", "m1"]) delete rows[k];
      for (const k of ["w0", "w1", "loss", "g0", "g1"]) rows[k] = new Float64Array(rows.cap);
    }
    for (const k of state) if (!rows[k]) rows[k] = new Float64Array(rows.cap);
  }

  /** One run from (w0, w1) in the trained coordinates: gdviz.train's moments path, step for step.
   *
   * `bowl` holds the six sums in the trained coordinates (n, mean_x, mean_y, cxx, cxy, cyy);
   * `optimizer` is {name, hyperparameters}; `rule` is {divergence_factor, tiny} (the
   * divergence rule: stop when the SSE exceeds factor x the first SSE, or is not finite).
   * The rows (w0, w1, loss, g0, g1) are written into `rows` (makeRows()), which the result
   * points to; `len` rows were written. The steps repeat the training core's moments path
   * (Moments.sse_and_gradient, then each optimizer's step, training/core.py) operation for
   * operation, in the same order, so they equal gdviz.train's moments path bit for bit.
   * Each row also records the optimizer's state after its update (STATE: v, Nesterov's
   * look-ahead gradient q, the accumulators s, Adam's m), which page.epochNumbers reads.
   */
  function descend(bowl, optimizer, eta, w0, w1, epochs, rule, rows) {
    rows = rows || makeRows();
    ensure(rows, epochs, optimizer.name);
    const W0 = rows.w0, W1 = rows.w1, L = rows.loss, G0 = rows.g0, G1 = rows.g1;
    const V0 = rows.v0, V1 = rows.v1, Q0 = rows.q0, Q1 = rows.q1, S0 = rows.s0, S1 = rows.s1, M0 = rows.m0, M1 = rows.m1;
    const n = bowl.n, mx = bowl.mean_x, my = bowl.mean_y, cxx = bowl.cxx, cxy = bowl.cxy, cyy = bowl.cyy;
    const factor = rule.divergence_factor, tiny = rule.tiny;
    const h = optimizer.hyperparameters, kind = optimizer.name;
    const beta = h.beta, eps = h.eps, rho = h.rho, beta1 = h.beta1, beta2 = h.beta2;
    let v0 = 0.0, v1 = 0.0, s0 = 0.0, s1 = 0.0, m0 = 0.0, m1 = 0.0, b1t = 1.0, b2t = 1.0;
    let limit = 0.0, len = 0, divergedAt = null, blewUp = false;
    for (let epoch = 0; epoch < epochs; epoch++) {
      // Moments.sse_and_gradient: the residual of the mean point, the SSE, the gradient.
      const r = my - w1 * mx - w0;
      let error = 0.5 * (cyy - 2.0 * w1 * cxy + w1 * w1 * cxx + n * r * r);
      error = error > 0.0 ? error : 0.0;
      if (epoch === 0) {
        limit = factor * Math.max(error, tiny);
      } else if (!(error <= limit)) { // also catches NaN
        divergedAt = epoch; blewUp = !isFinite(error); break;
      }
      const g0 = -n * r;
      const g1 = w1 * cxx - cxy - n * r * mx;
      if (!(isFinite(g0) && isFinite(g1))) { divergedAt = epoch; blewUp = true; break; }
      W0[epoch] = w0; W1[epoch] = w1; L[epoch] = error; G0[epoch] = g0; G1[epoch] = g1;
      len = epoch + 1;
      // The optimizer's step (gdviz/optimizers.py), on w0 and w1 separately.
      switch (kind) {
        case "gd":
          w1 = w1 - eta * g1;
          w0 = w0 - eta * g0;
          break;
        case "momentum":
          v0 = beta * v0 + g0; v1 = beta * v1 + g1;
          w0 = w0 - eta * v0; w1 = w1 - eta * v1;
          V0[epoch] = v0; V1[epoch] = v1;
          break;
        case "nesterov": {
          const ahead = eta * beta;
          const l0 = w0 - ahead * v0, l1 = w1 - ahead * v1;
          const rl = my - l1 * mx - l0;
          const q0 = -n * rl;
          const q1 = l1 * cxx - cxy - n * rl * mx;
          v0 = beta * v0 + q0; v1 = beta * v1 + q1;
          w0 = w0 - eta * v0; w1 = w1 - eta * v1;
          V0[epoch] = v0; V1[epoch] = v1; Q0[epoch] = q0; Q1[epoch] = q1;
          break;
        }
        case "adagrad":
          s0 = s0 + g0 * g0; s1 = s1 + g1 * g1;
          w0 = w0 - eta * g0 / (Math.sqrt(s0) + eps);
          w1 = w1 - eta * g1 / (Math.sqrt(s1) + eps);
          S0[epoch] = s0; S1[epoch] = s1;
          break;
        case "rmsprop":
          s0 = rho * s0 + (1 - rho) * (g0 * g0); s1 = rho * s1 + (1 - rho) * (g1 * g1);
          w0 = w0 - eta * g0 / (Math.sqrt(s0) + eps);
          w1 = w1 - eta * g1 / (Math.sqrt(s1) + eps);
          S0[epoch] = s0; S1[epoch] = s1;
          break;
        case "adam": {
          b1t *= beta1; b2t *= beta2;
          m0 = beta1 * m0 + (1 - beta1) * g0; m1 = beta1 * m1 + (1 - beta1) * g1;
          s0 = beta2 * s0 + (1 - beta2) * (g0 * g0); s1 = beta2 * s1 + (1 - beta2) * (g1 * g1);
          const mh0 = m0 / (1 - b1t), mh1 = m1 / (1 - b1t);
          const sh0 = s0 / (1 - b2t), sh1 = s1 / (1 - b2t);
          w0 = w0 - eta * mh0 / (Math.sqrt(sh0) + eps);
          w1 = w1 - eta * mh1 / (Math.sqrt(sh1) + eps);
          M0[epoch] = m0; M1[epoch] = m1; S0[epoch] = s0; S1[epoch] = s1;
          break;
        }
        default:
          throw new Error("unknown optimizer " + kind);
      }
    }
    return { len: len, divergedAt: divergedAt, blewUp: blewUp, optimizer: optimizer, eta: eta,
      w0: W0, w1: W1, loss: L, g0: G0, g1: G1, v0: V0, v1: V1, q0: Q0, q1: Q1, s0: S0, s1: S1, m0: M0, m1: M1 };
  }

  /** The scaling the page's data says training used: x' = (x - shift) / scale. */
  function scalingOf(data) {
    return { active: data.scaled, shift: data.x_shift, scale: data.x_scale };
  }

  /** A line in the data's units as the weights on the trained x (diagnostics.Scaling.to_trained). */
  function toTrained(scaling, w0, w1) {
    return [w0 + w1 * scaling.shift, w1 * scaling.scale];
  }

  /** Weights on the trained x as the line in the data's units (History.intercept, History.slope). */
  function toData(scaling, w0, w1) {
    const slope = w1 / scaling.scale;
    return [w0 - slope * scaling.shift, slope];
  }

  /** Rows a curve of `len` rows is drawn through (panels.loss.curve_rows, with no frames).
   *
   * All of them up to `most` (then null: every row); beyond, row 0, `most`/2 rows spaced
   * evenly and `most`/2 spaced geometrically (numpy's linspace and geomspace, rounded).
   */
  function curveRows(len, most) {
    if (len <= most) return null;
    const half = Math.floor(most / 2), pick = new Uint8Array(len);
    const step = (len - 1) / (half - 1), logStep = Math.log10(len - 1) / (half - 1);
    pick[0] = 1;
    for (let i = 0; i < half; i++) {
      pick[i === half - 1 ? len - 1 : Math.round(i * step)] = 1;
      pick[i === 0 ? 1 : i === half - 1 ? len - 1 : Math.round(Math.pow(10, i * logStep))] = 1;
    }
    const rows = [];
    for (let k = 0; k < len; k++) if (pick[k]) rows.push(k);
    return Int32Array.from(rows);
  }

  /** Where each row falls in a run's playback, from 0 to 1 (schedule.progress).
   *
   * A share `motionShare` by the distance travelled in the (w0, w1) plane, each axis
   * scaled by the range the run covers, the rest evenly by epoch.
   */
  function pacing(w0, w1, len, motionShare) {
    const out = new Float64Array(len);
    let lo0 = Infinity, hi0 = -Infinity, lo1 = Infinity, hi1 = -Infinity;
    for (let k = 0; k < len; k++) {
      lo0 = Math.min(lo0, w0[k]); hi0 = Math.max(hi0, w0[k]); lo1 = Math.min(lo1, w1[k]); hi1 = Math.max(hi1, w1[k]);
    }
    const span0 = (hi0 - lo0) || 1.0, span1 = (hi1 - lo1) || 1.0;
    for (let k = 1; k < len; k++) {
      out[k] = out[k - 1] + Math.hypot((w0[k] - w0[k - 1]) / span0, (w1[k] - w1[k - 1]) / span1);
    }
    const travelled = len ? out[len - 1] : 0, step = len > 1 ? 1.0 / (len - 1) : 0;
    for (let k = 0; k < len; k++) {
      const byEpoch = k === len - 1 && len > 1 ? 1.0 : k * step;
      out[k] = travelled > 0 ? motionShare * out[k] / travelled + (1 - motionShare) * byEpoch : byEpoch;
    }
    return out;
  }

  page.makeRows = makeRows;
  page.descend = descend;
  page.scalingOf = scalingOf;
  page.toTrained = toTrained;
  page.toData = toData;
  page.curveRows = curveRows;
  page.pacing = pacing;
})(gdvizPage);
