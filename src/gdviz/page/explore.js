/* gdviz explore: re-run gradient descent from the data's six sums while the reader drags.
 *
 * GDVIZ_DATA (written by Python, gdviz/explore.py) holds the sums in the trained
 * coordinates, the scaling, every full-batch optimizer with its hyperparameters, its
 * learning rate for this data and its stability bound, the surface window with its
 * contour levels and colours, a display sample of the points, the labels and the theme.
 *
 * The runs repeat gdviz.train's moments path (train._MomentsBowl with train._optimize,
 * and train._descend_by_moments for gd) operation for operation, in the same order, so
 * they equal it bit for bit. Nothing here evaluates text as code, and user strings
 * (column and file names) reach the DOM only as text.
 *
 * Script interface (tests and embedders rely on it):
 *   gdviz.state()   -> {w0, w1, eta, opt, epochs, epoch}   (w0, w1: the start, data units)
 *   gdviz.set({...}) applies a partial state, recomputes and redraws, returns state()
 *   gdviz.run()     -> {epoch, w0, w1, loss} arrays, the rows of a History (trained coordinates)
 */
(function () {
  "use strict";

  const P = GDVIZ_DATA;
  const TH = P.theme;
  const PT = 96 / 72; // CSS pixels per typographic point
  const MINUS = "\u2212";
  const M = P.trained;
  const BY_NAME = {};
  P.optimizers.forEach(function (o) { BY_NAME[o.name] = o; });
  const RUN = TH.run_colors[0];
  const SCALED = P.scaled, SHIFT = P.x_shift, SCALE = P.x_scale;
  const OW0 = P.optimum[0], OW1 = P.optimum[1], BEST = P.optimum[2];
  const WIN0 = P.surface.w0, WIN1 = P.surface.w1;
  const KEYS = ["w0", "w1", "eta", "opt", "epochs", "epoch"];
  const PLAY_MS = 8000;
  const FONT = '"' + TH.font_family + '", "Helvetica Neue", Arial, sans-serif';
  const MONO = '"' + TH.mono_family + '", Menlo, Consolas, monospace';

  // ---------------------------------------------------------------------------------
  // The runs: gdviz.train's moments path, step for step.
  // ---------------------------------------------------------------------------------
  const buf = { cap: 0 };

  function ensure(cap) {
    if (buf.cap >= cap) return;
    buf.cap = Math.max(cap, 2 * buf.cap, 1024);
    for (const k of ["w0", "w1", "loss", "g0", "g1"]) buf[k] = new Float64Array(buf.cap);
  }

  /** One run from the start (w0, w1) in the trained coordinates; rows are written into buf. */
  function descend(opt, eta, w0, w1, epochs) {
    ensure(epochs);
    const W0 = buf.w0, W1 = buf.w1, L = buf.loss, G0 = buf.g0, G1 = buf.g1;
    const n = M.n, mx = M.mean_x, my = M.mean_y, cxx = M.cxx, cxy = M.cxy, cyy = M.cyy;
    const FACTOR = P.divergence_factor, TINY = P.tiny;
    const h = opt.hyperparameters, kind = opt.name;
    const beta = h.beta, eps = h.eps, rho = h.rho, beta1 = h.beta1, beta2 = h.beta2;
    let v0 = 0.0, v1 = 0.0, s0 = 0.0, s1 = 0.0, m0 = 0.0, m1 = 0.0, b1t = 1.0, b2t = 1.0;
    let limit = 0.0, len = 0, divergedAt = null, blewUp = false;
    for (let epoch = 0; epoch < epochs; epoch++) {
      // _MomentsBowl.sse_and_gradient: the residual of the mean point, the SSE, the gradient.
      const r = my - w1 * mx - w0;
      let error = 0.5 * (cyy - 2.0 * w1 * cxy + w1 * w1 * cxx + n * r * r);
      error = error > 0.0 ? error : 0.0;
      if (epoch === 0) {
        limit = FACTOR * Math.max(error, TINY);
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
          break;
        case "nesterov": {
          const ahead = eta * beta;
          const l0 = w0 - ahead * v0, l1 = w1 - ahead * v1;
          const rl = my - l1 * mx - l0;
          const q0 = -n * rl;
          const q1 = l1 * cxx - cxy - n * rl * mx;
          v0 = beta * v0 + q0; v1 = beta * v1 + q1;
          w0 = w0 - eta * v0; w1 = w1 - eta * v1;
          break;
        }
        case "adagrad":
          s0 = s0 + g0 * g0; s1 = s1 + g1 * g1;
          w0 = w0 - eta * g0 / (Math.sqrt(s0) + eps);
          w1 = w1 - eta * g1 / (Math.sqrt(s1) + eps);
          break;
        case "rmsprop":
          s0 = rho * s0 + (1 - rho) * (g0 * g0); s1 = rho * s1 + (1 - rho) * (g1 * g1);
          w0 = w0 - eta * g0 / (Math.sqrt(s0) + eps);
          w1 = w1 - eta * g1 / (Math.sqrt(s1) + eps);
          break;
        case "adam": {
          b1t *= beta1; b2t *= beta2;
          m0 = beta1 * m0 + (1 - beta1) * g0; m1 = beta1 * m1 + (1 - beta1) * g1;
          s0 = beta2 * s0 + (1 - beta2) * (g0 * g0); s1 = beta2 * s1 + (1 - beta2) * (g1 * g1);
          const mh0 = m0 / (1 - b1t), mh1 = m1 / (1 - b1t);
          const sh0 = s0 / (1 - b2t), sh1 = s1 / (1 - b2t);
          w0 = w0 - eta * mh0 / (Math.sqrt(sh0) + eps);
          w1 = w1 - eta * mh1 / (Math.sqrt(sh1) + eps);
          break;
        }
        default:
          throw new Error("unknown optimizer " + kind);
      }
    }
    return { len: len, divergedAt: divergedAt, blewUp: blewUp, id: ++runCount };
  }
  let runCount = 0;

  /** A line in the data's units as the weights on the trained x (diagnostics.Scaling.to_trained). */
  function toTrained(w0, w1) {
    return SCALED ? [w0 + w1 * SHIFT, w1 * SCALE] : [w0, w1];
  }

  /** Weights on the trained x as the line in the data's units (History.intercept, History.slope). */
  function toData(w0, w1) {
    if (!SCALED) return [w0, w1];
    const slope = w1 / SCALE;
    return [w0 - slope * SHIFT, slope];
  }

  // ---------------------------------------------------------------------------------
  // Numbers as text: gdviz's tick labels (tickformat.py) and readouts (text.py).
  // ---------------------------------------------------------------------------------
  const SUP = { "-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074",
    "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };

  function minus(text) { return text.replace(/-/g, MINUS); }

  function digitsText(value, tol, most) {
    let d = 0;
    for (; d <= most; d++) if (Math.abs(Number(value.toFixed(d)) - value) <= tol) break;
    let text = value.toFixed(Math.min(d, most));
    if (text.indexOf(".") >= 0) text = text.replace(/0+$/, "").replace(/\.$/, "");
    return text === "-0" ? "0" : text;
  }

  function power(value, step) {
    let e = Math.floor(Math.log10(Math.abs(value)));
    let m = value / Math.pow(10, e);
    if (Math.round(Math.abs(m) * 1e6) / 1e6 >= 10) { e += 1; m /= 10; }
    const tol = step > 0 ? 1e-3 * step / Math.pow(10, e) : 1e-9;
    const dg = digitsText(m, tol, 3);
    const p = "10" + String(e).split("").map(function (c) { return SUP[c]; }).join("");
    if (dg === "1" || dg === "-1") return (dg === "-1" ? "-" : "") + p;
    return dg + "\u00d7" + p;
  }

  /** The label of tick `value` on an axis whose largest magnitude is `big` and spacing `step`. */
  function tickLabel(value, big, step) {
    if (value === 0 || Math.abs(value) < 1e-12 * big) return "0";
    let text;
    if (big >= 1e12 || big < 1e-3) {
      text = power(value, step);
    } else if (big >= 1e3) {
      const p = big >= 1e9 ? 9 : big >= 1e6 ? 6 : 3;
      const unit = Math.pow(10, p);
      text = digitsText(value / unit, step > 0 ? 1e-3 * step / unit : 1e-9, 6) + { 9: "G", 6: "M", 3: "k" }[p];
    } else {
      text = digitsText(value, step > 0 ? 1e-3 * step : 1e-9 * Math.abs(value), 6);
    }
    return minus(text);
  }

  function expo(v, digits) { // Python's f"{v:.{digits}e}": two exponent digits at least
    const [m, e] = v.toExponential(digits).split("e");
    const sign = e[0] === "-" ? "-" : "+";
    const d = e.replace(/^[+-]/, "");
    return m + "e" + sign + (d.length < 2 ? "0" + d : d);
  }

  /** `v` with about four significant digits, plain from 0.001 to 10^7 (text.readable). */
  function readable(v, digits) {
    digits = digits || 4;
    if (v === 0 || !isFinite(v)) return minus(String(v));
    const mag = Math.floor(Math.log10(Math.abs(v)));
    if (mag >= -3 && mag < 7) return minus(v.toFixed(Math.max(0, digits - 1 - mag)));
    return minus(expo(v, digits - 1));
  }

  /** A formatter with one number of decimals and one width for values up to `biggest` (text.fixed_width). */
  function fixedWidth(biggest) {
    if (!(biggest > 0) || !(biggest >= 1e-3 && biggest < 1e6)) {
      return function (v) { return minus((v >= 0 ? "+" : "") + expo(v, 3)); };
    }
    const decimals = Math.max(0, 4 - Math.floor(Math.log10(biggest)));
    const width = ("-" + biggest.toFixed(decimals)).length;
    return function (v) {
      let t = (v >= 0 ? "+" : "") + v.toFixed(decimals);
      while (t.length < width) t = " " + t;
      return minus(t);
    };
  }

  /** Three significant digits, as gdviz prints a learning rate (Python's .3g). */
  function short(v) { return gfmt(v, 3); }

  /** Python's f"{v:.{digits}g}". */
  function gfmt(v, digits) {
    if (v === 0 || !isFinite(v)) return String(v);
    const e = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(digits)))));
    if (e < -4 || e >= digits) {
      const t = expo(v, digits - 1).split("e");
      return t[0].replace(/\.?0+$/, "") + "e" + t[1];
    }
    return String(Number(v.toPrecision(digits)));
  }

  function round3(v) { return Number(v.toPrecision(3)); }

  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  /** The gap to least squares as gdviz says it (diagnostics.describe_gap, relative_gap). */
  function gapWords(final, first) {
    const floor = P.spread > 0 ? P.exact_fit * P.spread : P.exact_fit * Math.abs(first);
    const reference = Math.max(BEST, floor, P.tiny);
    const gap = Math.max(final - BEST, 0) / reference;
    if (BEST <= 1e-12 * Math.max(final, 1.0) || BEST === 0) {
      return "least-squares SSE 0 (the points lie on a line), " + readable(final, 3) + " to go";
    }
    if (gap < 10) return gfmt(100 * gap, 3) + "% above least squares";
    return gfmt(final / BEST, 3) + " times least squares";
  }

  // ---------------------------------------------------------------------------------
  // State, runs and the URL fragment.
  // ---------------------------------------------------------------------------------
  const D = P.default;
  const S = { w0: D.w0, w1: D.w1, eta: D.eta, opt: D.opt, epochs: D.epochs, epoch: D.epoch };
  let R = null; // the current run: {len, divergedAt, blewUp, id, w0, w1, loss, g0, g1, rows, ...}
  let atEnd = true; // the epoch follows the end of each new run

  function compute() {
    const start = toTrained(S.w0, S.w1);
    const r = descend(BY_NAME[S.opt], S.eta, start[0], start[1], S.epochs);
    r.w0 = buf.w0; r.w1 = buf.w1; r.loss = buf.loss; r.g0 = buf.g0; r.g1 = buf.g1;
    r.start = start;
    r.rows = decimate(r.len);
    let big = 0;
    for (let k = 0; k < r.len; k++) big = Math.max(big, Math.abs(r.w0[k]), Math.abs(r.w1[k]));
    r.fmtW = fixedWidth(Math.max(big, Math.abs(OW0), Math.abs(OW1)));
    r.progress = null;
    R = r;
    if (atEnd || S.epoch > lastEpoch()) S.epoch = lastEpoch();
  }

  function lastEpoch() { return Math.max(0, R ? R.len - 1 : 0); }

  /** Rows a long curve is drawn through (loss.curve_rows): all up to 2,400, else even plus log-spaced. */
  const decimated = { len: -1, rows: null };

  function decimate(len) {
    const most = 2400;
    if (len <= most) return null;
    if (decimated.len === len) return decimated.rows; // the same rows for every run of this length
    const pick = new Uint8Array(len);
    pick[0] = 1; pick[len - 1] = 1;
    for (let i = 0; i < most / 2; i++) {
      pick[Math.round(i * (len - 1) / (most / 2 - 1))] = 1;
      pick[Math.round(Math.pow(len - 1, i / (most / 2 - 1)))] = 1;
    }
    const rows = [];
    for (let k = 0; k < len; k++) if (pick[k]) rows.push(k);
    decimated.len = len;
    decimated.rows = Int32Array.from(rows);
    return decimated.rows;
  }

  /** The rows of the run to draw up to (and including) `upto`. */
  function rowsUpTo(upto) {
    const out = [];
    if (!R.rows) { for (let k = 0; k <= upto; k++) out.push(k); return out; }
    for (let i = 0; i < R.rows.length && R.rows[i] <= upto; i++) out.push(R.rows[i]);
    if (out[out.length - 1] !== upto) out.push(upto);
    return out;
  }

  function bad(key, value, why) {
    return new TypeError("gdviz.set: `" + key + "` " + why + "; got " + JSON.stringify(String(value)) + ".");
  }

  /** A partial state checked and normalised; `strict` throws on a bad key or value (set), else skips it (fragment). */
  function normalise(partial, strict) {
    const out = {};
    for (const key of Object.keys(partial)) {
      const raw = partial[key];
      try {
        if (KEYS.indexOf(key) < 0) throw bad(key, raw, "is not one of " + KEYS.join(", "));
        if (key === "opt") {
          const name = String(raw).trim().toLowerCase();
          if (!BY_NAME[name]) throw bad(key, raw, "must be one of " + Object.keys(BY_NAME).join(", "));
          out.opt = name;
          continue;
        }
        const v = typeof raw === "number" ? raw : (String(raw).trim() === "" ? NaN : Number(raw));
        if (!isFinite(v)) throw bad(key, raw, "must be a finite number");
        if (key === "eta" && !(v > 0)) throw bad(key, raw, "must be a number > 0");
        if (key === "epochs" && !(Number.isInteger(v) && v >= 1 && v <= P.max_epochs)) {
          throw bad(key, raw, "must be a whole number from 1 to " + thousands(P.max_epochs));
        }
        if (key === "epoch" && !(Number.isInteger(v) && v >= 0)) throw bad(key, raw, "must be a whole number >= 0");
        out[key] = v;
      } catch (err) {
        if (strict) throw err;
      }
    }
    return out;
  }

  /** Apply a normalised partial state: recompute the run if it changed, clamp the epoch, redraw. */
  function apply(part) {
    if (part.opt !== undefined && part.opt !== S.opt && part.eta === undefined) part.eta = BY_NAME[part.opt].eta;
    let changed = false;
    for (const key of ["w0", "w1", "eta", "opt", "epochs"]) {
      if (part[key] !== undefined && part[key] !== S[key]) { S[key] = part[key]; changed = true; }
    }
    if (part.epoch !== undefined) atEnd = false;
    if (changed || !R) compute();
    if (part.epoch !== undefined) {
      S.epoch = Math.min(part.epoch, lastEpoch());
      atEnd = S.epoch === lastEpoch();
    }
    draw();
    writeFragment(false);
  }

  function fragment() {
    return KEYS.map(function (k) { return k + "=" + encodeURIComponent(String(S[k])); }).join("&");
  }

  let lastWrite = -1e9, writeTimer = null;

  /** history.replaceState with the state; at most every 150 ms while dragging (browsers limit the rate). */
  function writeFragment(force) {
    if (writeTimer !== null) { clearTimeout(writeTimer); writeTimer = null; }
    const now = performance.now();
    if (!force && now - lastWrite < 150) {
      writeTimer = setTimeout(function () { writeTimer = null; writeFragment(true); }, 150 - (now - lastWrite));
      return;
    }
    lastWrite = now;
    try {
      history.replaceState(null, "", "#" + fragment());
    } catch (err) {
      // a sandboxed frame (Jupyter's srcdoc) may refuse; the state still lives in the page
    }
  }

  function readFragment() {
    const text = location.hash.replace(/^#/, "");
    if (!text) return {};
    const params = new URLSearchParams(text);
    const out = {};
    params.forEach(function (value, key) { out[key] = value; });
    return normalise(out, false);
  }

  // ---------------------------------------------------------------------------------
  // Drawing helpers.
  // ---------------------------------------------------------------------------------
  function font(sizePt, mono) { return (sizePt * PT).toFixed(1) + "px " + (mono ? MONO : FONT); }

  function niceTicks(lo, hi) {
    const raw = (hi - lo) / 6;
    if (!(raw > 0) || !isFinite(raw)) return { ticks: [lo], step: 0 };
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    let step = 10 * mag;
    for (const m of [1, 2, 2.5, 5, 10]) { if (m * mag >= raw * (1 - 1e-9)) { step = m * mag; break; } }
    const ticks = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) ticks.push(k * step);
    return { ticks: ticks, step: step };
  }

  function logTicks(lo, hi) {
    const ticks = [];
    for (let e = Math.ceil(Math.log10(lo) - 1e-9); Math.pow(10, e) <= hi * (1 + 1e-9); e++) ticks.push(Math.pow(10, e));
    if (ticks.length < 2) {
      const more = [];
      for (let e = Math.floor(Math.log10(lo)); Math.pow(10, e) <= hi; e++) {
        for (const m of [1, 2, 5]) { const t = m * Math.pow(10, e); if (t >= lo && t <= hi) more.push(t); }
      }
      return more;
    }
    return ticks;
  }

  function makeAxes(rect, xlim, ylim, logY) {
    const ly0 = logY ? Math.log10(ylim[0]) : 0, ly1 = logY ? Math.log10(ylim[1]) : 0;
    return {
      rect: rect, xlim: xlim, ylim: ylim, logY: logY,
      X: function (v) { return rect.x + (v - xlim[0]) / (xlim[1] - xlim[0]) * rect.w; },
      Y: function (v) {
        const t = logY ? (Math.log10(v) - ly0) / (ly1 - ly0) : (v - ylim[0]) / (ylim[1] - ylim[0]);
        return rect.y + rect.h - t * rect.h;
      },
      invX: function (px) { return xlim[0] + (px - rect.x) / rect.w * (xlim[1] - xlim[0]); },
      invY: function (py) {
        const t = (rect.y + rect.h - py) / rect.h;
        return logY ? Math.pow(10, ly0 + t * (ly1 - ly0)) : ylim[0] + t * (ylim[1] - ylim[0]);
      },
    };
  }

  function plotRect(w, h) {
    const left = 66, right = 14, top = 34, bottom = 48;
    return { x: left, y: top, w: Math.max(20, w - left - right), h: Math.max(20, h - top - bottom) };
  }

  /** Title, labels, ticks, spines and (optionally) the grid, as gdviz's style_axes. */
  function drawFrame(ctx, ax, labels, opts) {
    const r = ax.rect;
    const xt = niceTicks(ax.xlim[0], ax.xlim[1]);
    const xbig = Math.max(Math.abs(ax.xlim[0]), Math.abs(ax.xlim[1]));
    let yt, ybig = Math.max(Math.abs(ax.ylim[0]), Math.abs(ax.ylim[1]));
    if (ax.logY) yt = { ticks: logTicks(ax.ylim[0], ax.ylim[1]), step: 0 };
    else yt = niceTicks(ax.ylim[0], ax.ylim[1]);
    let yticks = yt.ticks.filter(function (t) { return t >= ax.ylim[0] && t <= ax.ylim[1]; });
    if (opts.sseY) yticks = yticks.filter(function (t) { return t >= 0; });
    const xticks = xt.ticks.filter(function (t) { return t >= ax.xlim[0] && t <= ax.xlim[1]; });
    ctx.save();
    if (opts.grid) {
      ctx.strokeStyle = TH.grid; ctx.lineWidth = 0.8 * PT;
      ctx.beginPath();
      for (const t of xticks) { const x = Math.round(ax.X(t)) + 0.5; ctx.moveTo(x, r.y); ctx.lineTo(x, r.y + r.h); }
      for (const t of yticks) { const y = Math.round(ax.Y(t)) + 0.5; ctx.moveTo(r.x, y); ctx.lineTo(r.x + r.w, y); }
      ctx.stroke();
    }
    ctx.strokeStyle = TH.spine; ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(r.x - 0.5, r.y); ctx.lineTo(r.x - 0.5, r.y + r.h + 0.5); ctx.lineTo(r.x + r.w, r.y + r.h + 0.5);
    const tick = 3 * PT;
    for (const t of xticks) { const x = Math.round(ax.X(t)) + 0.5; ctx.moveTo(x, r.y + r.h); ctx.lineTo(x, r.y + r.h + tick); }
    for (const t of yticks) { const y = Math.round(ax.Y(t)) + 0.5; ctx.moveTo(r.x, y); ctx.lineTo(r.x - tick, y); }
    ctx.stroke();
    ctx.fillStyle = TH.muted_text; ctx.font = font(TH.tick_size);
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (const t of xticks) ctx.fillText(tickLabel(t, xbig, xt.step), ax.X(t), r.y + r.h + tick + 2);
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const t of yticks) ctx.fillText(ax.logY ? tickLabel(t, Math.abs(t), 0) : tickLabel(t, ybig, yt.step), r.x - tick - 3, ax.Y(t));
    ctx.fillStyle = TH.text;
    ctx.font = font(TH.title_size); ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
    ctx.fillText(labels[0], r.x, r.y - 10);
    ctx.font = font(TH.label_size); ctx.textAlign = "center"; ctx.textBaseline = "alphabetic";
    ctx.fillText(labels[1], r.x + r.w / 2, r.y + r.h + tick + 2 + TH.tick_size * PT + 4 + TH.label_size * PT);
    ctx.translate(3, r.y + r.h / 2); ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "top";
    ctx.fillText(fitText(ctx, labels[2], r.h), 0, 0);
    ctx.restore();
  }

  function fitText(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    while (text.length > 4 && ctx.measureText(text + "\u2026").width > width) text = text.slice(0, -1);
    return text + "\u2026";
  }

  function clipTo(ctx, r) { ctx.beginPath(); ctx.rect(r.x, r.y, r.w, r.h); ctx.clip(); }

  /** Liang-Barsky: the part of segment p-q inside the box, or null. */
  function clipSegment(x0, y0, x1, y1, bx0, by0, bx1, by1) {
    let t0 = 0, t1 = 1;
    const dx = x1 - x0, dy = y1 - y0;
    const p = [-dx, dx, -dy, dy], q = [x0 - bx0, bx1 - x0, y0 - by0, by1 - y0];
    for (let i = 0; i < 4; i++) {
      if (p[i] === 0) { if (q[i] < 0) return null; continue; }
      const t = q[i] / p[i];
      if (p[i] < 0) { if (t > t1) return null; if (t > t0) t0 = t; } else { if (t < t0) return null; if (t < t1) t1 = t; }
    }
    return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
  }

  /** Trace the run's (w0, w1) path through `rows` on the surface, clipped to the window.
   *
   * A segment is drawn only while one of its ends is on the map: one between two far
   * points (a diverging run's zig-zag) would only streak across it. */
  function tracePath(ctx, ax, rows) {
    const W0 = R.w0, W1 = R.w1;
    const pad0 = (WIN0[1] - WIN0[0]) * 0.02, pad1 = (WIN1[1] - WIN1[0]) * 0.02;
    const bx0 = WIN0[0] - pad0, bx1 = WIN0[1] + pad0, by0 = WIN1[0] - pad1, by1 = WIN1[1] + pad1;
    const on = function (k) { return W0[k] >= bx0 && W0[k] <= bx1 && W1[k] >= by0 && W1[k] <= by1; };
    ctx.beginPath();
    let open = false;
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1], b = rows[i];
      if (!on(a) && !on(b)) { open = false; continue; }
      const c = clipSegment(W0[a], W1[a], W0[b], W1[b], bx0, by0, bx1, by1);
      if (!c) { open = false; continue; }
      const ax0 = ax.X(c[0]), ay0 = ax.Y(c[1]);
      if (!open) ctx.moveTo(ax0, ay0);
      ctx.lineTo(ax.X(c[2]), ax.Y(c[3]));
      open = c[2] === W0[b] && c[3] === W1[b];
    }
  }

  function dot(ctx, x, y, radius, fill, stroke, width) {
    ctx.beginPath(); ctx.arc(x, y, radius, 0, 2 * Math.PI);
    if (fill) { ctx.fillStyle = fill; ctx.fill(); }
    if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = width; ctx.stroke(); }
  }

  function cross(ctx, x, y, size, color) {
    ctx.save();
    ctx.lineCap = "round";
    for (const [c, w] of [[TH.outline, 5], [color, 2.5]]) {
      ctx.strokeStyle = c; ctx.lineWidth = w;
      ctx.beginPath(); ctx.moveTo(x - size, y - size); ctx.lineTo(x + size, y + size);
      ctx.moveTo(x - size, y + size); ctx.lineTo(x + size, y - size); ctx.stroke();
    }
    ctx.restore();
  }

  /** An arrow from (x, y) along (dx, dy) pixels (panels.base.arrow_polygons). */
  function arrow(ctx, x, y, dx, dy, width, headWidth, headLength, color) {
    const length = Math.hypot(dx, dy);
    if (!(length > 0)) return;
    const ux = dx / length, uy = dy / length, nx = -uy, ny = ux;
    const head = Math.min(headLength, length), shrink = head / headLength;
    const hw = 0.5 * headWidth * shrink, w = 0.5 * width * shrink, neck = length - head;
    const pts = [[0, w], [neck, w], [neck, hw], [length, 0], [neck, -hw], [neck, -w], [0, -w]];
    ctx.beginPath();
    pts.forEach(function (p, i) {
      const px = x + p[0] * ux + p[1] * nx, py = y + p[0] * uy + p[1] * ny;
      if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    });
    ctx.closePath();
    ctx.fillStyle = color; ctx.strokeStyle = color; ctx.lineWidth = 0.6;
    ctx.fill(); ctx.stroke();
  }

  function star(ctx, x, y, outer, fill, stroke) {
    const inner = outer * 0.42;
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + i * Math.PI / 5, rad = i % 2 ? inner : outer;
      const px = x + rad * Math.cos(a), py = y + rad * Math.sin(a);
      if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    ctx.closePath();
    ctx.fillStyle = fill; ctx.fill();
    ctx.strokeStyle = stroke; ctx.lineWidth = 1.0 * PT; ctx.lineJoin = "round"; ctx.stroke();
  }

  function haloText(ctx, text, x, y, fill, halo, width) {
    ctx.lineJoin = "round"; ctx.strokeStyle = halo; ctx.lineWidth = width;
    ctx.strokeText(text, x, y); ctx.fillStyle = fill; ctx.fillText(text, x, y);
  }

  function rgba(hex, alpha) {
    const h = hex.replace("#", "");
    const v = parseInt(h.length === 3 ? h.split("").map(function (c) { return c + c; }).join("") : h.slice(0, 6), 16);
    return "rgba(" + ((v >> 16) & 255) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }

  // ---------------------------------------------------------------------------------
  // The panels.
  // ---------------------------------------------------------------------------------
  const el = function (id) { return document.getElementById(id); };
  const panels = { fit: {}, surface: {}, loss: {} };
  const slider = {};

  function setup(canvas) {
    const box = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(box.width * dpr)), h = Math.max(1, Math.round(box.height * dpr));
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    return { canvas: canvas, w: box.width, h: box.height, dpr: dpr };
  }

  /** The panel's static layer: the canvas under the panel's own (what moves is drawn on top of it), cleared. */
  function layer(p) {
    let bg = p.bg;
    if (!bg) {
      const c = p.canvas.parentNode.querySelector("canvas.layer");
      bg = p.bg = { canvas: c, ctx: c.getContext("2d") };
    }
    if (bg.canvas.width !== p.canvas.width || bg.canvas.height !== p.canvas.height) {
      bg.canvas.width = p.canvas.width; bg.canvas.height = p.canvas.height;
    }
    const ctx = bg.ctx;
    ctx.setTransform(p.dpr, 0, 0, p.dpr, 0, 0);
    ctx.fillStyle = TH.background; ctx.fillRect(0, 0, p.w, p.h);
    return bg;
  }

  /** The panel's own canvas, cleared for what moves. */
  function begin(p) {
    const ctx = p.canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, p.canvas.width, p.canvas.height);
    ctx.setTransform(p.dpr, 0, 0, p.dpr, 0, 0);
    return ctx;
  }

  // -- the data panel ------------------------------------------------------------------
  const F = P.fit;
  const SAMPLE = P.sample;

  function layoutFit() {
    const p = Object.assign(panels.fit, setup(el("fit")));
    p.ax = makeAxes(plotRect(p.w, p.h), F.x, F.y, false);
    const bg = layer(p), ctx = bg.ctx, ax = p.ax;
    drawFrame(ctx, ax, P.labels.fit, { grid: true });
    ctx.save();
    clipTo(ctx, ax.rect);
    const n = SAMPLE.of;
    const area = TH.data_size * Math.min(2.5, Math.max(0.25, Math.pow(200 / n, 0.3)));
    const radius = Math.sqrt(area) * PT / 2;
    ctx.fillStyle = rgba(TH.data_color, n <= 2000 ? TH.data_alpha : 0.3);
    for (let i = 0; i < SAMPLE.x.length; i++) {
      ctx.beginPath(); ctx.arc(ax.X(SAMPLE.x[i]), ax.Y(SAMPLE.y[i]), radius, 0, 2 * Math.PI); ctx.fill();
    }
    const b0 = P.optimum_data[0], b1 = P.optimum_data[1];
    ctx.strokeStyle = rgba(TH.reference, 0.8); ctx.lineWidth = TH.line_width * 0.7 * PT;
    ctx.setLineDash([5 * PT, 4 * PT]);
    ctx.beginPath();
    ctx.moveTo(ax.X(F.ends[0]), ax.Y(b0 + b1 * F.ends[0])); ctx.lineTo(ax.X(F.ends[1]), ax.Y(b0 + b1 * F.ends[1]));
    ctx.stroke();
    ctx.restore();
    if (SAMPLE.x.length < n) {
      ctx.fillStyle = TH.muted_text; ctx.font = font(TH.tick_size); ctx.textAlign = "right";
      ctx.textBaseline = "alphabetic";
      ctx.fillText("showing " + thousands(SAMPLE.x.length) + " of " + thousands(n) + " points", ax.rect.x + ax.rect.w, ax.rect.y - 10);
    }
    p.bg = bg;
    p.legend = placeLegend(p);
  }

  function legendLines() {
    const wq = SCALED ? ["w\u2080\u2032", "w\u2081\u2032"] : ["w\u2080", "w\u2081"];
    const fmt = R ? R.fmtW : fixedWidth(1);
    const width = Math.max(fmt(0).length, fmt(-Math.abs(OW0)).length, 7);
    const pad = function (t, k) { t = String(t); while (t.length < k) t = " " + t; return t; };
    const name = S.opt, ls = "least squares";
    const label = Math.max(name.length, ls.length, 5);
    const right = function (t, k) { t = String(t); while (t.length < k) t = t + " "; return t; };
    const lines = [];
    lines.push(["", right("", label) + "  " + pad("SSE", 9) + "  " + pad(wq[0], width) + "  " + pad(wq[1], width)]);
    if (R && R.len) {
      const k = S.epoch;
      lines.push(["run", right(name, label) + "  " + pad(readable(R.loss[k]), 9) + "  " + pad(fmt(R.w0[k]), width) + "  " + pad(fmt(R.w1[k]), width)]);
    }
    lines.push(["start", right("start", label) + "  " + pad(R && R.len ? readable(R.loss[0]) : "", 9) + "  " +
      pad(R ? fmt(R.start[0]) : "", width) + "  " + pad(R ? fmt(R.start[1]) : "", width)]);
    lines.push(["ref", right(ls, label) + "  " + pad(readable(BEST), 9) + "  " + pad(fmt(OW0), width) + "  " + pad(fmt(OW1), width)]);
    if (SCALED && R && R.len) {
      const d = toData(R.w0[S.epoch], R.w1[S.epoch]);
      lines.push(["", equation(d[0], d[1])]);
    }
    return lines;
  }

  function equation(intercept, slope) {
    return P.y_name + " = " + readable(slope) + "\u00b7" + P.x_name + " " + (intercept < 0 ? MINUS : "+") + " " + readable(Math.abs(intercept));
  }

  /** The emptiest corner of the data panel for the legend (as the animation's legend chooses). */
  function placeLegend(p) {
    const ctx = p.canvas.getContext("2d");
    const r = p.ax.rect;
    const sample = legendLines();
    let size = TH.annotation_size, tw = 0;
    for (let tries = 0; tries < 2; tries++) { // a narrow panel gets a smaller table, never one wider than it
      ctx.font = font(size, true);
      tw = 0;
      for (const l of sample) tw = Math.max(tw, ctx.measureText("      " + l[1]).width);
      const room = 0.94 * r.w - 0.9 * size * PT;
      if (tw <= room) break;
      size = Math.max(0.55 * TH.annotation_size, size * room / tw);
    }
    const lh = size * PT * 1.3, padPx = 0.45 * size * PT;
    const w = tw + 2 * padPx, h = lh * sample.length + 2 * padPx;
    const corners = [[r.x + 0.03 * r.w, r.y + 0.04 * r.h], [r.x + 0.97 * r.w - w, r.y + 0.04 * r.h],
      [r.x + 0.97 * r.w - w, r.y + 0.96 * r.h - h], [r.x + 0.03 * r.w, r.y + 0.96 * r.h - h]];
    const pts = [];
    for (let i = 0; i < SAMPLE.x.length; i++) pts.push([p.ax.X(SAMPLE.x[i]), p.ax.Y(SAMPLE.y[i])]);
    const start = [D.w0, D.w1];
    for (let i = 0; i <= 24; i++) {
      const x = F.ends[0] + (F.ends[1] - F.ends[0]) * i / 24;
      pts.push([p.ax.X(x), p.ax.Y(start[0] + start[1] * x)]);
      pts.push([p.ax.X(x), p.ax.Y(P.optimum_data[0] + P.optimum_data[1] * x)]);
    }
    let best = 0, fewest = Infinity;
    corners.forEach(function (c, i) {
      let count = 0;
      for (const q of pts) if (q[0] >= c[0] && q[0] <= c[0] + w && q[1] >= c[1] && q[1] <= c[1] + h) count++;
      if (count < fewest) { fewest = count; best = i; }
    });
    return { x: corners[best][0], y: corners[best][1], w: w, h: h, lh: lh, pad: padPx, size: size };
  }

  function handles() {
    const e0 = F.ends[0], e1 = F.ends[1], d = (e1 - e0) * 0.12;
    return [e0 + d, e1 - d];
  }

  function drawFit() {
    const p = panels.fit, ax = p.ax, r = ax.rect;
    const ctx = begin(p);
    const lw = TH.line_width * PT;
    ctx.save();
    clipTo(ctx, r);
    let off = 0;
    if (R && R.len) {
      const d = toData(R.w0[S.epoch], R.w1[S.epoch]);
      const b = d[0], m = d[1];
      // residuals of a sample of the shown points
      ctx.strokeStyle = rgba(RUN, TH.residual_alpha); ctx.lineWidth = Math.max(0.8, 0.45 * TH.line_width) * PT;
      ctx.beginPath();
      for (const i of SAMPLE.residuals) {
        const x = SAMPLE.x[i], px = ax.X(x);
        ctx.moveTo(px, ax.Y(SAMPLE.y[i])); ctx.lineTo(px, clampPx(ax.Y(b + m * x), r));
      }
      ctx.stroke();
      // the starting line, faint (its handles go over the legend, below)
      drawStartLine(ctx, ax);
      // the current line
      const y0 = b + m * F.ends[0], y1 = b + m * F.ends[1];
      ctx.strokeStyle = RUN; ctx.lineWidth = lw * 1.4; ctx.lineCap = "round";
      ctx.beginPath(); ctx.moveTo(ax.X(F.ends[0]), clampPx(ax.Y(y0), r)); ctx.lineTo(ax.X(F.ends[1]), clampPx(ax.Y(y1), r));
      ctx.stroke();
      off = (y0 > F.y[1] && y1 > F.y[1]) ? 1 : (y0 < F.y[0] && y1 < F.y[0]) ? -1 : 0;
    } else {
      drawStartLine(ctx, ax);
    }
    ctx.restore();
    if (off) {
      const x = r.x + r.w / 2, y = off > 0 ? r.y + 2 : r.y + r.h - 2, s = 3.2 * TH.line_width * PT;
      ctx.beginPath();
      ctx.moveTo(x, y); ctx.lineTo(x - s, y + off * 1.6 * s); ctx.lineTo(x + s, y + off * 1.6 * s); ctx.closePath();
      ctx.fillStyle = RUN; ctx.fill(); ctx.strokeStyle = TH.outline; ctx.lineWidth = 1; ctx.stroke();
    }
    drawLegend(ctx, p.legend, off);
    drawHandles(ctx, ax);
  }

  function clampPx(v, r) { return Math.max(r.y - 4 * r.h, Math.min(r.y + 5 * r.h, v)); }

  function drawStartLine(ctx, ax) {
    const r = ax.rect, b = S.w0, m = S.w1;
    ctx.save();
    ctx.strokeStyle = rgba(RUN, 0.55); ctx.lineWidth = 1.3 * PT; ctx.setLineDash([2 * PT, 2.5 * PT]);
    ctx.beginPath();
    ctx.moveTo(ax.X(F.ends[0]), clampPx(ax.Y(b + m * F.ends[0]), r));
    ctx.lineTo(ax.X(F.ends[1]), clampPx(ax.Y(b + m * F.ends[1]), r));
    ctx.stroke();
    ctx.restore();
  }

  /** The starting line's two handles (drawn over the legend: they must stay in reach). */
  function drawHandles(ctx, ax) {
    const r = ax.rect, b = S.w0, m = S.w1;
    ctx.save();
    const hs = handles();
    hs.forEach(function (x, i) {
      const px = ax.X(x), py = ax.Y(b + m * x);
      if (py < r.y - 6 || py > r.y + r.h + 6) return;
      dot(ctx, px, py, 5.5, TH.background, RUN, 2);
      if (i === 0) {
        ctx.font = font(TH.tick_size); ctx.fillStyle = RUN; ctx.textAlign = "left"; ctx.textBaseline = "bottom";
        haloText(ctx, "start", px + 8, py - 4, RUN, TH.background, 3);
      }
    });
    ctx.restore();
  }

  function drawLegend(ctx, L, off) {
    const lines = legendLines();
    if (off) lines[1][1] += off > 0 ? "  off chart \u2191" : "  off chart \u2193";
    const h = L.lh * lines.length + 2 * L.pad;
    ctx.save();
    ctx.font = font(L.size, true);
    const sw = ctx.measureText("    ").width;
    let w = L.w;
    for (const l of lines) w = Math.max(w, sw + ctx.measureText(l[1]).width + 2 * L.pad);
    const r = panels.fit.ax.rect;
    const x = Math.max(r.x, Math.min(L.x, r.x + r.w - w)); // wider for a status: still inside the panel
    ctx.beginPath();
    if (ctx.roundRect) ctx.roundRect(x, L.y, w, h, 4); else ctx.rect(x, L.y, w, h);
    ctx.fillStyle = rgba(TH.background, 0.9); ctx.fill();
    ctx.strokeStyle = TH.grid; ctx.lineWidth = 1; ctx.stroke();
    ctx.textAlign = "left"; ctx.textBaseline = "middle";
    lines.forEach(function (l, i) {
      const y = L.y + L.pad + L.lh * (i + 0.5), tx = x + L.pad;
      ctx.lineCap = "butt";
      if (l[0] === "run") { ctx.strokeStyle = RUN; ctx.lineWidth = TH.line_width * 1.4 * PT; ctx.setLineDash([]); }
      if (l[0] === "start") { ctx.strokeStyle = rgba(RUN, 0.55); ctx.lineWidth = 1.3 * PT; ctx.setLineDash([2 * PT, 2.5 * PT]); }
      if (l[0] === "ref") { ctx.strokeStyle = rgba(TH.reference, 0.8); ctx.lineWidth = TH.line_width * 0.7 * PT; ctx.setLineDash([5 * PT, 4 * PT]); }
      if (l[0]) { ctx.beginPath(); ctx.moveTo(tx, y); ctx.lineTo(tx + sw * 0.8, y); ctx.stroke(); }
      ctx.setLineDash([]);
      ctx.fillStyle = TH.text;
      ctx.fillText(l[1], tx + sw, y);
    });
    ctx.restore();
  }

  // -- the surface -------------------------------------------------------------------
  function layoutSurface() {
    const p = Object.assign(panels.surface, setup(el("surface")));
    p.ax = makeAxes(plotRect(p.w, p.h), WIN0, WIN1, false);
    const bg = layer(p), ctx = bg.ctx, ax = p.ax, r = ax.rect;
    paintContours(bg.canvas, p, ax);
    drawFrame(ctx, ax, P.labels.surface, { grid: false });
    // the least-squares optimum, labelled once, away from where the default path comes in
    const sx = ax.X(OW0), sy = ax.Y(OW1);
    star(ctx, sx, sy, 7.5 * PT, TH.optimum_face, TH.optimum_edge);
    const above = D.w1 <= OW1 || toTrained(D.w0, D.w1)[1] <= OW1;
    const fx = (OW0 - WIN0[0]) / (WIN0[1] - WIN0[0]);
    ctx.font = font(TH.annotation_size);
    ctx.textAlign = fx < 0.25 ? "left" : fx > 0.75 ? "right" : "center";
    ctx.textBaseline = above ? "bottom" : "top";
    const dx = fx < 0.25 ? -6 : fx > 0.75 ? 6 : 0;
    haloText(ctx, "least squares", sx + dx, sy + (above ? -9 : 9) * PT, TH.optimum_face, TH.optimum_edge, 2.5 * PT);
    p.bg = bg;
  }

  /** Filled log-spaced contours of the excess SSE with thin lines, pixel by pixel (once per layout). */
  function paintContours(canvas, p, ax) {
    const r = ax.rect, dpr = p.dpr;
    const X0 = Math.round(r.x * dpr), Y0 = Math.round(r.y * dpr);
    const W = Math.round(r.w * dpr), H = Math.round(r.h * dpr);
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(W, H);
    const data = img.data;
    const levels = P.surface.levels, bands = P.surface.colors.map(function (c) {
      const v = parseInt(c.slice(1), 16); return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    });
    const line = (function () { const v = parseInt(TH.contour_line.slice(1, 7), 16); return [(v >> 16) & 255, (v >> 8) & 255, v & 255]; })();
    const nb = bands.length, lnL0 = Math.log(levels[0]), step = Math.log(levels[nb] / levels[0]) / nb;
    const n = M.n, mx = M.mean_x, cxx = M.cxx;
    const du = (WIN0[1] - WIN0[0]) / W, dv = (WIN1[1] - WIN1[0]) / H;
    const half = 0.5 * 0.5 * PT * dpr; // the lines are 0.5 pt wide
    for (let j = 0; j < H; j++) {
      const v = WIN1[1] - (j + 0.5) * dv, d1 = v - OW1;
      for (let i = 0; i < W; i++) {
        const u = WIN0[0] + (i + 0.5) * du;
        const q = (u - OW0) + mx * d1; // minus the residual of the mean point
        const e = 0.5 * (cxx * d1 * d1 + n * q * q); // the SSE above least squares
        const s = (Math.log(Math.max(e, 1e-300)) - lnL0) / step;
        const band = Math.min(nb - 1, Math.max(0, Math.floor(s)));
        let c = bands[band];
        let a = 0;
        const k = Math.round(s);
        if (k >= 0 && k < nb && e > 0) {
          const gu = n * q * du, gv = (cxx * d1 + n * q * mx) * dv; // dE per device pixel
          const grad = Math.hypot(gu, gv) / (e * step);
          const dist = Math.abs(s - k) / Math.max(grad, 1e-300);
          a = 0.45 * Math.max(0, Math.min(1, half + 0.5 - dist));
        }
        const o = 4 * (j * W + i);
        data[o] = c[0] + a * (line[0] - c[0]);
        data[o + 1] = c[1] + a * (line[1] - c[1]);
        data[o + 2] = c[2] + a * (line[2] - c[2]);
        data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, X0, Y0);
  }

  function inWindow(u, v) { return u >= WIN0[0] && u <= WIN0[1] && v >= WIN1[0] && v <= WIN1[1]; }

  function drawSurface() {
    const p = panels.surface, ax = p.ax, r = ax.rect;
    const ctx = begin(p);
    if (!R || !R.len) { offNote(ctx, ax, "the starting line's SSE is not finite"); startRing(ctx, ax); return; }
    const k = S.epoch;
    const pw = TH.path_width * PT;
    ctx.save();
    clipTo(ctx, r);
    ctx.lineCap = "round"; ctx.lineJoin = "round";
    tracePath(ctx, ax, R.rows || range(R.len));
    ctx.strokeStyle = rgba(RUN, 0.3); ctx.lineWidth = pw; ctx.stroke();
    tracePath(ctx, ax, rowsUpTo(k));
    ctx.strokeStyle = TH.outline; ctx.lineWidth = pw + 2.5 * PT; ctx.stroke();
    ctx.strokeStyle = RUN; ctx.lineWidth = pw; ctx.stroke();
    ctx.restore();
    startRing(ctx, ax);
    const u = R.w0[k], v = R.w1[k];
    const inside = inWindow(u, v);
    const cx = ax.X(Math.min(WIN0[1], Math.max(WIN0[0], u))), cy = ax.Y(Math.min(WIN1[1], Math.max(WIN1[0], v)));
    const ended = R.divergedAt !== null && k === R.len - 1;
    if (inside && !ended) {
      // the negative gradient (dark, fixed length) and the step actually taken (the run's colour)
      const g0 = -R.g0[k] * r.w / (WIN0[1] - WIN0[0]), g1 = R.g1[k] * r.h / (WIN1[1] - WIN1[0]);
      const norm = Math.hypot(g0, g1), len = 0.13 * Math.min(r.w, r.h), w = 0.75 * TH.path_width * PT;
      if (norm > 0) arrow(ctx, cx, cy, g0 / norm * len, g1 / norm * len, w, 4.2 * w, 5.0 * w, TH.gradient);
      if (k + 1 < R.len) {
        arrow(ctx, cx, cy, ax.X(R.w0[k + 1]) - cx, ax.Y(R.w1[k + 1]) - cy, 0.8 * w, 3.4 * w, 4.0 * w, RUN);
      }
    }
    if (ended && inside) cross(ctx, cx, cy, 6, RUN);
    else if (inside) dot(ctx, cx, cy, 4.5 * PT, RUN, TH.outline, 1.6 * PT);
    else dot(ctx, cx, cy, 4.5 * PT, TH.outline, RUN, 2.2);
    if (!inside) offNote(ctx, ax, R.divergedAt !== null ? "diverging: off the map" : "off the map");
  }

  function range(n) { const out = new Array(n); for (let i = 0; i < n; i++) out[i] = i; return out; }

  function startRing(ctx, ax) {
    const t = toTrained(S.w0, S.w1);
    if (!inWindow(t[0], t[1])) return;
    dot(ctx, ax.X(t[0]), ax.Y(t[1]), 5.5, TH.background, RUN, 2);
  }

  function offNote(ctx, ax, text) {
    const r = ax.rect;
    const fx = (OW0 - WIN0[0]) / (WIN0[1] - WIN0[0]), fy = (OW1 - WIN1[0]) / (WIN1[1] - WIN1[0]);
    ctx.save();
    ctx.font = font(TH.annotation_size);
    const w = ctx.measureText(text).width + 12, h = TH.annotation_size * PT + 10;
    const x = fx > 0.5 ? r.x + 0.03 * r.w : r.x + 0.97 * r.w - w;
    const y = fy > 0.5 ? r.y + 0.96 * r.h - h : r.y + 0.04 * r.h;
    ctx.fillStyle = rgba(TH.background, 0.9); ctx.strokeStyle = TH.grid;
    ctx.beginPath(); ctx.rect(x, y, w, h); ctx.fill(); ctx.stroke();
    ctx.fillStyle = TH.text; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    ctx.fillText(text, x + 6, y + h / 2);
    ctx.restore();
  }

  // -- the loss curve ----------------------------------------------------------------
  function layoutLoss() {
    Object.assign(panels.loss, setup(el("loss")));
    panels.loss.runId = null;
    panels.loss.ax = null;
  }

  function lossFrame() {
    const p = panels.loss;
    let lo = Infinity, hi = -Infinity;
    for (let k = 0; k < R.len; k++) { const v = R.loss[k]; if (v < lo) lo = v; if (v > hi) hi = v; }
    if (!R.len) { lo = BEST; hi = BEST * 2 + 1; }
    let ylim, logY = false;
    if (lo > 0 && hi / lo > 100) { logY = true; ylim = [lo / 1.6, hi * 1.6]; }
    else {
      const width = Math.max(hi - lo, 1e-12 * Math.max(1.0, Math.abs(hi))), mid = 0.5 * (lo + hi);
      ylim = [mid - 0.5 * width * 1.16, mid + 0.5 * width * 1.16];
    }
    const showBest = !logY || BEST > 0;
    if (showBest && BEST < ylim[0]) ylim[0] = logY ? BEST / 1.6 : BEST - 0.05 * (hi - BEST);
    const last = S.epochs - 1;
    const xlim = [-0.02 * Math.max(last, 1), last > 0 ? last * 1.02 : 1];
    p.ax = makeAxes(plotRect(p.w, p.h), xlim, ylim, logY);
    const bg = layer(p), ctx = bg.ctx, ax = p.ax, r = ax.rect;
    drawFrame(ctx, ax, P.labels.loss, { grid: true, sseY: true });
    if (showBest) {
      const y = ax.Y(BEST);
      ctx.save();
      ctx.strokeStyle = TH.muted_text; ctx.lineWidth = 0.9 * PT; ctx.setLineDash([4 * PT, 3 * PT]);
      ctx.beginPath(); ctx.moveTo(r.x, y); ctx.lineTo(r.x + r.w, y); ctx.stroke();
      ctx.font = font(TH.tick_size); ctx.fillStyle = TH.muted_text; ctx.textAlign = "right"; ctx.textBaseline = "bottom";
      ctx.fillText("least squares", r.x + r.w - 4, y - 3);
      ctx.restore();
    }
    if (R.len) {
      ctx.save();
      clipTo(ctx, r);
      traceCurve(ctx, ax, R.rows || range(R.len));
      ctx.strokeStyle = rgba(RUN, 0.28); ctx.lineWidth = TH.line_width * PT; ctx.lineJoin = "round"; ctx.stroke();
      ctx.restore();
    }
    p.bg = bg;
    p.runId = R.id;
    p.epochs = S.epochs;
  }

  function traceCurve(ctx, ax, rows) {
    ctx.beginPath();
    rows.forEach(function (k, i) {
      const x = ax.X(k), y = ax.Y(R.loss[k]);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
  }

  function drawLoss() {
    const p = panels.loss;
    if (p.runId !== R.id || p.epochs !== S.epochs || !p.ax) lossFrame();
    const ctx = begin(p), ax = p.ax;
    if (!R.len) { offNote(ctx, ax, "the starting line's SSE is not finite"); return; }
    const k = S.epoch;
    ctx.save();
    clipTo(ctx, ax.rect);
    traceCurve(ctx, ax, rowsUpTo(k));
    ctx.strokeStyle = RUN; ctx.lineWidth = TH.line_width * PT; ctx.lineJoin = "round"; ctx.stroke();
    ctx.restore();
    const x = ax.X(k), y = ax.Y(R.loss[k]);
    if (R.divergedAt !== null && k === R.len - 1) cross(ctx, x, y, 5.5, RUN);
    else dot(ctx, x, y, 3.5 * PT, RUN, TH.outline, 1.2 * PT);
  }

  // -- the learning-rate slider ------------------------------------------------------
  function etaRange() {
    const o = BY_NAME[S.opt];
    let lo = o.eta_range[0], hi = o.eta_range[1];
    if (S.eta < lo) lo = Math.pow(10, Math.floor(Math.log10(S.eta)));
    if (S.eta > hi) hi = Math.pow(10, Math.ceil(Math.log10(S.eta)));
    return [lo, hi];
  }

  function layoutSlider() { Object.assign(slider, setup(el("eta-slider"))); sliderDrawn = ""; }

  function sliderX(eta) {
    const rg = etaRange(), x0 = 10, x1 = slider.w - 10;
    return x0 + (Math.log10(eta) - Math.log10(rg[0])) / (Math.log10(rg[1]) - Math.log10(rg[0])) * (x1 - x0);
  }

  function sliderEta(px) {
    const rg = etaRange(), x0 = 10, x1 = slider.w - 10;
    const t = Math.min(1, Math.max(0, (px - x0) / (x1 - x0)));
    return Math.pow(10, Math.log10(rg[0]) + t * (Math.log10(rg[1]) - Math.log10(rg[0])));
  }

  function drawSlider() {
    const s = slider, cv = s.canvas, ctx = cv.getContext("2d");
    ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
    ctx.fillStyle = TH.background; ctx.fillRect(0, 0, s.w, s.h);
    const o = BY_NAME[S.opt], rg = etaRange(), y = 15, x0 = 10, x1 = s.w - 10;
    let busy = Infinity; // where the "diverges" label starts
    if (o.bound !== null && o.bound < rg[1]) {
      const bx = Math.max(x0, sliderX(o.bound));
      ctx.fillStyle = rgba(RUN, 0.16); ctx.fillRect(bx, y - 7, x1 - bx, 14);
      ctx.save(); ctx.beginPath(); ctx.rect(bx, y - 7, x1 - bx, 14); ctx.clip();
      ctx.strokeStyle = rgba(RUN, 0.45); ctx.lineWidth = 1;
      ctx.beginPath();
      for (let x = bx - 14; x < x1 + 14; x += 6) { ctx.moveTo(x, y + 7); ctx.lineTo(x + 14, y - 7); }
      ctx.stroke(); ctx.restore();
      ctx.font = font(TH.tick_size * 0.85); ctx.fillStyle = RUN; ctx.textAlign = "right"; ctx.textBaseline = "top";
      ctx.fillText("diverges", x1, y + 9);
      busy = x1 - ctx.measureText("diverges").width - 4;
    }
    ctx.strokeStyle = TH.spine; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(x0, y); ctx.lineTo(x1, y); ctx.stroke();
    ctx.font = font(TH.tick_size * 0.85); ctx.fillStyle = TH.muted_text; ctx.textBaseline = "top";
    const decades = Math.round(Math.log10(rg[1] / rg[0]));
    const every = decades > 6 ? 2 : 1;
    ctx.lineWidth = 1;
    for (let e = 0; e <= decades; e++) {
      const v = rg[0] * Math.pow(10, e), x = sliderX(v);
      ctx.beginPath(); ctx.moveTo(x, y + 3); ctx.lineTo(x, y + 6); ctx.stroke();
      if (e % every !== 0) continue;
      const text = tickLabel(v, v, 0), tw = ctx.measureText(text).width;
      const align = e === 0 ? "left" : e === decades ? "right" : "center";
      const right = align === "left" ? x + tw : align === "right" ? x : x + tw / 2;
      if (right > busy) continue;
      ctx.textAlign = align;
      ctx.fillText(text, x, y + 9);
    }
    // the optimizer's learning rate for this data: a small mark
    const dx = sliderX(o.eta);
    ctx.fillStyle = TH.text;
    ctx.beginPath(); ctx.moveTo(dx, y - 8); ctx.lineTo(dx - 4, y - 13); ctx.lineTo(dx + 4, y - 13); ctx.closePath(); ctx.fill();
    dot(ctx, sliderX(S.eta), y, 7, RUN, TH.outline, 2);
    const el_ = s.canvas;
    el_.setAttribute("aria-valuemin", String(Math.log10(rg[0])));
    el_.setAttribute("aria-valuemax", String(Math.log10(rg[1])));
    el_.setAttribute("aria-valuenow", String(Math.log10(S.eta)));
    el_.setAttribute("aria-valuetext", "\u03b7 = " + short(S.eta) + (o.bound !== null ? "; " + o.name +
      " diverges above " + short(o.bound) : ""));
  }

  // ---------------------------------------------------------------------------------
  // Text: the readout, the notes, the controls.
  // ---------------------------------------------------------------------------------
  function drawText() {
    const last = S.epochs - 1;
    const wd = String(last).length;
    let epoch = String(S.epoch); while (epoch.length < wd) epoch = " " + epoch;
    let text;
    if (R && R.len) {
      const k = S.epoch, fmt = R.fmtW;
      const wq = SCALED ? ["w\u2080\u2032", "w\u2081\u2032"] : ["w\u2080", "w\u2081"];
      text = "epoch " + epoch + " / " + last + "   SSE " + readable(R.loss[k]) + "   " + wq[0] + " " + fmt(R.w0[k]).trim() +
        "   " + wq[1] + " " + fmt(R.w1[k]).trim() + "   \u03b7 " + short(S.eta) + "   " + gapWords(R.loss[k], R.loss[0]);
      if (SCALED) { const d = toData(R.w0[k], R.w1[k]); text += "   " + equation(d[0], d[1]); }
      if (R.divergedAt !== null) text += "   (diverged at epoch " + R.divergedAt + ")";
    } else {
      text = "epoch 0 / " + last + "   the starting line's SSE is not finite: move the start";
    }
    el("readout").textContent = text;
    const o = BY_NAME[S.opt];
    const why = S.eta === o.eta ? " (" + o.eta_reason + ")" : "";
    const bound = o.bound !== null ? o.name + " diverges above " + o.bound_formula + " = " + short(o.bound) + "." :
      o.name + " has no simple stability bound.";
    el("eta-note").textContent = "optimizer " + o.spec + ": \u03b7 " + short(S.eta) + why + ". " + bound;
    const epochInput = el("epoch");
    epochInput.max = String(lastEpoch());
    epochInput.value = String(S.epoch);
    epochInput.setAttribute("aria-valuetext", "epoch " + S.epoch + " of " + last);
    el("opt").value = S.opt;
    const etaText = el("eta-text");
    if (document.activeElement !== etaText) {
      etaText.value = String(S.eta).length <= 9 ? String(S.eta) : gfmt(S.eta, 4);
      etaText.classList.remove("bad");
    }
    const epochsInput = el("epochs");
    if (document.activeElement !== epochsInput) epochsInput.value = String(S.epochs);
  }

  let sliderDrawn = "";

  /** Draw the state: the text first (the notes' height decides the panels'), then every canvas.
   *
   * A canvas whose box changed since it was laid out (a longer note, a resize) is laid out
   * again before anything is drawn on it, so its backing is always its box x devicePixelRatio
   * and pointer positions map through the box it has now. */
  function draw() {
    if (!panels.fit.ax) return;
    drawText();
    if (stale()) layoutPanels();
    drawFit();
    drawSurface();
    drawLoss();
    const key = S.opt + " " + S.eta + " " + slider.w;
    if (key !== sliderDrawn) { drawSlider(); sliderDrawn = key; }
  }

  const CANVASES = ["fit", "surface", "loss", "eta-slider"];

  /** Whether any canvas's backing no longer matches its box x devicePixelRatio (what setup() makes it). */
  function stale() {
    const dpr = window.devicePixelRatio || 1;
    return CANVASES.some(function (id) {
      const c = el(id), box = c.getBoundingClientRect();
      return c.width !== Math.max(1, Math.round(box.width * dpr)) || c.height !== Math.max(1, Math.round(box.height * dpr));
    });
  }

  function layoutPanels() {
    layoutFit();
    layoutSurface();
    layoutLoss();
    layoutSlider();
  }

  function layout() {
    drawText(); // before measuring: the notes' height decides the panels'
    layoutPanels();
    draw();
  }

  /** Lay out again whenever a canvas's box changes, whatever changed it (a note, the window, a font). */
  function watchBoxes() {
    const again = function () { if (stale()) layout(); };
    window.addEventListener("resize", again);
    if (typeof ResizeObserver !== "function") return;
    const watch = new ResizeObserver(again);
    CANVASES.forEach(function (id) { watch.observe(el(id)); });
  }

  // ---------------------------------------------------------------------------------
  // Interaction: pointers, keys, controls, play.
  // ---------------------------------------------------------------------------------
  function roundTo(value, span) {
    if (!(span > 0) || !isFinite(value)) return value;
    const e = Math.floor(Math.log10(span / 1000));
    const res = Math.pow(10, e);
    const out = Math.round(value / res) * res;
    return e < 0 ? Number(out.toFixed(-e)) : out;
  }

  /** The start at (u, v) on the surface (trained coordinates), as a line in data units, rounded. */
  function startAt(u, v) {
    const d = toData(u, v);
    const su = WIN0[1] - WIN0[0], sv = WIN1[1] - WIN1[0];
    const slopeSpan = SCALED ? sv / SCALE : sv;
    const interceptSpan = SCALED ? su + sv * Math.abs(SHIFT) / SCALE : su;
    return { w0: roundTo(d[0], interceptSpan), w1: roundTo(d[1], slopeSpan) };
  }

  /** The pointer in the coordinates `p` (a panel or the slider) was laid out in, through the canvas's box now. */
  function local(ev, canvas, p) {
    if (stale()) layout();
    const box = canvas.getBoundingClientRect();
    const sx = box.width > 0 ? p.w / box.width : 1, sy = box.height > 0 ? p.h / box.height : 1;
    return [(ev.clientX - box.left) * sx, (ev.clientY - box.top) * sy];
  }

  function userChange(part) {
    stop();
    apply(normalise(part, false));
  }

  function surfacePointer() {
    const cv = el("surface");
    let dragging = false;
    function move(ev) {
      const at = local(ev, cv, panels.surface), ax = panels.surface.ax;
      const u = Math.min(WIN0[1], Math.max(WIN0[0], ax.invX(at[0])));
      const v = Math.min(WIN1[1], Math.max(WIN1[0], ax.invY(at[1])));
      userChange(startAt(u, v));
    }
    cv.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) return;
      dragging = true; cv.setPointerCapture(ev.pointerId); cv.classList.add("dragging");
      ev.preventDefault(); cv.focus({ preventScroll: true }); move(ev);
    });
    cv.addEventListener("pointermove", function (ev) { if (dragging) move(ev); });
    const end = function () { if (!dragging) return; dragging = false; cv.classList.remove("dragging"); writeFragment(true); };
    cv.addEventListener("pointerup", end);
    cv.addEventListener("pointercancel", end);
    cv.addEventListener("keydown", function (ev) {
      const keys = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      if (!keys[ev.key]) return;
      ev.preventDefault();
      const f = ev.shiftKey ? 0.1 : 0.02, t = toTrained(S.w0, S.w1);
      userChange(startAt(t[0] + keys[ev.key][0] * f * (WIN0[1] - WIN0[0]), t[1] + keys[ev.key][1] * f * (WIN1[1] - WIN1[0])));
      writeFragment(true);
    });
  }

  function fitPointer() {
    const cv = el("fit");
    let drag = null;
    const ySpan = F.y[1] - F.y[0], xSpan = F.x[1] - F.x[0];
    const rounded = function (b, m) { return { w0: roundTo(b, ySpan), w1: roundTo(m, ySpan / xSpan) }; };
    function nearHandle(at) {
      const ax = panels.fit.ax, hs = handles();
      for (let i = 0; i < 2; i++) {
        if (Math.hypot(ax.X(hs[i]) - at[0], ax.Y(S.w0 + S.w1 * hs[i]) - at[1]) <= 12) return i;
      }
      return -1;
    }
    cv.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) return;
      const at = local(ev, cv, panels.fit), ax = panels.fit.ax, i = nearHandle(at);
      drag = { handle: i, y: ax.invY(at[1]), w0: S.w0, w1: S.w1 };
      cv.setPointerCapture(ev.pointerId); cv.classList.add("dragging");
      ev.preventDefault(); cv.focus({ preventScroll: true });
    });
    cv.addEventListener("pointermove", function (ev) {
      const at = local(ev, cv, panels.fit), ax = panels.fit.ax;
      if (!drag) { cv.classList.toggle("grab", nearHandle(at) >= 0); return; }
      const y = Math.min(F.y[1], Math.max(F.y[0], ax.invY(at[1])));
      if (drag.handle >= 0) {
        const hs = handles(), xa = hs[drag.handle], xb = hs[1 - drag.handle];
        const yb = drag.w0 + drag.w1 * xb, m = (y - yb) / (xa - xb);
        userChange(rounded(yb - m * xb, m));
      } else {
        userChange(rounded(drag.w0 + (y - drag.y), drag.w1));
      }
    });
    const end = function () { if (!drag) return; drag = null; cv.classList.remove("dragging"); writeFragment(true); };
    cv.addEventListener("pointerup", end);
    cv.addEventListener("pointercancel", end);
    cv.addEventListener("keydown", function (ev) {
      const f = ev.shiftKey ? 0.1 : 0.02, mid = 0.5 * (F.ends[0] + F.ends[1]);
      let b = S.w0, m = S.w1;
      if (ev.key === "ArrowUp") b += f * ySpan;
      else if (ev.key === "ArrowDown") b -= f * ySpan;
      else if (ev.key === "ArrowLeft" || ev.key === "ArrowRight") {
        const ym = b + m * mid, dm = (ev.key === "ArrowRight" ? 1 : -1) * 2 * f * ySpan / xSpan;
        m += dm; b = ym - m * mid;
      } else return;
      ev.preventDefault();
      userChange(rounded(b, m));
      writeFragment(true);
    });
  }

  function sliderPointer() {
    const cv = el("eta-slider");
    let dragging = false;
    const o = function () { return BY_NAME[S.opt]; };
    function move(ev) {
      const at = local(ev, cv, slider);
      let eta = sliderEta(at[0]);
      if (Math.abs(sliderX(o().eta) - at[0]) < 5) eta = o().eta; // snap to the default
      else eta = round3(eta);
      userChange({ eta: eta });
    }
    cv.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) return;
      dragging = true; cv.setPointerCapture(ev.pointerId); ev.preventDefault(); cv.focus({ preventScroll: true }); move(ev);
    });
    cv.addEventListener("pointermove", function (ev) { if (dragging) move(ev); });
    const end = function () { if (!dragging) return; dragging = false; writeFragment(true); };
    cv.addEventListener("pointerup", end);
    cv.addEventListener("pointercancel", end);
    cv.addEventListener("keydown", function (ev) {
      const rg = etaRange();
      let eta = S.eta;
      const stepUp = Math.pow(10, 1 / 20);
      if (ev.key === "ArrowRight" || ev.key === "ArrowUp") eta = round3(eta * stepUp);
      else if (ev.key === "ArrowLeft" || ev.key === "ArrowDown") eta = round3(eta / stepUp);
      else if (ev.key === "PageUp") eta = round3(eta * Math.pow(10, 0.25));
      else if (ev.key === "PageDown") eta = round3(eta / Math.pow(10, 0.25));
      else if (ev.key === "Home") eta = rg[0];
      else if (ev.key === "End") eta = rg[1];
      else if (ev.key === "Enter" || ev.key === "d") eta = o().eta;
      else return;
      ev.preventDefault();
      userChange({ eta: eta });
      writeFragment(true);
    });
  }

  function controls() {
    const select = el("opt");
    P.optimizers.forEach(function (o) {
      const option = document.createElement("option");
      option.value = o.name; option.textContent = o.name;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { userChange({ opt: select.value }); writeFragment(true); });
    const etaText = el("eta-text");
    etaText.addEventListener("change", function () {
      const v = Number(etaText.value.replace(",", "."));
      if (isFinite(v) && v > 0) { etaText.classList.remove("bad"); userChange({ eta: v }); writeFragment(true); }
      else etaText.classList.add("bad");
    });
    etaText.addEventListener("keydown", function (ev) { if (ev.key === "Enter") etaText.blur(); });
    const epochs = el("epochs");
    epochs.max = String(P.max_epochs);
    epochs.addEventListener("change", function () {
      const v = Math.round(Number(epochs.value));
      if (isFinite(v)) { userChange({ epochs: Math.min(P.max_epochs, Math.max(1, v)) }); writeFragment(true); }
      drawText();
    });
    const epochRange = el("epoch");
    epochRange.addEventListener("input", function () { stop(); apply({ epoch: Number(epochRange.value) }); });
    epochRange.addEventListener("change", function () { writeFragment(true); });
    el("play").addEventListener("click", function () { if (playing) stop(); else play(); });
    el("reset").addEventListener("click", function () {
      stop();
      atEnd = true;
      apply({ w0: D.w0, w1: D.w1, eta: D.eta, opt: D.opt, epochs: D.epochs, epoch: D.epoch });
      writeFragment(true);
    });
    document.addEventListener("keydown", function (ev) {
      const t = ev.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "BUTTON" || tag === "TEXTAREA") return;
      if (ev.key === " ") { ev.preventDefault(); if (playing) stop(); else play(); }
      else if (ev.key === "Home" && t !== el("eta-slider")) { ev.preventDefault(); stop(); apply({ epoch: 0 }); }
      else if (ev.key === "End" && t !== el("eta-slider")) { ev.preventDefault(); stop(); apply({ epoch: lastEpoch() }); }
    });
  }

  let playing = false, t0 = 0;

  /** Where each epoch falls in the run's playback: mostly by distance travelled, partly by epoch (schedule.py). */
  function progress() {
    if (R.progress) return R.progress;
    const n = R.len, out = new Float64Array(n);
    let lo0 = Infinity, hi0 = -Infinity, lo1 = Infinity, hi1 = -Infinity;
    for (let k = 0; k < n; k++) {
      lo0 = Math.min(lo0, R.w0[k]); hi0 = Math.max(hi0, R.w0[k]); lo1 = Math.min(lo1, R.w1[k]); hi1 = Math.max(hi1, R.w1[k]);
    }
    const s0 = (hi0 - lo0) || 1, s1 = (hi1 - lo1) || 1;
    for (let k = 1; k < n; k++) out[k] = out[k - 1] + Math.hypot((R.w0[k] - R.w0[k - 1]) / s0, (R.w1[k] - R.w1[k - 1]) / s1);
    const total = out[n - 1];
    for (let k = 0; k < n; k++) {
      const byEpoch = n > 1 ? k / (n - 1) : 0;
      out[k] = total > 0 && isFinite(total) ? 0.75 * out[k] / total + 0.25 * byEpoch : byEpoch;
    }
    R.progress = out;
    return out;
  }

  function play() {
    if (!R || R.len < 2) return;
    if (S.epoch >= lastEpoch()) apply({ epoch: 0 });
    playing = true;
    t0 = performance.now() - progress()[S.epoch] * PLAY_MS;
    el("play").textContent = "\u275a\u275a pause";
    el("play").setAttribute("aria-pressed", "true");
    el("readout").setAttribute("aria-live", "off");
    requestAnimationFrame(tick);
  }

  function stop() {
    if (!playing) return;
    playing = false;
    el("play").textContent = "\u25b6 play";
    el("play").setAttribute("aria-pressed", "false");
    el("readout").setAttribute("aria-live", "polite");
    writeFragment(true);
  }

  function tick(now) {
    if (!playing) return;
    const prog = progress(), p = (now - t0) / PLAY_MS;
    let lo = 0, hi = prog.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (prog[mid] < p) lo = mid + 1; else hi = mid; }
    S.epoch = lo; atEnd = lo === lastEpoch();
    draw();
    writeFragment(false);
    if (p >= 1) { stop(); return; }
    requestAnimationFrame(tick);
  }

  // ---------------------------------------------------------------------------------
  // Start.
  // ---------------------------------------------------------------------------------
  function init() {
    const what = (P.source ? P.source + ": " : "") + P.y_name + " against " + P.x_name;
    el("what").textContent = what;
    const shown = P.sample.x.length;
    el("data-note").textContent = thousands(P.n) + " points" + (shown < P.n ? " (showing " + thousands(shown) + " of " +
      thousands(P.n) + "; the sums, the surface and every number use all of them)" : "") + ". Scaling: " +
      P.scale_reason + ". Each run is recomputed in your browser from six sums over the data, as gdviz.train computes it.";
    controls();
    surfacePointer();
    fitPointer();
    sliderPointer();
    const part = readFragment();
    if (part.opt !== undefined && part.eta === undefined) part.eta = BY_NAME[part.opt].eta;
    for (const key of ["w0", "w1", "eta", "opt", "epochs"]) if (part[key] !== undefined) S[key] = part[key];
    compute();
    if (part.epoch !== undefined) { S.epoch = Math.min(part.epoch, lastEpoch()); atEnd = S.epoch === lastEpoch(); }
    layout();
    watchBoxes();
    window.addEventListener("hashchange", function () {
      stop();
      const p = readFragment();
      if (Object.keys(p).length) apply(p);
    });
  }

  window.gdviz = Object.freeze({
    version: P.gdviz,
    state: function () { return { w0: S.w0, w1: S.w1, eta: S.eta, opt: S.opt, epochs: S.epochs, epoch: S.epoch }; },
    set: function (partial) {
      if (partial === null || typeof partial !== "object") throw new TypeError("gdviz.set takes an object like {eta: 0.004}.");
      const part = normalise(partial, true);
      stop();
      apply(part);
      return window.gdviz.state();
    },
    run: function () {
      const n = R ? R.len : 0;
      return { epoch: range(n), w0: Array.from(R.w0.subarray(0, n)), w1: Array.from(R.w1.subarray(0, n)),
        loss: Array.from(R.loss.subarray(0, n)) };
    },
  });

  init();
})();
