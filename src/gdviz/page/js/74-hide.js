/* Controls hidden and locked for an exercise: `hide=eta,opt,epochs,play,start,data` hides those controls
 * and locks what they hold against the reader (the pointer and the keys alike): `start` locks dragging
 * the start (on the surface and in the data panel), `data` locks moving points, `play` the play button,
 * the epoch slider and the keys that play or jump. set() from a script still changes anything.
 * state().hide lists them, in this order. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  const CONTROLS = ["eta", "opt", "epochs", "play", "start", "data"];
  /** What each name hides: its group in the controls' row ([data-control]); `data`, the "move points" toggle
   * (pageb's #move-points, where the page has it). */
  const HIDES = "[data-control], #move-points";

  /** A hide= value (a list, or text with commas) as the list of controls, in CONTROLS' order, or Refused. */
  function checkHide(raw) {
    const names = Array.isArray(raw) ? raw.map(String) : String(raw).split(",");
    const out = [];
    for (let name of names) {
      name = name.trim().toLowerCase();
      if (!name) continue;
      if (CONTROLS.indexOf(name) < 0) return new page.Refused("lists controls from " + CONTROLS.join(", "));
      if (out.indexOf(name) < 0) out.push(name);
    }
    return out.sort(function (a, b) { return CONTROLS.indexOf(a) - CONTROLS.indexOf(b); });
  }

  page.addKey("hide", { initial: [], check: checkHide, text: function (v) { return v.join(","); } });

  function installHide(view) {
    const state = view.state, el = view.el;
    view.locked = function (name) { return state.hide.indexOf(name) >= 0; };
    let shown = null;
    function show() {
      const key = state.hide.join(",");
      if (key === shown) return;
      shown = key;
      document.querySelectorAll(HIDES).forEach(function (group) {
        const hide = view.locked(group.getAttribute("data-control") || "data");
        if (group.hidden !== hide) group.hidden = hide;
      });
      document.body.classList.toggle("start-locked", view.locked("start"));
      if (view.locked("data") && view.moving && el("move-points")) el("move-points").click(); // moving points: off
    }
    // P turns moving points on (pageb's key, on the document): not while `data` is locked.
    view.keys.p = function (ev) {
      if (!view.locked("data")) return false;
      ev.stopPropagation();
    };
    const draw = view.draw, layout = view.layout;
    view.draw = function () { show(); draw(); };
    view.layout = function () { show(); layout(); };
  }

  page.HIDEABLE = CONTROLS;
  page.checkHide = checkHide;
  (page.lessons = page.lessons || []).push(installHide);
})(gdvizPage);
