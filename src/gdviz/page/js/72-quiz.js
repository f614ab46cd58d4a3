/* Predict, then reveal: `quiz=K` (K >= 1 epochs ahead; 0: off) asks where the point will be after K
 * epochs. The reader presses on the surface (or moves a cross-hair with the arrows and presses Enter);
 * the page reveals the true point, draws the miss, and keeps a tally ("4 of 6 within a tenth of the
 * step"); the next question starts from a new random start, seeded by `qseed` (in the fragment, so an
 * address gives the same question again). While a question is asked the run's path and loss curve
 * are not drawn ahead of the start. Scoring and the seeded starts need no DOM (node tests them). */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  /** A question's start stays this far from least squares (in window widths), so that there is a step to predict. */
  const AWAY = 0.25;
  /** A guess within this share of the step (the distance from the start to the true point) counts. */
  const WITHIN = 0.1;
  const MOST_SEED = 2147483647;

  function wholeFrom(lo, hi, words) {
    return function (raw) {
      const v = typeof raw === "number" ? raw : (String(raw).trim() === "" ? NaN : Number(raw));
      return Number.isInteger(v) && v >= lo && v <= hi ? v : new page.Refused(words);
    };
  }

  page.addKey("quiz", { initial: 0, text: String,
    check: wholeFrom(0, 100000, "must be a whole number of epochs ahead from 1 to 100,000 (0: no quiz)") });
  page.addKey("qseed", { initial: 0, text: String, check: wholeFrom(0, MOST_SEED, "must be a whole number from 0 to 2147483647") });

  /** A seeded generator of numbers in [0, 1) (mulberry32): the same seed, the same numbers, in every browser. */
  function seeded(seed) {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** A question's start from `qseed`, in the trained coordinates: inside the surface's window `win`
   * ({w0: [lo, hi], w1: [lo, hi]}) by a tenth of it on each side, and at least AWAY of the window from
   * `optimum` ([w0, w1]). */
  function quizStart(qseed, win, optimum) {
    const next = seeded(qseed), s0 = win.w0[1] - win.w0[0], s1 = win.w1[1] - win.w1[0];
    let u = 0, v = 0;
    for (let i = 0; i < 50; i++) {
      u = win.w0[0] + s0 * (0.1 + 0.8 * next());
      v = win.w1[0] + s1 * (0.1 + 0.8 * next());
      if (Math.hypot((u - optimum[0]) / s0, (v - optimum[1]) / s1) >= AWAY) break;
    }
    return [u, v];
  }

  /** A guess scored against the true point, each [w0, w1] in the trained coordinates, distances measured in
   * widths of the window (as the map shows them): {miss, step, hit}, hit when the miss is at most a tenth of
   * the step from `start` to the true point. */
  function quizScore(guess, truth, start, win) {
    const s0 = win.w0[1] - win.w0[0], s1 = win.w1[1] - win.w1[0];
    const miss = Math.hypot((guess[0] - truth[0]) / s0, (guess[1] - truth[1]) / s1);
    const step = Math.hypot((truth[0] - start[0]) / s0, (truth[1] - start[1]) / s1);
    return { miss: miss, step: step, hit: miss <= WITHIN * step };
  }

  /** The tally, as the page says it: "4 of 6 within a tenth of the step". */
  function tallyWords(hits, asked) { return hits + " of " + asked + " within a tenth of the step"; }

  /** What the page says of one answer (shown and announced). */
  function answerWords(score, k, hits, asked) {
    const share = score.step > 0 ? score.miss / score.step : Infinity;
    const how = !isFinite(share) ? "the point did not move" :
      share < 0.005 ? "right on it" : "off by " + (share < 10 ? Number((100 * share).toPrecision(2)) + "% of the step" :
        "more than ten times the step");
    return "After " + k + " epoch" + (k === 1 ? "" : "s") + ": " + how + (score.hit ? " (within a tenth)" : "") +
      ". " + tallyWords(hits, asked) + ".";
  }

  /** The next question's seed. */
  function nextSeed(qseed) { return qseed >= MOST_SEED ? 0 : qseed + 1; }

  function installQuiz(view) {
    const el = view.el, state = view.state, win = view.window;
    const quiz = { phase: "off", cross: null, guess: null, truth: null, start: null, hits: 0, asked: 0, seed: null };
    view.concealed = function () { return quiz.phase === "ask"; };
    const arrowsShown = view.arrowsShown; // (the step's arrow would give the answer away)
    view.arrowsShown = function (arrows) {
      const shown = arrowsShown(arrows);
      return quiz.phase === "ask" ? shown.filter(function (a) { return a[7] === view.theme.gradient; }) : shown;
    };

    /** A new question from state.qseed: its start, the run, the epoch at 0, the cross-hair at the start. */
    function ask() {
      const t = quizStart(state.qseed, win, [view.optimum.w0, view.optimum.w1]);
      const d = page.toData(view.scaling, t[0], t[1]);
      page.applyState(view, { w0: Number(d[0].toPrecision(4)), w1: Number(d[1].toPrecision(4)), epoch: 0 });
      quiz.phase = "ask"; quiz.seed = state.qseed; quiz.guess = quiz.truth = null;
      quiz.start = page.toTrained(view.scaling, state.w0, state.w1);
      quiz.cross = quiz.start.slice();
      view.writeFragment(true);
    }

    view.reactions.push(function (part) {
      if (!state.quiz) { quiz.phase = "off"; return; }
      if (part.quiz !== undefined || part.qseed !== undefined) {
        if (quiz.phase === "off" && part.qseed === undefined && part.quiz !== undefined && !state.qseed) {
          state.qseed = 1 + Math.floor(Math.random() * 1000000);
        }
        if (quiz.phase === "off" || state.qseed !== quiz.seed) ask();
      }
    });

    function answer(guess) {
      const run = view.run;
      if (quiz.phase !== "ask" || !run || !run.len) return;
      const k = Math.min(state.quiz, page.lastEpoch(view));
      quiz.guess = guess; quiz.truth = [run.w0[k], run.w1[k]];
      const score = quizScore(guess, quiz.truth, quiz.start, win);
      quiz.asked++; if (score.hit) quiz.hits++;
      quiz.phase = "shown";
      quiz.said = answerWords(score, k, quiz.hits, quiz.asked);
      view.stop();
      view.apply({ epoch: k });
      page.say(view, quiz.said);
    }

    function next() {
      if (quiz.phase === "off") return;
      view.apply({ qseed: nextSeed(state.qseed) });
      view.writeFragment(true);
    }

    function inTrained(ev) {
      const p = view.panels.surface, at = view.local(ev, el("surface"), p);
      return [p.ax.invX(at[0]), p.ax.invY(at[1])];
    }

    const panel = el("surface").parentNode;
    // In the capture phase, on the panel: before the surface's own press (which would move the start).
    panel.addEventListener("pointerdown", function (ev) {
      if (quiz.phase !== "ask" || ev.button !== 0) return;
      ev.stopPropagation(); ev.preventDefault();
      el("surface").focus({ preventScroll: true });
      answer(inTrained(ev));
    }, true);
    panel.addEventListener("keydown", function (ev) {
      if (quiz.phase === "shown" && ev.key === "Enter") { ev.stopPropagation(); ev.preventDefault(); next(); return; }
      if (quiz.phase !== "ask") return;
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      if (ev.key === "Enter") answer(quiz.cross.slice());
      else if (moves[ev.key]) {
        const f = ev.shiftKey ? 0.1 : 0.02;
        quiz.cross[0] += moves[ev.key][0] * f * (win.w0[1] - win.w0[0]);
        quiz.cross[1] += moves[ev.key][1] * f * (win.w1[1] - win.w1[0]);
        view.draw();
      } else return;
      ev.stopPropagation(); ev.preventDefault();
    }, true);
    el("quiz-next").addEventListener("click", next);
    view.keys.n = function () { if (quiz.phase === "off") return false; next(); };

    view.decorate = function (where, ctx, ax) {
      if (quiz.phase === "ask" && quiz.cross) crossHair(ctx, ax, quiz.cross);
      if (quiz.phase === "shown" && quiz.guess) drawMiss(ctx, ax);
    };

    function crossHair(ctx, ax, at) {
      const x = ax.X(at[0]), y = ax.Y(at[1]), r = ax.rect;
      ctx.save();
      ctx.strokeStyle = page.rgba(view.theme.text, 0.75); ctx.lineWidth = 1.2; ctx.setLineDash([4, 3]);
      ctx.beginPath(); ctx.moveTo(r.x, y); ctx.lineTo(r.x + r.w, y); ctx.moveTo(x, r.y); ctx.lineTo(x, r.y + r.h); ctx.stroke();
      ctx.setLineDash([]); ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(x, y, 7, 0, 2 * Math.PI); ctx.stroke();
      ctx.restore();
    }

    function drawMiss(ctx, ax) {
      const gx = ax.X(quiz.guess[0]), gy = ax.Y(quiz.guess[1]), tx = ax.X(quiz.truth[0]), ty = ax.Y(quiz.truth[1]);
      ctx.save();
      page.clipTo(ctx, ax.rect);
      ctx.strokeStyle = view.theme.text; ctx.lineWidth = 1.6; ctx.setLineDash([5, 4]);
      ctx.beginPath(); ctx.moveTo(gx, gy); ctx.lineTo(tx, ty); ctx.stroke();
      ctx.restore();
      page.cross(ctx, gx, gy, 6, view.theme.text, view.theme.background); // the guess: a dark cross, the miss dashed
    }

    const draw = view.draw;
    view.draw = function () { show(); draw(); };
    const layout = view.layout;
    view.layout = function () { show(); layout(); };

    function show() {
      const box = el("quiz-box");
      if (box.hidden !== (quiz.phase === "off")) box.hidden = quiz.phase === "off";
      if (box.hidden) return;
      const k = state.quiz;
      el("quiz-ask").textContent = quiz.phase === "ask" ?
        "Where will the point be after " + k + " epoch" + (k === 1 ? "" : "s") + "? Press on the surface, or move the " +
        "cross-hair with the arrows on the focused surface and press Enter." : quiz.said;
      el("quiz-tally").textContent = quiz.phase === "ask" && quiz.asked ? tallyWords(quiz.hits, quiz.asked) + "." : "";
      el("quiz-next").hidden = quiz.phase !== "shown";
    }

    view.api.quiz = function () {
      return { phase: quiz.phase, hits: quiz.hits, asked: quiz.asked, guess: quiz.guess && quiz.guess.slice(),
        truth: quiz.truth && quiz.truth.slice() };
    };
  }

  page.seeded = seeded;
  page.quizStart = quizStart;
  page.quizScore = quizScore;
  page.tallyWords = tallyWords;
  page.answerWords = answerWords;
  page.nextSeed = nextSeed;
  (page.lessons = page.lessons || []).push(installQuiz);
})(gdvizPage);
