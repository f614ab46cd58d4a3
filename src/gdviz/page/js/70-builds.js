/* Step-by-step builds, for lecturing: one epoch in four builds, then on to the next epoch.
 *
 *   1  the residuals of the line at epoch k
 *   2  the gradient of the SSE at the current point (the dark arrow: downhill)
 *   3  the step the optimizer takes (gd: -eta x gradient) as an arrow to the next point
 *   4  the next epoch drawn (the epoch shown is then k + 1)
 *
 * The state's `build` is 0 when off (normal playback) and 1 to 4; the step control and key S
 * move on one build, and from build 4 to build 1 of the same (new) epoch. Each build is said in
 * the page's aria-live region. nextBuild and buildWords need no DOM (node tests them);
 * installBuilds is the DOM part, run by start(). */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  const BUILDS = 4;

  page.addKey("build", {
    initial: 0,
    check: function (raw) {
      const v = typeof raw === "number" ? raw : (String(raw).trim() === "" ? NaN : Number(raw));
      return Number.isInteger(v) && v >= 0 && v <= BUILDS ? v : new page.Refused("must be 0 (off) or a build from 1 to 4");
    },
    text: String,
  });

  /** The build after `build` at `epoch` of a run whose last epoch is `last`: {build, epoch}, with `stuck`
   * true where there is no next point (the run's last epoch). From 0 (off) it starts at build 1 of the epoch
   * shown, or of epoch 0 when the epoch shown is the last. */
  function nextBuild(build, epoch, last) {
    if (build === 0) return { build: 1, epoch: epoch >= last ? 0 : epoch, stuck: false };
    if (build === BUILDS) return { build: 1, epoch: epoch, stuck: false };
    if (build >= 2 && epoch >= last) return { build: build, epoch: epoch, stuck: true };
    if (build === 3) return { build: 4, epoch: epoch + 1, stuck: false };
    return { build: build + 1, epoch: epoch, stuck: false };
  }

  /** What a build shows, in words (the caption, and what a screen reader hears). `optimizer` is its name. */
  function buildWords(build, epoch, optimizer, stuck) {
    if (stuck) return "Epoch " + epoch + " is the run's last: there is no next step. Escape ends the steps.";
    const head = "Epoch " + (build === BUILDS ? epoch - 1 : epoch) + ", build " + build + " of " + BUILDS + ": ";
    switch (build) {
      case 1: return head + "the residuals, each point's vertical distance from the line.";
      case 2: return head + "the gradient of the SSE at the current point; the dark arrow points downhill, along minus the gradient.";
      case 3: return head + (optimizer === "gd" ? "the step, minus \u03b7 times the gradient, as an arrow to the next point." :
        "the step " + optimizer + " takes (from its running averages, not only this gradient), as an arrow to the next point.");
      case 4: return head + "the next epoch drawn: epoch " + epoch + ".";
      default: return "";
    }
  }

  /** The arrows drawn at a build (the surface's list: the negative gradient in `gradient`'s colour, then
   * the step): none at 1 and 4, the gradient at 2, both at 3; all of them when off. */
  function arrowsAtBuild(build, arrows, gradient) {
    if (build === 0 || build === 3) return arrows;
    if (build === 2) return arrows.filter(function (a) { return a[7] === gradient; });
    return [];
  }

  /** The epoch's arithmetic: the maths text (25-maths.js, the one definition, drawing.mathstext's mirror). */
  function mathsText(view, epoch) {
    return page.mathsLines(page.epochNumbers(view.run, epoch, view.scaling)).join("\n");
  }

  function installBuilds(view) {
    const el = view.el, state = view.state;
    let stuck = false;
    view.arrowsShown = function (arrows) { return arrowsAtBuild(state.build, arrows, view.theme.gradient); };

    function step() {
      if (!view.run || !view.run.len) return;
      const next = nextBuild(state.build, state.epoch, page.lastEpoch(view));
      stuck = next.stuck;
      view.stop();
      view.apply({ build: next.build, epoch: next.epoch });
      view.writeFragment(true);
    }

    function off() {
      if (state.build === 0) return false;
      view.apply({ build: 0 });
      view.writeFragment(true);
      return true;
    }

    let said = "", shown = "";
    /** The step control, the arithmetic beside the panels and what is said, as the state now is (the DOM is
     * touched only when they change: playback draws every frame). */
    function show() {
      const on = state.build > 0, box = el("maths");
      const key = on + " " + state.build + " " + state.epoch + " " + stuck + " " + (view.run && view.run.id);
      if (key === shown) return;
      shown = key;
      el("step").setAttribute("aria-pressed", on ? "true" : "false");
      const words = on ? buildWords(state.build, state.epoch, state.opt, stuck) : "";
      if (on !== !box.hidden) {
        box.hidden = !on;
        document.querySelector("main.panels").classList.toggle("building", on);
      }
      el("build-caption").textContent = words;
      const text = on && view.run && view.run.len ? mathsText(view, state.build === BUILDS ? state.epoch - 1 : state.epoch) : null;
      el("maths-text").textContent = text || "";
      el("maths-text").hidden = !text;
      if (words && words !== said) page.say(view, words);
      said = words;
    }

    view.reactions.push(function (part) {
      if (part.play && state.build) { state.build = 0; stuck = false; }
      if (part.build === undefined && part.epoch === undefined) stuck = false;
    });
    const draw = view.draw, layout = view.layout;
    view.draw = function () { show(); draw(); };
    view.layout = function () { show(); layout(); };
    el("step").addEventListener("click", step);
    view.keys.s = function () { step(); };
    view.keys.Escape = function () { return off(); };
  }

  /** Say `words` in the page's aria-live region (builds, quiz results). */
  page.say = function (view, words) {
    const box = view.el("say");
    box.textContent = "";
    box.textContent = words;
  };

  page.nextBuild = nextBuild;
  page.buildWords = buildWords;
  page.arrowsAtBuild = arrowsAtBuild;
  (page.lessons = page.lessons || []).push(installBuilds);
})(gdvizPage);
