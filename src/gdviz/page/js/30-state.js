/* The view: what the page shows (its state, the keys of the URL fragment), the current run,
 * and the checks a new state goes through. No DOM: the DOM modules draw a view. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  /** The state's keys, in the fragment's order. */
  const KEYS = ["w0", "w1", "eta", "opt", "epochs", "epoch", "points"];
  /** The lesson's keys (build, quiz, qseed, hide; pageb: points): each added by its module with addKey(), in
   * the fragment only when not at its default. */
  const EXTRA = {};

  /** Add a state (and fragment) key: `spec` is {initial, check(raw, view) -> value or page.Refused, text(value)}. */
  function addKey(key, spec) { KEYS.push(key); EXTRA[key] = spec; }

  /** The keys that decide the run (epoch only picks a row of it). */
  const RUN_KEYS = ["w0", "w1", "eta", "opt", "epochs"];

  /** A view of the page's data: its state at the defaults, no run yet.
   *
   * data      the page's JSON (gdviz/explore.py)
   * state     {w0, w1, eta, opt, epochs, epoch, points}: the start in data units, the learning
   *           rate, the optimizer, the number of epochs, the epoch shown, the moved points
   *           ([row, x, y] in data units: 25-points.js)
   * run       the current run (descend's rows, with start, rows, formatW, pacing), or null
   * followEnd whether the epoch shown follows the end of each new run
   * dragging  whether a pointer is dragging something (what would jump under it waits for the release)
   */
  function makeView(data) {
    const byName = {};
    data.optimizers.forEach(function (o) { byName[o.name] = o; });
    const d = data.default;
    return {
      data: data,
      theme: data.theme,
      trained: data.trained,
      scaling: page.scalingOf(data),
      optimizers: byName,
      optimum: { w0: data.optimum[0], w1: data.optimum[1], sse: data.optimum[2] },
      window: { w0: data.surface.w0, w1: data.surface.w1 },
      defaults: { w0: d.w0, w1: d.w1, eta: d.eta, opt: d.opt, epochs: d.epochs, epoch: d.epoch, points: [] },
      state: withExtra({ w0: d.w0, w1: d.w1, eta: d.eta, opt: d.opt, epochs: d.epochs, epoch: d.epoch, points: [] }),
      run: null,
      runs: 0,
      rows: page.makeRows(),
      followEnd: true,
      dragging: false,
      // what the lesson's modules change in the drawing (they replace these)
      concealed: function () { return false; },
      arrowsShown: function (arrows) { return arrows; },
      decorate: function () {},
      locked: function () { return false; }, // whether a control is locked (hide=): the reader cannot change it
      reactions: [], // each called with the applied part after every change (set, the fragment, the reader)
      keys: {}, // the lesson's page keys: key -> function (ev), as the hint gives them
      api: {}, // the lesson's functions in the script interface
      reducedMotion: function () { return false; }, // the reader asked for less motion (prefers-reduced-motion)
    };
  }

  /** `state` with each added key at its initial value. */
  function withExtra(state) {
    for (const key of Object.keys(EXTRA)) state[key] = copyOf(EXTRA[key].initial);
    return state;
  }

  function copyOf(v) { return Array.isArray(v) ? v.map(copyOf) : v; }

  /** The state as the script interface returns it (a copy). */
  function stateOf(view) {
    const s = view.state, out = { w0: s.w0, w1: s.w1, eta: s.eta, opt: s.opt, epochs: s.epochs, epoch: s.epoch,
      points: s.points.map(function (p) { return p.slice(); }) };
    for (const key of Object.keys(EXTRA)) out[key] = copyOf(s[key]);
    return out;
  }

  function lastEpoch(view) { return Math.max(0, view.run ? view.run.len - 1 : 0); }

  /** Re-run the optimizer for the view's state; the epoch shown follows the end if it did. */
  function compute(view) {
    const s = view.state, start = page.toTrained(view.scaling, s.w0, s.w1);
    const run = page.descend(view.trained, view.optimizers[s.opt], s.eta, start[0], start[1], s.epochs, view.data,
      view.rows);
    run.id = ++view.runs;
    run.start = start;
    run.rows = page.curveRows(run.len, view.data.curve_points);
    let big = 0; // the run's weights with their own decimals (legend.Legend: fixed_width of the run's w0 and w1)
    for (let k = 0; k < run.len; k++) big = Math.max(big, Math.abs(run.w0[k]), Math.abs(run.w1[k]));
    run.formatW = page.fixedWidth(big);
    run.pacing = null; // computed when first played
    view.run = run;
    if (view.followEnd || s.epoch > lastEpoch(view)) s.epoch = lastEpoch(view);
  }

  /** Where each epoch of the current run falls in its playback (computed once per run). */
  function pacingOf(view) {
    const run = view.run;
    if (!run.pacing) run.pacing = page.pacing(run.w0, run.w1, run.len, view.data.motion_share);
    return run.pacing;
  }

  /** Apply a checked partial state: an optimizer brings its own eta unless eta is given;
   * the run is recomputed if it changed; the epoch is clamped to the run. */
  function applyState(view, part) {
    const s = view.state;
    if (part.opt !== undefined && part.opt !== s.opt && part.eta === undefined) part.eta = view.optimizers[part.opt].eta;
    let changed = false;
    if (part.points !== undefined && !page.samePoints(part.points, s.points)) {
      s.points = part.points; page.refit(view); changed = true;
    }
    for (const key of RUN_KEYS) {
      if (part[key] !== undefined && part[key] !== s[key]) { s[key] = part[key]; changed = true; }
    }
    for (const key of Object.keys(EXTRA)) if (part[key] !== undefined) s[key] = part[key];
    if (part.epoch !== undefined) view.followEnd = false;
    if (changed || !view.run) compute(view);
    if (part.epoch !== undefined) {
      s.epoch = Math.min(part.epoch, lastEpoch(view));
      view.followEnd = s.epoch === lastEpoch(view);
    }
  }

  function bad(key, value, why) {
    return new TypeError("gdviz.set: `" + key + "` " + why + "; got " + JSON.stringify(typeof value === "object" ? value : String(value)) + ".");
  }

  /** A value a check refuses, and what it must be instead. */
  function Refused(why) { this.why = why; }

  /** Each key's check: its value normalised, or Refused (what it must be). A new key of the state (and
   * of the fragment) adds its check here, and its name to KEYS. */
  const CHECKS = {
    w0: finite, w1: finite,
    eta: numeric(function (v) { return v > 0 ? v : new Refused("must be a number > 0"); }),
    opt: function (raw, view) {
      const name = String(raw).trim().toLowerCase();
      return view.optimizers[name] ? name : new Refused("must be one of " + Object.keys(view.optimizers).join(", "));
    },
    epochs: numeric(function (v, view) {
      const most = view.data.max_epochs;
      return Number.isInteger(v) && v >= 1 && v <= most ? v :
        new Refused("must be a whole number from 1 to " + page.thousands(most));
    }),
    epoch: numeric(function (v) { return Number.isInteger(v) && v >= 0 ? v : new Refused("must be a whole number >= 0"); }),
    points: function (raw, view) {
      const v = page.checkPoints(raw, view.data.sample);
      return typeof v === "string" ? new Refused(v) : v;
    },
  };

  function numberOf(raw) { return typeof raw === "number" ? raw : (String(raw).trim() === "" ? NaN : Number(raw)); }

  function finite(raw) { const v = numberOf(raw); return isFinite(v) ? v : new Refused("must be a finite number"); }

  /** A check of a finite number, then `more` (which is given the number and the view). */
  function numeric(more) {
    return function (raw, view) { const v = finite(raw); return v instanceof Refused ? v : more(v, view); };
  }

  /** A partial state checked against `view`'s optimizers and epoch limit: {part, ignored}, the good keys
   * normalised and what was left out as {key, value, why}. */
  function check(view, partial) {
    const part = {}, ignored = [];
    for (const key of Object.keys(partial)) {
      const raw = partial[key];
      const v = KEYS.indexOf(key) < 0 ? new Refused("is not one of " + KEYS.join(", ")) :
        (CHECKS[key] || EXTRA[key].check)(raw, view);
      if (v instanceof Refused) ignored.push({ key: key, value: raw, why: v.why });
      else part[key] = v;
    }
    return { part: part, ignored: ignored };
  }

  /** A partial state checked and normalised against `view`'s optimizers and epoch limit;
   * `strict` throws on a bad key or value (set), else leaves it out (the fragment). */
  function normalise(view, partial, strict) {
    const checked = check(view, partial);
    if (strict && checked.ignored.length) {
      const first = checked.ignored[0];
      throw bad(first.key, first.value, first.why);
    }
    return checked.part;
  }

  /** The state as a URL fragment (without the #); no moved points, no `points` key. */
  function fragmentOf(state) {
    return KEYS.filter(function (k) {
      if (k === "points") return state.points && state.points.length;
      return !EXTRA[k] || (state[k] !== undefined && EXTRA[k].text(state[k]) !== EXTRA[k].text(EXTRA[k].initial));
    }).map(function (k) {
      if (k === "points") return k + "=" + page.pointsText(state.points).replace(/\+/g, "%2B");
      return k + "=" + (EXTRA[k] ? encodeURIComponent(EXTRA[k].text(state[k])).replace(/%2C/g, ",") : // (hide=eta,opt)
        encodeURIComponent(String(state[k])));
    }).join("&");
  }

  /** A URL fragment (with or without the #) read and checked: {part, ignored} as check() gives them. */
  function cleanFragment(view, text) {
    text = text.replace(/^#/, "");
    const out = {};
    if (text) new URLSearchParams(text).forEach(function (value, key) { out[key] = value; });
    return check(view, out);
  }

  /** A URL fragment (with or without the #) read as a checked partial state; what is bad is left out. */
  function readFragment(view, text) { return cleanFragment(view, text).part; }

  /** What the page says of a fragment's bad keys, briefly: "Ignored in the address: eta=banana (must
   * be a number > 0)." ("" when nothing was ignored). A long value is cut. */
  function ignoredWords(ignored) {
    if (!ignored.length) return "";
    return "Ignored in the address: " + ignored.map(function (i) {
      let value = String(i.value);
      if (value.length > 24) value = value.slice(0, 23) + "\u2026";
      return i.key + "=" + value + " (" + i.why + ")";
    }).join("; ") + ".";
  }

  page.KEYS = KEYS;
  page.addKey = addKey;
  page.isAddedKey = function (key) { return Object.prototype.hasOwnProperty.call(EXTRA, key); };
  page.Refused = Refused;
  page.makeView = makeView;
  page.stateOf = stateOf;
  page.lastEpoch = lastEpoch;
  page.compute = compute;
  page.pacingOf = pacingOf;
  page.applyState = applyState;
  page.normalise = normalise;
  page.fragmentOf = fragmentOf;
  page.readFragment = readFragment;
  page.cleanFragment = cleanFragment;
  page.ignoredWords = ignoredWords;
})(gdvizPage);
