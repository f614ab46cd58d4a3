/* What the reader does: pointers on the panels and the slider, keys, the controls, playback,
 * the URL fragment; and start(), which builds the page from its data and returns the script
 * interface (DOM). */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  /** How long playing the whole run takes, in ms. */
  const PLAY_MS = 8000;
  /** Browsers limit how often the address may change: the fragment is written at most this often while dragging. */
  const FRAGMENT_MS = 150;

  /** `value` rounded to a thousandth of `span`'s decade: what a press or a drag can mean. */
  function roundTo(value, span) {
    if (!(span > 0) || !isFinite(value)) return value;
    const e = Math.floor(Math.log10(span / 1000));
    const res = Math.pow(10, e);
    const out = Math.round(value / res) * res;
    return e < 0 ? Number(out.toFixed(-e)) : out;
  }

  /** The control (a name hide= takes) that holds each key of the state. */
  const LOCKS = { w0: "start", w1: "start", eta: "eta", opt: "opt", epochs: "epochs", epoch: "play" };

  page.installControls = function (view) {
    const data = view.data, state = view.state, scaling = view.scaling, win = view.window;
    const fitLimits = data.fit, el = view.el;
    const play = { on: false, t0: 0 };
    const fragment = { last: -1e9, timer: null };

    /** Apply a checked partial state: recompute the run if it changed, clamp the epoch, redraw. */
    function apply(part) {
      page.applyState(view, part);
      view.reactions.forEach(function (react) { react(part); });
      view.draw();
      writeFragment(false);
    }

    /** A change by the reader: what a locked control (hide=) holds is left out. */
    function userChange(part) {
      stop();
      part = page.normalise(view, part, false);
      for (const key of Object.keys(part)) if (view.locked(LOCKS[key])) delete part[key];
      apply(part);
    }

    /** history.replaceState with the state; at most every FRAGMENT_MS while dragging; the last write always lands. */
    function writeFragment(force) {
      if (fragment.timer !== null) { clearTimeout(fragment.timer); fragment.timer = null; }
      const now = performance.now();
      if (!force && now - fragment.last < FRAGMENT_MS) {
        fragment.timer = setTimeout(function () { fragment.timer = null; writeFragment(true); },
          FRAGMENT_MS - (now - fragment.last));
        return;
      }
      fragment.last = now;
      try {
        history.replaceState(null, "", "#" + page.fragmentOf(state));
      } catch (err) {
        // a sandboxed frame (Jupyter's srcdoc) may refuse; the state still lives in the page
      }
    }

    /** The start at (u, v) on the surface (trained coordinates), as a line in data units, rounded. */
    function startAt(u, v) {
      const d = page.toData(scaling, u, v);
      const su = win.w0[1] - win.w0[0], sv = win.w1[1] - win.w1[0];
      const slopeSpan = scaling.active ? sv / scaling.scale : sv;
      const interceptSpan = scaling.active ? su + sv * Math.abs(scaling.shift) / scaling.scale : su;
      return { w0: roundTo(d[0], interceptSpan), w1: roundTo(d[1], slopeSpan) };
    }

    /** Press, drag and release on a canvas: `down(ev)` when pressed, `move(ev)` while held, then the fragment.
     * A press focuses the canvas (its arrow keys then move what was pressed) unless `keepFocus` is false:
     * the eta slider, which keeps Home and End for itself when focused (from the keyboard), where the
     * reader who dragged it expects them to jump to the first and last epoch, as the hint says. */
    function dragOn(cv, down, move, up, keepFocus) {
      let held = false;
      cv.addEventListener("pointerdown", function (ev) {
        if (ev.button !== 0) return;
        held = true; cv.setPointerCapture(ev.pointerId); cv.classList.add("dragging"); view.dragging = true;
        ev.preventDefault();
        if (keepFocus === false) { if (document.activeElement === cv) cv.blur(); } else cv.focus({ preventScroll: true });
        down(ev);
      });
      cv.addEventListener("pointermove", function (ev) { if (held) move(ev); else if (up) up(ev); });
      const end = function () {
        if (!held) return;
        held = false; cv.classList.remove("dragging"); view.dragging = false;
        view.draw(); // what waits for the end of a drag (the legend's place) catches up
        writeFragment(true);
      };
      cv.addEventListener("pointerup", end);
      cv.addEventListener("pointercancel", end);
    }

    function surfacePointer() {
      const cv = el("surface"), p = view.panels.surface;
      const move = function (ev) {
        const at = view.local(ev, cv, p), ax = p.ax;
        const u = Math.min(win.w0[1], Math.max(win.w0[0], ax.invX(at[0])));
        const v = Math.min(win.w1[1], Math.max(win.w1[0], ax.invY(at[1])));
        userChange(startAt(u, v));
      };
      dragOn(cv, move, move);
      view.startFromPointer = move; // a touch's tap or drag, once 80-hover.js has told it from a long press
      cv.addEventListener("keydown", function (ev) {
        const keys = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
        if (!keys[ev.key]) return;
        ev.preventDefault();
        const f = ev.shiftKey ? 0.1 : 0.02, t = page.toTrained(scaling, state.w0, state.w1);
        userChange(startAt(t[0] + keys[ev.key][0] * f * (win.w0[1] - win.w0[0]),
          t[1] + keys[ev.key][1] * f * (win.w1[1] - win.w1[0])));
        writeFragment(true);
      });
    }

    function fitPointer() {
      const cv = el("fit"), p = view.panels.fit;
      const ySpan = fitLimits.y[1] - fitLimits.y[0], xSpan = fitLimits.x[1] - fitLimits.x[0];
      const rounded = function (b, m) { return { w0: roundTo(b, ySpan), w1: roundTo(m, ySpan / xSpan) }; };
      let drag = null;
      function nearHandle(at) {
        const hs = view.handles();
        for (let i = 0; i < 2; i++) {
          if (Math.hypot(p.ax.X(hs[i]) - at[0], p.ax.Y(state.w0 + state.w1 * hs[i]) - at[1]) <= 12) return i;
        }
        return -1;
      }
      dragOn(cv, function (ev) {
        const at = view.local(ev, cv, p);
        drag = { handle: nearHandle(at), y: p.ax.invY(at[1]), w0: state.w0, w1: state.w1 };
      }, function (ev) {
        const at = view.local(ev, cv, p);
        const y = Math.min(fitLimits.y[1], Math.max(fitLimits.y[0], p.ax.invY(at[1])));
        if (drag.handle >= 0) { // the line turns about the other handle
          const hs = view.handles(), xa = hs[drag.handle], xb = hs[1 - drag.handle];
          const yb = drag.w0 + drag.w1 * xb, m = (y - yb) / (xa - xb);
          userChange(rounded(yb - m * xb, m));
        } else {
          userChange(rounded(drag.w0 + (y - drag.y), drag.w1));
        }
      }, function (ev) { cv.classList.toggle("grab", nearHandle(view.local(ev, cv, p)) >= 0); });
      cv.addEventListener("keydown", function (ev) {
        const f = ev.shiftKey ? 0.1 : 0.02, mid = 0.5 * (fitLimits.ends[0] + fitLimits.ends[1]);
        let b = state.w0, m = state.w1;
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
      const own = function () { return view.optimizers[state.opt].eta; };
      const move = function (ev) {
        const at = view.local(ev, cv, view.slider);
        const near = Math.abs(view.sliderX(own()) - at[0]) < 5; // snap to the optimizer's own eta
        userChange({ eta: near ? own() : page.round3(view.sliderEta(at[0])) });
      };
      dragOn(cv, move, move, null, false);
      cv.addEventListener("keydown", function (ev) {
        const rg = view.etaRange(), stepUp = Math.pow(10, 1 / 20);
        let eta = state.eta;
        if (ev.key === "ArrowRight" || ev.key === "ArrowUp") eta = page.round3(eta * stepUp);
        else if (ev.key === "ArrowLeft" || ev.key === "ArrowDown") eta = page.round3(eta / stepUp);
        else if (ev.key === "PageUp") eta = page.round3(eta * Math.pow(10, 0.25));
        else if (ev.key === "PageDown") eta = page.round3(eta / Math.pow(10, 0.25));
        else if (ev.key === "Home") eta = rg[0];
        else if (ev.key === "End") eta = rg[1];
        else if (ev.key === "Enter" || ev.key === "d") eta = own();
        else return;
        ev.preventDefault();
        userChange({ eta: eta });
        writeFragment(true);
      });
    }

    function controls() {
      const select = el("opt");
      data.optimizers.forEach(function (o) {
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
      epochs.max = String(data.max_epochs);
      epochs.addEventListener("change", function () {
        const v = Math.round(Number(epochs.value));
        if (isFinite(v)) { userChange({ epochs: Math.min(data.max_epochs, Math.max(1, v)) }); writeFragment(true); }
        view.drawText();
      });
      const epochRange = el("epoch");
      epochRange.addEventListener("input", function () { stop(); apply({ epoch: Number(epochRange.value) }); });
      epochRange.addEventListener("change", function () { writeFragment(true); });
      el("play").addEventListener("click", function () { if (play.on) stop(); else startPlaying(); });
      el("reset").addEventListener("click", function () {
        stop();
        view.followEnd = true;
        const part = Object.assign({}, view.defaults);
        for (const key of Object.keys(part)) if (view.locked(LOCKS[key])) delete part[key];
        apply(part);
        writeFragment(true);
      });
      // Capturing, so that the page's keys come before a focused button's, select's or range's own.
      document.addEventListener("keydown", pageKeys, true);
    }

    /** Whether the focused element keeps the page's keys for itself: a text or number field (Home and End
     * move the cursor there) and the eta slider (Home and End set eta to its ends), as the hint says. */
    function ownsKeys(t) {
      if (!t || t.isContentEditable || t.tagName === "TEXTAREA") return true;
      if (t.tagName === "INPUT") return ["range", "checkbox", "radio", "button", "submit", "reset"].indexOf(t.type) < 0;
      return t === el("eta-slider");
    }

    /** The keys the hint gives, wherever the focus is (but where ownsKeys): space plays and pauses, Home
     * and End jump to the first and last epoch. */
    function pageKeys(ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || ownsKeys(ev.target)) return;
      const lesson = view.keys[ev.key.length === 1 ? ev.key.toLowerCase() : ev.key];
      if (lesson) { if (lesson(ev) !== false) ev.preventDefault(); return; }
      if (view.locked("play")) return;
      if (ev.key === " " || ev.key === "Spacebar") {
        ev.preventDefault();
        if (play.on) stop(); else startPlaying();
      } else if (ev.key === "Home" || ev.key === "End") {
        ev.preventDefault();
        stop();
        apply({ epoch: ev.key === "Home" ? 0 : page.lastEpoch(view) });
        writeFragment(true);
      }
    }

    /** Play the run from the epoch shown (from the start if at the end): PLAY_MS for the whole run, paced. */
    function startPlaying() {
      if (!view.run || view.run.len < 2 || view.locked("play")) return;
      view.reactions.forEach(function (react) { react({ play: true }); });
      if (view.reducedMotion()) { apply({ epoch: page.lastEpoch(view) }); writeFragment(true); return; } // a jump, not a film
      if (state.epoch >= page.lastEpoch(view)) apply({ epoch: 0 });
      play.on = true;
      play.t0 = performance.now() - page.pacingOf(view)[state.epoch] * PLAY_MS;
      el("play").setAttribute("aria-pressed", "true"); // the style shows "pause" in the place of "play"
      el("readout").setAttribute("aria-live", "off");
      requestAnimationFrame(tick);
    }

    function stop() {
      if (!play.on) return;
      play.on = false;
      el("play").setAttribute("aria-pressed", "false");
      el("readout").setAttribute("aria-live", "polite");
      writeFragment(true);
    }

    function tick(now) {
      if (!play.on) return;
      const pacing = page.pacingOf(view), t = (now - play.t0) / PLAY_MS;
      let lo = 0, hi = pacing.length - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (pacing[mid] < t) lo = mid + 1; else hi = mid; }
      state.epoch = lo; view.followEnd = lo === page.lastEpoch(view);
      view.draw();
      writeFragment(false);
      if (t >= 1) { stop(); return; }
      requestAnimationFrame(tick);
    }

    /** The page from the fragment it was opened with; then it follows the fragment's changes. */
    function init() {
      el("what").textContent = (data.source ? data.source + ": " : "") + data.y_name + " against " + data.x_name;
      const shown = data.sample.x.length;
      el("data-note").textContent = page.thousands(data.n) + " points" + (shown < data.n ? " (showing " +
        page.thousands(shown) + " of " + page.thousands(data.n) + "; the sums, the surface and every number use all of " +
        "them)" : "") + ". Scaling: " + data.scale_reason + ". Each run is recomputed in your browser from six sums " +
        "over the data, as gdviz.train computes it.";
      controls();
      surfacePointer();
      fitPointer();
      sliderPointer();
      const read = page.cleanFragment(view, location.hash), part = read.part;
      if (part.opt !== undefined && part.eta === undefined) part.eta = view.optimizers[part.opt].eta;
      for (const key of ["w0", "w1", "eta", "opt", "epochs"]) if (part[key] !== undefined) state[key] = part[key];
      for (const key of page.KEYS) if (page.isAddedKey(key) && part[key] !== undefined) state[key] = part[key];
      if (part.points !== undefined && part.points.length) { state.points = part.points; page.refit(view); }
      page.compute(view);
      if (part.epoch !== undefined) {
        state.epoch = Math.min(part.epoch, page.lastEpoch(view));
        view.followEnd = state.epoch === page.lastEpoch(view);
      }
      view.reactions.forEach(function (react) { react(part); });
      sayIgnored(read.ignored);
      view.layout();
      view.watchBoxes();
      window.addEventListener("hashchange", function () {
        stop();
        const again = page.cleanFragment(view, location.hash);
        sayIgnored(again.ignored);
        if (Object.keys(again.part).length) apply(again.part);
      });
    }

    /** Say briefly what the address asked for that the page ignored, and write the address again
     * without it (the whole state, as every change writes it); say nothing when all was read. */
    function sayIgnored(ignored) {
      const notice = el("notice");
      notice.textContent = page.ignoredWords(ignored);
      notice.hidden = !ignored.length;
      if (ignored.length) writeFragment(true);
    }

    Object.assign(view, { apply: apply, userChange: userChange, stop: stop, startPlaying: startPlaying,
      writeFragment: writeFragment, init: init, ownsKeys: ownsKeys });
  };

  /** Build the page from its data (the JSON explore.py writes) in this document; returns the script interface:
   *
   *   state()   -> {w0, w1, eta, opt, epochs, epoch, points}   (w0, w1: the start, data units; points:
   *                the moved points, [row, x, y] in data units)
   *   set({...}) applies a partial state, recomputes and redraws, returns state()
   *   run()     -> {epoch, w0, w1, loss} arrays, the rows of a History (trained coordinates)
   */
  page.start = function (data) {
    const view = page.makeView(data);
    view.el = function (id) { return document.getElementById(id); };
    page.installPanels(view);
    page.installControls(view);
    page.installPoints(view);
    page.installHover(view);
    (page.lessons || []).forEach(function (install) { install(view); });
    view.init();
    return Object.freeze(Object.assign({
      version: data.gdviz,
      state: function () { return page.stateOf(view); },
      set: function (partial) {
        if (partial === null || typeof partial !== "object") throw new TypeError("gdviz.set takes an object like {eta: 0.004}.");
        const part = page.normalise(view, partial, true);
        view.stop();
        view.apply(part);
        return page.stateOf(view);
      },
      run: function () {
        const run = view.run, n = run ? run.len : 0, epoch = new Array(n);
        for (let i = 0; i < n; i++) epoch[i] = i;
        return { epoch: epoch, w0: Array.from(run.w0.subarray(0, n)), w1: Array.from(run.w1.subarray(0, n)),
          loss: Array.from(run.loss.subarray(0, n)) };
      },
    }, view.api));
  };
})(gdvizPage);
