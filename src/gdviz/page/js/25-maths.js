/* The maths text: one epoch's arithmetic as plain Unicode lines (gdviz.drawing.mathstext.maths_lines,
 * character for character), and the plain numbers of one epoch of a page run (epochNumbers). No DOM.
 *
 * The numbers object has the keys of mathstext's docstring: optimizer, epoch, eta, w0, w1, loss,
 * g0, g1, hyper, state ({before, after, ahead} or {steps, batch} or null), next ([w0, w1] or null),
 * shift and scale (both null when x was not scaled). Numbers are written by tickformat.number
 * (numberText here) to 4 significant digits, with U+2212 for minus. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  const MINUS = "\u2212";
  const DIGITS = 4;
  const SUB = { "0": "\u2080", "1": "\u2081" };
  const POWER = { "-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074",
    "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };
  const HYPER = { beta: "\u03b2", rho: "\u03c1", eps: "\u03b5", beta1: "\u03b2\u2081", beta2: "\u03b2\u2082",
    batch_size: "batch" };

  function stripZeros(text) { return text.indexOf(".") >= 0 ? text.replace(/0+$/, "").replace(/\.$/, "") : text; }

  /** tickformat.number: `digits` significant digits, U+2212, a power of ten below 10^-4 and from 10^6. */
  function numberText(value, digits) {
    digits = digits === undefined ? 6 : digits;
    if (value === 0) return "0";
    if (!isFinite(value)) return value !== value ? "nan" : value > 0 ? "inf" : MINUS + "inf";
    const d = Math.max(digits, 1), parts = page.expo(Math.abs(value), d - 1).split("e");
    const exponent = Number(parts[1]);
    let text;
    if (exponent >= -4 && exponent < 6) {
      text = stripZeros(page.fixed(Math.abs(value), Math.max(0, d - 1 - exponent)));
    } else {
      const mantissa = stripZeros(parts[0]);
      const power = "10" + String(exponent).split("").map(function (c) { return POWER[c]; }).join("");
      text = mantissa === "1" ? power : mantissa + "\u00d7" + power;
    }
    return (value < 0 ? MINUS : "") + text;
  }

  /** tickformat.centring: "x′ = (x − 5.2) / 3.1". */
  function centring(shift, scale) {
    const sign = shift >= 0 ? MINUS : "+";
    const moved = shift !== 0 ? "x " + sign + " " + numberText(Math.abs(shift)) : "x";
    if (scale === 1.0) return "x\u2032 = " + moved;
    return shift !== 0 ? "x\u2032 = (" + moved + ") / " + numberText(scale, 4) : "x\u2032 = x / " + numberText(scale, 4);
  }

  function n(v) { return numberText(v, DIGITS); }
  function p(v) { return "(" + n(v) + ")"; }
  function plus(v) { return v < 0 ? " " + MINUS + " " + n(-v) : " + " + n(v); }

  function head(x) {
    const said = x.eta === null ? "\u03b7 not recorded" : "\u03b7 = " + n(x.eta);
    const parts = Object.keys(x.hyper).map(function (k) { return (HYPER[k] || k) + " = " + n(x.hyper[k]); });
    return "epoch " + x.epoch + " \u00b7 " + x.optimizer + " \u00b7 " + said + (parts.length ? " (" + parts.join(", ") + ")" : "");
  }

  function forward(x) {
    const v = x.scale !== null ? "x\u2032" : "x";
    const lines = ["forward: \u0177 = w\u2081\u00b7" + v + " + w\u2080 = " + n(x.w1) + "\u00b7" + v + plus(x.w0)];
    if (x.scale !== null) {
      const slope = x.w1 / x.scale, intercept = x.w0 - slope * x.shift;
      lines.push("   on scaled data " + centring(x.shift, x.scale), "   so \u0177 = " + n(slope) + "\u00b7x" + plus(intercept));
    }
    return lines;
  }

  function backward(x) {
    const v = x.scale !== null ? "x\u2032" : "x", full = x.optimizer === "sgd" ? " (full batch)" : "";
    return ["error: E = \u00bd \u03a3 (y " + MINUS + " \u0177)\u00b2 = " + n(x.loss),
      "backward" + full + ": \u2202E/\u2202w\u2081 = \u03a3 (\u0177 " + MINUS + " y)\u00b7" + v + " = " + n(x.g1),
      "   \u2202E/\u2202w\u2080 = \u03a3 (\u0177 " + MINUS + " y) = " + n(x.g0)];
  }

  /** How a line that carries on an equation starts: its numbers, under its symbols (mathstext.MORE). */
  const MORE = "   = ";

  function move(i, what, old, eta, step, next) {
    const w = "w" + SUB[i];
    return [w + " \u2190 " + w + " " + MINUS + " \u03b7\u00b7" + what,
      MORE + n(old) + " " + MINUS + " " + n(eta) + " \u00d7 " + p(step) + " = " + n(next)];
  }

  function gd(x, i) { return move(i, "\u2202E/\u2202w" + SUB[i], x["w" + i], x.eta, x["g" + i], x.next[Number(i)]); }

  function sgd(x, i) { return ["w" + SUB[i] + ": " + n(x["w" + i]) + " \u2192 " + n(x.next[Number(i)])]; }

  function momentum(x, i) {
    const s = x.state, sub = SUB[i], ahead = s.ahead === undefined ? null : s.ahead;
    const grad = ahead === null ? "\u2202E/\u2202w" + sub : "\u2202E/\u2202w" + sub + "(w " + MINUS + " \u03b7\u03b2v)";
    const g = ahead === null ? x["g" + i] : ahead[Number(i)], v = s.after["v" + i];
    return ["v" + sub + " \u2190 \u03b2\u00b7v" + sub + " + " + grad,
      MORE + n(x.hyper.beta) + " \u00d7 " + p(s.before["v" + i]) + " + " + p(g) + " = " + n(v)]
      .concat(move(i, "v" + sub, x["w" + i], x.eta, v, x.next[Number(i)]));
  }

  function scaledStep(x, i, acc, total) {
    const g = x["g" + i], sub = SUB[i], step = g / (Math.sqrt(total) + x.hyper.eps);
    return move(i, "\u2202E/\u2202w" + sub + "/(\u221a" + acc + sub + " + \u03b5)", x["w" + i], x.eta, step, x.next[Number(i)]);
  }

  function adagrad(x, i) {
    const s = x.state, sub = SUB[i], g = x["g" + i], total = s.after["G" + i];
    return ["G" + sub + " \u2190 G" + sub + " + (\u2202E/\u2202w" + sub + ")\u00b2",
      MORE + n(s.before["G" + i]) + " + " + p(g) + "\u00b2 = " + n(total)].concat(scaledStep(x, i, "G", total));
  }

  function rmsprop(x, i) {
    const s = x.state, sub = SUB[i], g = x["g" + i], rho = x.hyper.rho, total = s.after["s" + i];
    return ["s" + sub + " \u2190 \u03c1\u00b7s" + sub + " + (1 " + MINUS + " \u03c1)\u00b7(\u2202E/\u2202w" + sub + ")\u00b2",
      MORE + n(rho) + " \u00d7 " + p(s.before["s" + i]) + " + " + n(1 - rho) + " \u00d7 " + p(g) + "\u00b2 = " + n(total)]
      .concat(scaledStep(x, i, "s", total));
  }

  function adam(x, i) {
    const s = x.state, h = x.hyper, sub = SUB[i], g = x["g" + i], before = s.before, after = s.after;
    const b1 = h.beta1, b2 = h.beta2;
    const mHat = after["m" + i] / (1 - after.beta1_t), vHat = after["s" + i] / (1 - after.beta2_t);
    const step = mHat / (Math.sqrt(vHat) + h.eps);
    return ["m" + sub + " \u2190 \u03b2\u2081\u00b7m" + sub + " + (1 " + MINUS + " \u03b2\u2081)\u00b7\u2202E/\u2202w" + sub,
      MORE + n(b1) + " \u00d7 " + p(before["m" + i]) + " + " + n(1 - b1) + " \u00d7 " + p(g) + " = " + n(after["m" + i]),
      "v" + sub + " \u2190 \u03b2\u2082\u00b7v" + sub + " + (1 " + MINUS + " \u03b2\u2082)\u00b7(\u2202E/\u2202w" + sub + ")\u00b2",
      MORE + n(b2) + " \u00d7 " + p(before["s" + i]) + " + " + n(1 - b2) + " \u00d7 " + p(g) + "\u00b2 = " + n(after["s" + i]),
      "m\u0302" + sub + " = m" + sub + "/(1 " + MINUS + " \u03b2\u2081\u1d57) = " + n(mHat),
      "v\u0302" + sub + " = v" + sub + "/(1 " + MINUS + " \u03b2\u2082\u1d57) = " + n(vHat)]
      .concat(move(i, "m\u0302" + sub + "/(\u221av\u0302" + sub + " + \u03b5)", x["w" + i], x.eta, step, x.next[Number(i)]));
  }

  const UPDATES = { gd: gd, sgd: sgd, momentum: momentum, nesterov: momentum, adagrad: adagrad, rmsprop: rmsprop,
    adam: adam };

  function whyNot(x) {
    if (x.eta === null) return "no \u03b7 was recorded";
    if (x.next === null) return "this is the run's last row";
    if (!Object.prototype.hasOwnProperty.call(UPDATES, x.optimizer)) {
      return "the optimizer '" + x.optimizer + "' is not one of gdviz's";
    }
    if (x.optimizer !== "gd" && !(x.state && Object.keys(x.state).length)) return "its state was not saved with this run";
    return null;
  }

  function update(x) {
    const why = whyNot(x);
    if (why !== null) return ["update: not recorded (" + why + ")"];
    const name = x.optimizer, s = x.state, lines = [];
    if (name === "sgd") {
      lines.push("update: " + s.steps + " steps of batch " + s.batch + " this epoch,",
        "   each w \u2190 w " + MINUS + " \u03b7\u00b7(the batch's \u2202E/\u2202w)");
    } else if (name === "nesterov") {
      const ahead = x.eta * x.hyper.beta; // as the step computes it
      const look0 = x.w0 - ahead * s.before.v0, look1 = x.w1 - ahead * s.before.v1;
      lines.push("update: look ahead to w " + MINUS + " \u03b7\u03b2v", "   w\u2081 = " + n(look1) + ", w\u2080 = " + n(look0));
    } else if (name === "adam") {
      lines.push("update: step t = " + s.after.t);
    } else {
      lines.push("update:");
    }
    for (const i of ["1", "0"]) lines.push.apply(lines, UPDATES[name](x, i));
    return lines;
  }

  /** The maths panel's lines for one epoch (mathstext.maths_lines). */
  function mathsLines(x) {
    return [head(x)].concat(forward(x), backward(x), update(x));
  }

  /** The optimizer's state around the update at row k of a page run (the rows descend records), or null.
   *
   * The run's rows hold, for each row, the state just after its update (momentum and Nesterov:
   * v; Nesterov also the look-ahead gradient q; AdaGrad: G in s; RMSprop: s; Adam: m and s);
   * the state before is the previous row's (zero at row 0). Adam's beta^t are the running
   * products its step keeps, multiplied again here the same way. */
  function stateOf(run, k, h) {
    const name = run.optimizer.name, before = {}, after = {};
    const prev = function (a) { return k > 0 ? a[k - 1] : 0.0; };
    if (name === "gd") return { before: before, after: after, ahead: null };
    if (name === "momentum" || name === "nesterov") {
      before.v0 = prev(run.v0); before.v1 = prev(run.v1); after.v0 = run.v0[k]; after.v1 = run.v1[k];
      return { before: before, after: after, ahead: name === "nesterov" ? [run.q0[k], run.q1[k]] : null };
    }
    if (name === "adagrad") {
      before.G0 = prev(run.s0); before.G1 = prev(run.s1); after.G0 = run.s0[k]; after.G1 = run.s1[k];
    } else if (name === "rmsprop") {
      before.s0 = prev(run.s0); before.s1 = prev(run.s1); after.s0 = run.s0[k]; after.s1 = run.s1[k];
    } else if (name === "adam") {
      let b1t = 1.0, b2t = 1.0;
      for (let j = 0; j < k; j++) { b1t *= h.beta1; b2t *= h.beta2; }
      Object.assign(before, { m0: prev(run.m0), m1: prev(run.m1), s0: prev(run.s0), s1: prev(run.s1), t: k,
        beta1_t: b1t, beta2_t: b2t });
      Object.assign(after, { m0: run.m0[k], m1: run.m1[k], s0: run.s0[k], s1: run.s1[k], t: k + 1,
        beta1_t: b1t * h.beta1, beta2_t: b2t * h.beta2 });
    } else {
      return null;
    }
    return { before: before, after: after, ahead: null };
  }

  /** The plain numbers of row k of a page run (descend's result) that mathsLines reads.
   *
   * `scaling` is the page's ({active, shift, scale}; scalingOf). The run knows its optimizer
   * ({name, hyperparameters}) and eta; the next weights are the next row's, null at the last. */
  function epochNumbers(run, k, scaling) {
    const h = run.optimizer.hyperparameters || {}, hyper = {};
    for (const key of Object.keys(h)) hyper[key] = h[key];
    return {
      optimizer: run.optimizer.name, epoch: k, eta: run.eta, w0: run.w0[k], w1: run.w1[k], loss: run.loss[k],
      g0: run.g0[k], g1: run.g1[k], hyper: hyper, state: stateOf(run, k, h),
      next: k + 1 < run.len ? [run.w0[k + 1], run.w1[k + 1]] : null,
      shift: scaling && scaling.active ? scaling.shift : null, scale: scaling && scaling.active ? scaling.scale : null,
    };
  }

  page.numberText = numberText;
  page.centring = centring;
  page.mathsLines = mathsLines;
  page.epochNumbers = epochNumbers;
})(gdvizPage);
