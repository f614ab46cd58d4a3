/* Moving a data point (DOM): the "move points" toggle and the key P; with it on, dragging a shown point
 * in the data panel moves it, and the sums, the bowl, least squares, the stability shading and the run
 * follow while it moves (the state's `points`, 25-points.js). */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  /** A press this close to a shown point (px) takes it. */
  const REACH = 10;

  page.installPoints = function (view) {
    const data = view.data, theme = view.theme, el = view.el, sample = data.sample;
    view.moving = false;

    /** The shown point nearest the press, within REACH (its index among the shown points), or -1. */
    function nearest(at) {
      const ax = view.panels.fit.ax;
      let best = -1, bestD = REACH;
      for (let i = 0; i < sample.x.length; i++) {
        const d = Math.hypot(ax.X(sample.x[i]) - at[0], ax.Y(sample.y[i]) - at[1]);
        if (d <= bestD) { bestD = d; best = i; }
      }
      return best;
    }

    function rowOf(i) { return sample.rows ? sample.rows[i] : i; }

    /** The state's moved points with shown point i at (x, y). */
    function withPoint(i, x, y) {
      const row = rowOf(i), out = view.state.points.filter(function (p) { return p[0] !== row; });
      out.push([row, x, y]);
      return out;
    }

    function toggle(on) {
      view.moving = on === undefined ? !view.moving : on;
      const button = el("move-points");
      button.setAttribute("aria-pressed", view.moving ? "true" : "false");
      el("fit").classList.toggle("moving", view.moving);
    }

    function pointer() {
      const cv = el("fit"), fit = data.fit;
      let held = null;
      // Capturing, on the canvas itself: before the line's own drag (60-controls.js), which it then skips.
      cv.addEventListener("pointerdown", function (ev) {
        if (!view.moving || ev.button !== 0) return;
        const i = nearest(view.local(ev, cv, view.panels.fit));
        if (i < 0) return;
        ev.stopImmediatePropagation(); ev.preventDefault();
        held = i; cv.setPointerCapture(ev.pointerId); cv.classList.add("dragging"); view.dragging = true;
        cv.focus({ preventScroll: true });
      }, true);
      cv.addEventListener("pointermove", function (ev) {
        const at = view.local(ev, cv, view.panels.fit);
        if (held === null) { // over a point that can be taken, a hand (the line's handles keep theirs)
          if (view.moving && nearest(at) >= 0) { ev.stopImmediatePropagation(); cv.classList.add("grab"); }
          return;
        }
        ev.stopImmediatePropagation();
        const ax = view.panels.fit.ax;
        const x = Math.min(fit.x[1], Math.max(fit.x[0], ax.invX(at[0])));
        const y = Math.min(fit.y[1], Math.max(fit.y[0], ax.invY(at[1])));
        view.userChange({ points: withPoint(held, page.roundToSpan(x, fit.x[1] - fit.x[0]),
          page.roundToSpan(y, fit.y[1] - fit.y[0])) });
      }, true);
      const end = function (ev) {
        if (held === null) return;
        ev.stopImmediatePropagation();
        held = null; cv.classList.remove("dragging"); view.dragging = false;
        view.draw();
        view.writeFragment(true);
      };
      cv.addEventListener("pointerup", end, true);
      cv.addEventListener("pointercancel", end, true);
    }

    /** A ring around each moved point, and a faint mark where it was (drawn on the data panel's layer). */
    view.drawMoved = function (ctx, ax, radius) {
      movedNote(); // the data panel is laid out again whenever the data moves
      if (!view.moved || !view.moved.size) return;
      const base = view.base.sample;
      ctx.save();
      for (const i of view.moved) {
        ctx.strokeStyle = page.rgba(theme.data_color, 0.45); ctx.lineWidth = 1; ctx.setLineDash([2, 2]);
        ctx.beginPath(); ctx.arc(ax.X(base.x[i]), ax.Y(base.y[i]), radius + 1.5, 0, 2 * Math.PI); ctx.stroke();
        ctx.setLineDash([]); ctx.strokeStyle = theme.text; ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.arc(ax.X(sample.x[i]), ax.Y(sample.y[i]), radius + 3, 0, 2 * Math.PI); ctx.stroke();
      }
      ctx.restore();
    };

    /** What the note under the panels says of the moved points (nothing when none moved). */
    function movedNote() {
      const points = view.state.points, note = el("moved-note"), sc = view.scaling;
      let text = "";
      if (points.length) {
        const base = view.base.scaling, again = sc.active !== base.active || sc.shift !== base.shift || sc.scale !== base.scale;
        text = (points.length === 1 ? "1 point moved" : points.length + " points moved") + " (row" +
          (points.length === 1 ? " " : "s ") + points.map(function (p) { return p[0]; }).join(", ") + "): the sums, " +
          "least squares, the bowl, the stability bound and the run are the moved data's" +
          (again ? "; x is scaled again, as gdviz.train would: " + (sc.active ? "x\u2032 = (x \u2212 " +
            page.gfmt(sc.shift, 6) + ") / " + page.gfmt(sc.scale, 4) : "x as given") : "") + ". Reset puts them back.";
      }
      if (note.textContent !== text) note.textContent = text;
      note.hidden = !text;
    }

    el("move-points").addEventListener("click", function () { toggle(); });
    pointer();
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || view.ownsKeys(ev.target)) return;
      if (ev.key === "p" || ev.key === "P") { ev.preventDefault(); toggle(); }
    }, true);
  };
})(gdvizPage);
