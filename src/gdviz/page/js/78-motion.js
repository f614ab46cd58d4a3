/* Reduced motion: a reader whose system asks for less motion (prefers-reduced-motion: reduce) never sees
 * the page play by itself, and play jumps to the run's end instead of animating it (60-controls.js asks
 * view.reducedMotion() before it plays). The builds and the quiz's reveal are jumps already. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  function installMotion(view) {
    const query = typeof window.matchMedia === "function" ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
    view.reducedMotion = function () { return !!(query && query.matches); };
    if (query && query.addEventListener) {
      query.addEventListener("change", function () { if (query.matches) view.stop(); }); // a film already running stops
    }
  }

  (page.lessons = page.lessons || []).push(installMotion);
})(gdvizPage);
