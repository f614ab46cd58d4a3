/* Linked hover (DOM): pointing at the loss curve at epoch k draws that epoch's line (data panel) and point
 * (surface) as ghosts, without moving the playhead; pointing at the surface at (w0, w1) draws that line as a
 * ghost in the data panel, with its SSE. On touch a long press does the same (a quick press or a drag on the
 * surface still moves the start). What a ghost shows is on the data panel's canvas as gdvizDrawn.ghost. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  /** A touch held this long (ms) without moving more than SLOP px is a long press. */
  const LONG_MS = 450, SLOP = 8;

  /** E(w0, w1) of sums `m` (Moments.sse_and_gradient's SSE). */
  function sseAt(m, w0, w1) {
    const r = m.mean_y - w1 * m.mean_x - w0;
    const e = 0.5 * (m.cyy - 2.0 * w1 * m.cxy + w1 * w1 * m.cxx + m.n * r * r);
    return e > 0.0 ? e : 0.0;
  }

  page.sseAt = sseAt;

  page.installHover = function (view) {
    const theme = view.theme, el = view.el, runColor = theme.run_colors[0], PT = page.PT;
    view.ghost = null;

    /** The ghost for the pointer at `ev` over the loss curve (an epoch) or the surface (a line), or null. */
    function ghostAt(ev, id) {
      const cv = el(id), p = view.panels[id === "loss" ? "loss" : "surface"], run = view.run;
      if (!p.ax || !run) return null;
      const at = view.local(ev, cv, p), r = p.ax.rect;
      if (at[0] < r.x || at[0] > r.x + r.w || at[1] < r.y || at[1] > r.y + r.h) return null;
      if (id === "loss") {
        if (!run.len) return null;
        const k = Math.min(run.len - 1, Math.max(0, Math.round(p.ax.invX(at[0]))));
        return { kind: "epoch", epoch: k, w0: run.w0[k], w1: run.w1[k], sse: run.loss[k] };
      }
      const u = p.ax.invX(at[0]), v = p.ax.invY(at[1]);
      return { kind: "line", epoch: null, w0: u, w1: v, sse: sseAt(view.trained, u, v) };
    }

    function show(ghost) {
      const same = ghost && view.ghost && ghost.kind === view.ghost.kind && ghost.w0 === view.ghost.w0 &&
        ghost.w1 === view.ghost.w1;
      if (same || (!ghost && !view.ghost)) return;
      view.ghost = ghost;
      view.draw();
    }

    function ctxOf(p) {
      const ctx = p.canvas.getContext("2d");
      ctx.setTransform(p.dpr, 0, 0, p.dpr, 0, 0);
      return ctx;
    }

    /** The ghost's line in the data panel (dashed, in the run's colour) with its SSE at its right end. */
    function drawLine(g) {
      const p = view.panels.fit, ax = p.ax, r = ax.rect, ends = view.data.fit.ends, ctx = ctxOf(p);
      const d = page.toData(view.scaling, g.w0, g.w1), y0 = d[0] + d[1] * ends[0], y1 = d[0] + d[1] * ends[1];
      const px = [ax.X(ends[0]), ax.Y(y0), ax.X(ends[1]), ax.Y(y1)];
      ctx.save();
      page.clipTo(ctx, r);
      // dash-dot in the text's colour: neither the run (solid), the start (dotted) nor least squares (dashed)
      ctx.strokeStyle = page.rgba(theme.text, 0.7); ctx.lineWidth = 1.4 * PT;
      ctx.setLineDash([7 * PT, 2.5 * PT, 1.5 * PT, 2.5 * PT]);
      ctx.beginPath(); ctx.moveTo(px[0], px[1]); ctx.lineTo(px[2], px[3]); ctx.stroke();
      ctx.setLineDash([]);
      const text = (g.kind === "epoch" ? "epoch " + g.epoch + ": " : "") + "SSE " + page.readable(g.sse);
      // by the line's last visible point, inside the panel
      const seen = page.clipSegment(px[0], px[1], px[2], px[3], r.x, r.y, r.x + r.w, r.y + r.h);
      const ex = seen ? seen[2] : r.x + r.w, ey = seen ? seen[3] : r.y + r.h / 2;
      ctx.font = page.font(theme, theme.tick_size); ctx.textAlign = "right";
      ctx.textBaseline = ey < r.y + 20 ? "top" : "bottom";
      page.haloText(ctx, text, Math.max(r.x + 60, ex - 6), ey < r.y + 20 ? ey + 6 : ey - 6, theme.text,
        theme.background, 3);
      ctx.restore();
      return { line: px, text: text };
    }

    /** The ghost's point on the surface (a hollow ring) and, for an epoch, on the loss curve with a hairline. */
    function drawPoints(g) {
      const s = view.panels.surface, ctx = ctxOf(s), ax = s.ax, r = ax.rect;
      const sx = ax.X(g.w0), sy = ax.Y(g.w1), inside = sx >= r.x && sx <= r.x + r.w && sy >= r.y && sy <= r.y + r.h;
      if (inside) page.dot(ctx, sx, sy, 5 * PT, page.rgba(theme.background, 0.5), theme.text, 1.5 * PT);
      if (g.kind !== "epoch" || !view.panels.loss.ax) return inside ? [sx, sy] : null;
      const l = view.panels.loss, lc = ctxOf(l), lx = l.ax.X(g.epoch), ly = l.ax.Y(g.sse), lr = l.ax.rect;
      lc.save();
      lc.strokeStyle = page.rgba(theme.text, 0.35); lc.lineWidth = 1;
      lc.beginPath(); lc.moveTo(lx, lr.y); lc.lineTo(lx, lr.y + lr.h); lc.stroke();
      page.dot(lc, lx, ly, 3.5 * PT, theme.background, runColor, 1.5 * PT);
      lc.restore();
      return inside ? [sx, sy] : null;
    }

    // Every draw of the state draws the ghost over it (what the page's other modules call is view.draw).
    const drawState = view.draw;
    view.draw = function () {
      drawState();
      const drawn = view.panels.fit.drawn, g = view.ghost;
      if (!drawn) return;
      if (!g || !view.run) { drawn.ghost = null; return; }
      const line = drawLine(g), at = drawPoints(g);
      drawn.ghost = { kind: g.kind, epoch: g.epoch, w0: g.w0, w1: g.w1, sse: g.sse, line: line.line, text: line.text,
        surface: at };
    };

    /** Hover with a mouse or pen; a long press on touch (the surface's quick press and drag still move the start). */
    function watch(id) {
      const cv = el(id), touch = { timer: null, x: 0, y: 0, mode: null };
      cv.addEventListener("pointermove", function (ev) {
        if (ev.pointerType === "touch") return;
        show(ev.buttons || view.dragging ? null : ghostAt(ev, id));
      });
      cv.addEventListener("pointerleave", function (ev) { if (ev.pointerType !== "touch") show(null); });
      cv.addEventListener("pointerdown", function (ev) {
        if (ev.pointerType !== "touch") { show(null); return; }
        ev.stopImmediatePropagation(); ev.preventDefault();
        cv.setPointerCapture(ev.pointerId);
        touch.x = ev.clientX; touch.y = ev.clientY; touch.mode = "pending";
        touch.timer = setTimeout(function () { touch.timer = null; touch.mode = "ghost"; show(ghostAt(ev, id)); }, LONG_MS);
      }, true);
      cv.addEventListener("pointermove", function (ev) {
        if (ev.pointerType !== "touch" || !touch.mode) return;
        ev.stopImmediatePropagation();
        if (touch.mode === "ghost") { show(ghostAt(ev, id)); return; }
        if (touch.mode === "pending" && Math.hypot(ev.clientX - touch.x, ev.clientY - touch.y) > SLOP) {
          clearTimeout(touch.timer); touch.timer = null;
          touch.mode = id === "surface" ? "drag" : null; // a drag on the surface moves the start, as a mouse's does
          if (touch.mode) view.dragging = true;
        }
        if (touch.mode === "drag") view.startFromPointer(ev);
      }, true);
      const end = function (ev) {
        if (ev.pointerType !== "touch" || !touch.mode) return;
        ev.stopImmediatePropagation();
        if (touch.timer !== null) { clearTimeout(touch.timer); touch.timer = null; }
        const mode = touch.mode;
        touch.mode = null; view.dragging = false;
        if (mode === "ghost") { show(null); return; }
        if (id === "surface" && ev.type === "pointerup") view.startFromPointer(ev); // a tap starts there
        if (id === "surface") { view.draw(); view.writeFragment(true); }
      };
      cv.addEventListener("pointerup", end, true);
      cv.addEventListener("pointercancel", end, true);
    }

    watch("loss");
    watch("surface");
  };
})(gdvizPage);
