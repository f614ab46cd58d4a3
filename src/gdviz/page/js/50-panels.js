/* The panels (the data with its line, the SSE surface, the loss curve), the eta slider and
 * the text around them, drawn from a view. DOM: installPanels(view) adds view.layout(),
 * view.draw() and the rest to a view whose view.el(id) finds the page's elements. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  const PT = page.PT;
  /** The canvases laid out to their boxes (each panel's layer follows its panel). */
  const CANVASES = ["fit", "surface", "loss", "eta-slider"];

  page.installPanels = function (view) {
    const data = view.data, theme = view.theme, state = view.state, scaling = view.scaling;
    const optimum = view.optimum, win = view.window;
    const fitLimits = data.fit, sample = data.sample;
    const runColor = theme.run_colors[0];
    const panels = { fit: {}, surface: {}, loss: {} }, slider = { key: "" };
    const el = view.el;
    const font = function (size, mono) { return page.font(theme, size, mono); };
    /** The weights' names: primed when x is scaled (a moved point can change that). */
    const primes = function () { return scaling.active ? ["w\u2080\u2032", "w\u2081\u2032"] : ["w\u2080", "w\u2081"]; };

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
      ctx.fillStyle = theme.background; ctx.fillRect(0, 0, p.w, p.h);
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

    /** A fresh record of what a panel draws (its plot, its frame's texts), on its canvas as `gdvizDrawn`:
     * what the browser tests read to check that nothing is cut or covered. Returns its texts' list. */
    function record(p) {
      const r = p.ax.rect, drawn = p.drawn || (p.drawn = { layouts: 0 });
      drawn.plot = [r.x, r.y, r.w, r.h]; drawn.texts = []; drawn.layouts++;
      p.canvas.gdvizDrawn = drawn;
      return drawn.texts;
    }

    function clampPx(v, r) { return Math.max(r.y - 4 * r.h, Math.min(r.y + 5 * r.h, v)); }

    function range(n) { const out = new Array(n); for (let i = 0; i < n; i++) out[i] = i; return out; }

    /** The rows of the run to draw up to (and including) `upto`. */
    function rowsUpTo(upto) {
      const run = view.run, out = [];
      if (!run.rows) { for (let k = 0; k <= upto; k++) out.push(k); return out; }
      for (let i = 0; i < run.rows.length && run.rows[i] <= upto; i++) out.push(run.rows[i]);
      if (out[out.length - 1] !== upto) out.push(upto);
      return out;
    }

    // -- the data panel ----------------------------------------------------------------
    function layoutFit() {
      const p = Object.assign(panels.fit, setup(el("fit")));
      const bg = layer(p), ctx = bg.ctx;
      const frame = page.frameLayout(ctx, theme, p, fitLimits.x, fitLimits.y, false, data.labels.fit,
        { xTicks: data.x_dates ? page.dateTicks(fitLimits.x[0], fitLimits.x[1]) : null });
      const ax = p.ax = frame.ax, texts = record(p);
      page.drawFrame(ctx, theme, frame, p, { grid: true }, texts);
      ctx.save();
      page.clipTo(ctx, ax.rect);
      const n = sample.of;
      const area = theme.data_size * Math.min(2.5, Math.max(0.25, Math.pow(200 / n, 0.3)));
      const radius = Math.sqrt(area) * PT / 2;
      ctx.fillStyle = page.rgba(theme.data_color, n <= 2000 ? theme.data_alpha : 0.3);
      for (let i = 0; i < sample.x.length; i++) {
        ctx.beginPath(); ctx.arc(ax.X(sample.x[i]), ax.Y(sample.y[i]), radius, 0, 2 * Math.PI); ctx.fill();
      }
      if (view.drawMoved) view.drawMoved(ctx, ax, radius); // the moved points' rings (82-points.js)
      const b0 = data.optimum_data[0], b1 = data.optimum_data[1], ends = fitLimits.ends;
      ctx.strokeStyle = page.rgba(theme.reference, 0.8); ctx.lineWidth = theme.line_width * 0.7 * PT;
      ctx.setLineDash([5 * PT, 4 * PT]);
      ctx.beginPath();
      ctx.moveTo(ax.X(ends[0]), ax.Y(b0 + b1 * ends[0])); ctx.lineTo(ax.X(ends[1]), ax.Y(b0 + b1 * ends[1]));
      ctx.stroke();
      ctx.restore();
      if (sample.x.length < n) { // beside the title where there is room (the data note says it too)
        const text = "showing " + page.thousands(sample.x.length) + " of " + page.thousands(n) + " points";
        ctx.font = font(theme.tick_size);
        const tw = ctx.measureText(text).width, right = ax.rect.x + ax.rect.w, y = ax.rect.y - 10;
        const titles = texts.filter(function (t) { return t[0] === "title"; }), last = titles[titles.length - 1];
        if (last[2] + last[4] + 16 <= right - tw) {
          ctx.fillStyle = theme.muted_text; ctx.textAlign = "right"; ctx.textBaseline = "alphabetic";
          ctx.fillText(text, right, y);
          texts.push(["note", text, right - tw, y - theme.tick_size * PT, tw, theme.tick_size * PT]);
        }
      }
      p.bg = bg;
      p.legend = placeLegend(p);
    }

    function padLeft(t, k) { t = String(t); while (t.length < k) t = " " + t; return t; }

    function padRight(t, k) { t = String(t); while (t.length < k) t = t + " "; return t; }

    /** The least-squares weights with their own decimals (legend.Legend's reference row); moved points move them. */
    function formatBest(v) { return page.fixedWidth(Math.max(Math.abs(optimum.w0), Math.abs(optimum.w1)))(v); }

    /** The legend's rows: [kind, text], kind "run", "start", "ref" (least squares) or "". Each row's
     * weights have their own decimals (a diverging run's thousands cost the others no digits, as in
     * the animation's legend), in one column width. */
    function legendLines() {
      const run = view.run, fmt = run ? run.formatW : page.fixedWidth(1);
      const fmtStart = run ? page.fixedWidth(Math.max(Math.abs(run.start[0]), Math.abs(run.start[1]))) : fmt;
      const width = Math.max(fmt(0).length, fmtStart(0).length, formatBest(0).length, 7);
      const ls = "least squares", label = Math.max(state.opt.length, ls.length, 5);
      const row = function (name, sse, w0, w1) {
        return padRight(name, label) + "  " + padLeft(sse, 9) + "  " + padLeft(w0, width) + "  " + padLeft(w1, width);
      };
      const lines = [["", row("", "SSE", primes()[0], primes()[1])]];
      const ran = run && run.len;
      if (ran) {
        const k = state.epoch;
        lines.push(["run", row(state.opt, page.readable(run.loss[k]), fmt(run.w0[k]), fmt(run.w1[k]))]);
      }
      lines.push(["start", row("start", ran ? page.readable(run.loss[0]) : "", run ? fmtStart(run.start[0]) : "",
        run ? fmtStart(run.start[1]) : "")]);
      lines.push(["ref", row(ls, page.readable(optimum.sse), formatBest(optimum.w0), formatBest(optimum.w1))]);
      if (scaling.active && ran) {
        const d = page.toData(scaling, run.w0[state.epoch], run.w1[state.epoch]);
        lines.push(["", equation(d[0], d[1])]);
      }
      return lines;
    }

    function equation(intercept, slope) {
      return data.y_name + " = " + page.readable(slope) + "\u00b7" + data.x_name + " " + (intercept < 0 ? page.MINUS : "+") +
        " " + page.readable(Math.abs(intercept));
    }

    /** The emptiest corner of the data panel for the legend (as the animation's legend chooses). */
    function placeLegend(p) {
      const ctx = p.canvas.getContext("2d");
      const r = p.ax.rect;
      const lines = legendLines();
      let size = theme.annotation_size, tw = 0;
      for (let tries = 0; tries < 2; tries++) { // a narrow panel gets a smaller table, never one wider than it
        ctx.font = font(size, true);
        tw = 0;
        for (const l of lines) tw = Math.max(tw, ctx.measureText("      " + l[1]).width);
        const room = 0.94 * r.w - 0.9 * size * PT;
        if (tw <= room) break;
        size = Math.max(0.55 * theme.annotation_size, size * room / tw);
      }
      const lh = size * PT * 1.3, padPx = 0.45 * size * PT;
      const w = tw + 2 * padPx, h = lh * lines.length + 2 * padPx;
      const corners = [[r.x + 0.03 * r.w, r.y + 0.04 * r.h], [r.x + 0.97 * r.w - w, r.y + 0.04 * r.h],
        [r.x + 0.97 * r.w - w, r.y + 0.96 * r.h - h], [r.x + 0.03 * r.w, r.y + 0.96 * r.h - h]];
      const pts = [], ends = fitLimits.ends;
      for (let i = 0; i < sample.x.length; i++) pts.push([p.ax.X(sample.x[i]), p.ax.Y(sample.y[i]), 1]);
      for (let i = 0; i <= 24; i++) {
        const x = ends[0] + (ends[1] - ends[0]) * i / 24;
        pts.push([p.ax.X(x), p.ax.Y(state.w0 + state.w1 * x), 1]);
        pts.push([p.ax.X(x), p.ax.Y(data.optimum_data[0] + data.optimum_data[1] * x), 1]);
      }
      // The starting line's handles (and the word "start") must stay in reach: a corner over one costs most.
      handles().forEach(function (x, i) {
        const px = p.ax.X(x), py = p.ax.Y(state.w0 + state.w1 * x);
        for (const d of [[-9, -9], [9, -9], [-9, 9], [9, 9], [0, 0]]) pts.push([px + d[0], py + d[1], 1000]);
        if (i === 0) for (let k = 0; k <= 4; k++) pts.push([px + 8 + 9 * k, py - 10, 1000]);
      });
      let best = 0, fewest = Infinity;
      corners.forEach(function (c, i) {
        let count = 0;
        for (const q of pts) if (q[0] >= c[0] && q[0] <= c[0] + w && q[1] >= c[1] && q[1] <= c[1] + h) count += q[2];
        if (count < fewest) { fewest = count; best = i; }
      });
      return { x: corners[best][0], y: corners[best][1], w: w, h: h, lh: lh, pad: padPx, size: size };
    }

    /** Whether a handle of the starting line (as it is now) is under the legend's place. */
    function legendOverHandle(p) {
      const l = p.legend, m = 8;
      return handles().some(function (x) {
        const px = p.ax.X(x), py = p.ax.Y(state.w0 + state.w1 * x);
        return px > l.x - m && px < l.x + l.w + m && py > l.y - m && py < l.y + l.h + m;
      });
    }

    /** Where the starting line's two handles are, in x: 12% in from the ends of the data. */
    function handles() {
      const e0 = fitLimits.ends[0], e1 = fitLimits.ends[1], d = (e1 - e0) * 0.12;
      return [e0 + d, e1 - d];
    }

    function drawFit() {
      const p = panels.fit, ax = p.ax, r = ax.rect, run = view.run, ends = fitLimits.ends;
      const ctx = begin(p);
      const lw = theme.line_width * PT;
      ctx.save();
      page.clipTo(ctx, r);
      let off = 0;
      if (run && run.len) {
        const d = page.toData(scaling, run.w0[state.epoch], run.w1[state.epoch]);
        const b = d[0], m = d[1];
        // residuals of a sample of the shown points
        ctx.strokeStyle = page.rgba(runColor, theme.residual_alpha);
        ctx.lineWidth = Math.max(0.8, 0.45 * theme.line_width) * PT;
        ctx.beginPath();
        for (const i of sample.residuals) {
          const x = sample.x[i], px = ax.X(x);
          ctx.moveTo(px, ax.Y(sample.y[i])); ctx.lineTo(px, clampPx(ax.Y(b + m * x), r));
        }
        ctx.stroke();
        drawStartLine(ctx, ax); // faint (its handles go over the legend, below)
        const y0 = b + m * ends[0], y1 = b + m * ends[1];
        ctx.strokeStyle = runColor; ctx.lineWidth = lw * 1.4; ctx.lineCap = "round";
        ctx.beginPath(); ctx.moveTo(ax.X(ends[0]), clampPx(ax.Y(y0), r)); ctx.lineTo(ax.X(ends[1]), clampPx(ax.Y(y1), r));
        ctx.stroke();
        off = (y0 > fitLimits.y[1] && y1 > fitLimits.y[1]) ? 1 : (y0 < fitLimits.y[0] && y1 < fitLimits.y[0]) ? -1 : 0;
      } else {
        drawStartLine(ctx, ax);
      }
      ctx.restore();
      if (off) {
        const x = r.x + r.w / 2, y = off > 0 ? r.y + 2 : r.y + r.h - 2, s = 3.2 * theme.line_width * PT;
        ctx.beginPath();
        ctx.moveTo(x, y); ctx.lineTo(x - s, y + off * 1.6 * s); ctx.lineTo(x + s, y + off * 1.6 * s); ctx.closePath();
        ctx.fillStyle = runColor; ctx.fill(); ctx.strokeStyle = theme.outline; ctx.lineWidth = 1; ctx.stroke();
      }
      if (!view.dragging && legendOverHandle(p)) p.legend = placeLegend(p); // the start moved under it: move away
      drawLegend(ctx, p.legend, off);
      drawHandles(ctx, ax);
    }

    function drawStartLine(ctx, ax) {
      const r = ax.rect, b = state.w0, m = state.w1, ends = fitLimits.ends;
      ctx.save();
      ctx.strokeStyle = page.rgba(runColor, 0.55); ctx.lineWidth = 1.3 * PT; ctx.setLineDash([2 * PT, 2.5 * PT]);
      ctx.beginPath();
      ctx.moveTo(ax.X(ends[0]), clampPx(ax.Y(b + m * ends[0]), r));
      ctx.lineTo(ax.X(ends[1]), clampPx(ax.Y(b + m * ends[1]), r));
      ctx.stroke();
      ctx.restore();
    }

    /** The starting line's two handles (drawn over the legend: they must stay in reach). */
    function drawHandles(ctx, ax) {
      const r = ax.rect, b = state.w0, m = state.w1, drawn = panels.fit.drawn;
      drawn.handles = [];
      ctx.save();
      handles().forEach(function (x, i) {
        const px = ax.X(x), py = ax.Y(b + m * x);
        if (py < r.y - 6 || py > r.y + r.h + 6) return;
        drawn.handles.push([px, py]);
        page.dot(ctx, px, py, 5.5, theme.background, runColor, 2);
        if (i === 0) {
          ctx.font = font(theme.tick_size); ctx.fillStyle = runColor; ctx.textAlign = "left"; ctx.textBaseline = "bottom";
          page.haloText(ctx, "start", px + 8, py - 4, runColor, theme.background, 3);
        }
      });
      ctx.restore();
    }

    function drawLegend(ctx, place, off) {
      const lines = legendLines(), r = panels.fit.ax.rect;
      if (off) lines[1][1] += off > 0 ? "  off chart \u2191" : "  off chart \u2193";
      ctx.save();
      const widest = function (size, pad) {
        ctx.font = font(size, true);
        let w = place.w * size / place.size;
        for (const l of lines) w = Math.max(w, ctx.measureText("    " + l[1]).width + 2 * pad);
        return w;
      };
      // wider for a status: still inside the panel, in smaller type if the panel is narrow (a phone's)
      let scale = 1, w = widest(place.size, place.pad);
      if (w > r.w - 2) { scale = (r.w - 2) / w; w = widest(place.size * scale, place.pad * scale); }
      place = Object.assign({}, place, { size: place.size * scale, lh: place.lh * scale, pad: place.pad * scale });
      const h = place.lh * lines.length + 2 * place.pad, sw = ctx.measureText("    ").width;
      const x = Math.max(r.x, Math.min(place.x, r.x + r.w - w));
      const drawn = panels.fit.drawn;
      drawn.legend = [x, place.y, w, h];
      drawn.legendLines = lines.map(function (l) { return l[1]; });
      ctx.beginPath();
      if (ctx.roundRect) ctx.roundRect(x, place.y, w, h, 4); else ctx.rect(x, place.y, w, h);
      ctx.fillStyle = page.rgba(theme.background, 0.9); ctx.fill();
      ctx.strokeStyle = theme.grid; ctx.lineWidth = 1; ctx.stroke();
      ctx.textAlign = "left"; ctx.textBaseline = "middle";
      lines.forEach(function (l, i) {
        const y = place.y + place.pad + place.lh * (i + 0.5), tx = x + place.pad;
        ctx.lineCap = "butt";
        if (l[0] === "run") { ctx.strokeStyle = runColor; ctx.lineWidth = theme.line_width * 1.4 * PT; ctx.setLineDash([]); }
        if (l[0] === "start") {
          ctx.strokeStyle = page.rgba(runColor, 0.55); ctx.lineWidth = 1.3 * PT; ctx.setLineDash([2 * PT, 2.5 * PT]);
        }
        if (l[0] === "ref") {
          ctx.strokeStyle = page.rgba(theme.reference, 0.8); ctx.lineWidth = theme.line_width * 0.7 * PT;
          ctx.setLineDash([5 * PT, 4 * PT]);
        }
        if (l[0]) { ctx.beginPath(); ctx.moveTo(tx, y); ctx.lineTo(tx + sw * 0.8, y); ctx.stroke(); }
        ctx.setLineDash([]);
        ctx.fillStyle = theme.text;
        ctx.fillText(l[1], tx + sw, y);
      });
      ctx.restore();
    }

    // -- the surface -----------------------------------------------------------------
    function layoutSurface(coarse) {
      const p = Object.assign(panels.surface, setup(el("surface")));
      const bg = layer(p), ctx = bg.ctx;
      const frame = page.frameLayout(ctx, theme, p, win.w0, win.w1, false, data.labels.surface, {});
      const ax = p.ax = frame.ax, texts = record(p);
      paintContours(bg.canvas, p, ax, coarse);
      p.coarse = coarse || 1;
      page.drawFrame(ctx, theme, frame, p, { grid: false }, texts);
      // the least-squares optimum; its label is drawn over what moves (drawOptimumLabel)
      page.star(ctx, ax.X(optimum.w0), ax.Y(optimum.w1), 7.5 * PT, theme.optimum_face, theme.optimum_edge);
      p.bg = bg;
      p.label = null;
    }

    function rgbOf(hex) { const v = parseInt(hex.slice(1, 7), 16); return [(v >> 16) & 255, (v >> 8) & 255, v & 255]; }

    /** Filled log-spaced contours of the excess SSE with thin lines, pixel by pixel (once per layout). A
     * `coarse` paint (2: every other pixel, scaled up) is a draft while a data point is dragged. */
    function paintContours(canvas, p, ax, coarse) {
      const r = ax.rect, dpr = p.dpr, m = view.trained, f = coarse || 1;
      const X0 = Math.round(r.x * dpr), Y0 = Math.round(r.y * dpr);
      const FW = Math.round(r.w * dpr), FH = Math.round(r.h * dpr), W = Math.ceil(FW / f), H = Math.ceil(FH / f);
      const ctx = canvas.getContext("2d");
      const img = ctx.createImageData(W, H);
      shadeContours(img.data, W, H, m, dpr / f);
      if (f === 1) { ctx.putImageData(img, X0, Y0); return; }
      const draft = document.createElement("canvas");
      draft.width = W; draft.height = H;
      draft.getContext("2d").putImageData(img, 0, 0);
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(draft, X0, Y0, FW, FH);
      ctx.restore();
    }

    /** The contours' pixels (RGBA, W x H over the window) for sums `m`; `dpr`: device pixels per CSS px. */
    function shadeContours(pixels, W, H, m, dpr) {
      const levels = data.surface.levels, bands = data.surface.colors.map(rgbOf), line = rgbOf(theme.contour_line);
      const nb = bands.length, lnL0 = Math.log(levels[0]), step = Math.log(levels[nb] / levels[0]) / nb;
      const n = m.n, mx = m.mean_x, cxx = m.cxx;
      const du = (win.w0[1] - win.w0[0]) / W, dv = (win.w1[1] - win.w1[0]) / H;
      const reach = 0.5 * 0.5 * PT * dpr + 0.5; // the lines are 0.5 pt wide, antialiased over a pixel
      const flat = new Float64Array(3 * nb);
      bands.forEach(function (c, i) { flat[3 * i] = c[0]; flat[3 * i + 1] = c[1]; flat[3 * i + 2] = c[2]; });
      let o = 0;
      for (let j = 0; j < H; j++) {
        const v = win.w1[1] - (j + 0.5) * dv, d1 = v - optimum.w1, cd = cxx * d1 * d1;
        for (let i = 0; i < W; i++) {
          const q = (win.w0[0] + (i + 0.5) * du - optimum.w0) + mx * d1; // minus the residual of the mean point
          const e = 0.5 * (cd + n * q * q); // the SSE above least squares
          const s = (Math.log(e > 1e-300 ? e : 1e-300) - lnL0) / step;
          const b = 3 * (s < 0 ? 0 : s >= nb - 1 ? nb - 1 : Math.floor(s));
          let red = flat[b], green = flat[b + 1], blue = flat[b + 2];
          const k = Math.round(s);
          if (k >= 0 && k < nb && e > 0) {
            const gu = n * q * du, gv = (cxx * d1 + n * q * mx) * dv; // dE per device pixel
            const dist = Math.abs(s - k) * e * step / Math.sqrt(gu * gu + gv * gv);
            if (dist < reach) {
              const a = 0.45 * Math.min(1, reach - dist);
              red += a * (line[0] - red); green += a * (line[1] - green); blue += a * (line[2] - blue);
            }
          }
          pixels[o] = red; pixels[o + 1] = green; pixels[o + 2] = blue; pixels[o + 3] = 255;
          o += 4;
        }
      }
    }

    function inWindow(u, v) { return u >= win.w0[0] && u <= win.w0[1] && v >= win.w1[0] && v <= win.w1[1]; }

    /** Each segment of the run's (w0, w1) path through `rows` that is drawn on the surface, clipped to the
     * window: `each(x0, y0, x1, y1, joined)` in the trained coordinates (joined: it starts where the last one
     * ended). A segment is drawn only while one of its ends is on the map: one between two far points (a
     * diverging run's zig-zag) would only streak across it. */
    function pathSegments(rows, each) {
      const W0 = view.run.w0, W1 = view.run.w1;
      const pad0 = (win.w0[1] - win.w0[0]) * 0.02, pad1 = (win.w1[1] - win.w1[0]) * 0.02;
      const bx0 = win.w0[0] - pad0, bx1 = win.w0[1] + pad0, by0 = win.w1[0] - pad1, by1 = win.w1[1] + pad1;
      const on = function (k) { return W0[k] >= bx0 && W0[k] <= bx1 && W1[k] >= by0 && W1[k] <= by1; };
      let open = false;
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1], b = rows[i];
        if (!on(a) && !on(b)) { open = false; continue; }
        const c = page.clipSegment(W0[a], W1[a], W0[b], W1[b], bx0, by0, bx1, by1);
        if (!c) { open = false; continue; }
        each(c[0], c[1], c[2], c[3], open);
        open = c[2] === W0[b] && c[3] === W1[b];
      }
    }

    /** Trace the run's path through `rows` on the surface (pathSegments). */
    function tracePath(ctx, ax, rows) {
      ctx.beginPath();
      pathSegments(rows, function (x0, y0, x1, y1, joined) {
        if (!joined) ctx.moveTo(ax.X(x0), ax.Y(y0));
        ctx.lineTo(ax.X(x1), ax.Y(y1));
      });
    }

    function drawSurface() {
      const p = panels.surface, ax = p.ax, r = ax.rect, run = view.run;
      const ctx = begin(p);
      p.drawn.note = "";
      if (!run || !run.len) {
        const off = startCue(ctx, ax);
        offNote(ctx, p, "the starting line's SSE is not finite");
        drawOptimumLabel(ctx, p);
        describeSurface(off ? "the start is off the map" : "");
        return;
      }
      const k = state.epoch;
      const pw = theme.path_width * PT;
      ctx.save();
      page.clipTo(ctx, r);
      ctx.lineCap = "round"; ctx.lineJoin = "round";
      if (!view.concealed()) { // (a quiz's question hides where the run goes)
        tracePath(ctx, ax, run.rows || range(run.len));
        ctx.strokeStyle = page.rgba(runColor, 0.3); ctx.lineWidth = pw; ctx.stroke();
      }
      tracePath(ctx, ax, rowsUpTo(k));
      ctx.strokeStyle = theme.outline; ctx.lineWidth = pw + 2.5 * PT; ctx.stroke();
      ctx.strokeStyle = runColor; ctx.lineWidth = pw; ctx.stroke();
      ctx.restore();
      const startOff = startCue(ctx, ax);
      const at = pointAt(ax, k), inside = at.inside;
      const ended = run.divergedAt !== null && k === run.len - 1;
      if (inside && !ended) {
        // the negative gradient (dark, fixed length) and the step actually taken (the run's colour)
        for (const a of view.arrowsShown(arrowsAt(ax, k))) page.arrow(ctx, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
      }
      if (ended && inside) page.cross(ctx, at.x, at.y, 6, runColor, theme.outline);
      else if (inside) page.dot(ctx, at.x, at.y, 4.5 * PT, runColor, theme.outline, 1.6 * PT);
      else page.dot(ctx, at.x, at.y, 4.5 * PT, theme.outline, runColor, 2.2);
      let note = "";
      if (!inside) note = run.divergedAt !== null ? "diverging: off the map" : "off the map";
      else if (startOff) note = "start: off the map";
      if (note) offNote(ctx, p, note);
      drawOptimumLabel(ctx, p);
      view.decorate("surface", ctx, ax);
      describeSurface(inside ? (startOff ? "the start is off the map" : "") :
        (run.divergedAt !== null ? "the diverging run's point is off the map" : "the run's point is off the map") +
        (startOff ? ", and so is the start" : ""));
    }

    /** Where the run's point at epoch k is drawn: on the map, or held at its edge. */
    function pointAt(ax, k) {
      const run = view.run, u = run.w0[k], v = run.w1[k];
      return { inside: inWindow(u, v), x: ax.X(Math.min(win.w0[1], Math.max(win.w0[0], u))),
        y: ax.Y(Math.min(win.w1[1], Math.max(win.w1[0], v))) };
    }

    /** The arrows at epoch k (tail, vector, width, head width, head length, colour): the negative gradient,
     * dark and of a fixed length, and the step taken to the next epoch, in the run's colour. */
    function arrowsAt(ax, k) {
      const run = view.run, r = ax.rect, at = pointAt(ax, k), out = [];
      const g0 = -run.g0[k] * r.w / (win.w0[1] - win.w0[0]), g1 = run.g1[k] * r.h / (win.w1[1] - win.w1[0]);
      const norm = Math.hypot(g0, g1), len = 0.13 * Math.min(r.w, r.h), w = 0.75 * theme.path_width * PT;
      if (norm > 0) out.push([at.x, at.y, g0 / norm * len, g1 / norm * len, w, 4.2 * w, 5.0 * w, theme.gradient]);
      if (k + 1 < run.len) {
        out.push([at.x, at.y, ax.X(run.w0[k + 1]) - at.x, ax.Y(run.w1[k + 1]) - at.y, 0.8 * w, 3.4 * w, 4.0 * w, runColor]);
      }
      return out;
    }

    /** The canvas's accessible name, with what its cues say (set only when it changes). */
    function describeSurface(extra) {
      const text = "The SSE surface and the descent path" + (extra ? "; " + extra : "");
      const c = panels.surface.canvas;
      if (c.getAttribute("aria-label") !== text) c.setAttribute("aria-label", text);
    }

    /** What the optimum's label must not cover: the whole path of the run, its point and arrows at the
     * epoch shown, and the start; as placeLabel's segments, in px. */
    function labelObstacles(ax) {
      const run = view.run, out = [], pad = (theme.path_width * PT + 2.5 * PT) / 2 + 2;
      if (run && run.len) {
        pathSegments(run.rows || range(run.len), function (x0, y0, x1, y1) {
          out.push([ax.X(x0), ax.Y(y0), ax.X(x1), ax.Y(y1), pad]);
        });
        const k = state.epoch, at = pointAt(ax, k);
        out.push([at.x, at.y, at.x, at.y, 4.5 * PT + 3]);
        if (at.inside) for (const a of arrowsAt(ax, k)) out.push([a[0], a[1], a[0] + a[2], a[1] + a[3], a[5] / 2 + 2]);
      }
      const t = page.toTrained(scaling, state.w0, state.w1);
      if (inWindow(t[0], t[1])) out.push([ax.X(t[0]), ax.Y(t[1]), ax.X(t[0]), ax.Y(t[1]), 9]);
      return out;
    }

    /** "least squares" by its star, drawn over everything that moves, where it covers none of it (placed
     * once per run and layout: it does not hop while the run plays), with a leader line when moved away. */
    function drawOptimumLabel(ctx, p) {
      const ax = p.ax, sx = ax.X(optimum.w0), sy = ax.Y(optimum.w1), text = "least squares";
      const key = (view.run ? view.run.id : 0) + "/" + p.drawn.layouts;
      ctx.save();
      ctx.font = font(theme.annotation_size);
      if (!p.label || p.label.key !== key) {
        const halo = 2.5 * PT, w = ctx.measureText(text).width + 2 * halo, h = theme.annotation_size * PT * 1.25;
        p.label = page.placeLabel([sx, sy], w, h, 9 * PT, ax.rect, labelObstacles(ax), p.label);
        p.label.key = key;
        p.drawn.optimumLabel = [p.label.x, p.label.y, w, h];
      }
      const l = p.label;
      if (l.far) { // a leader line from the star to the label's nearest point
        const nx = Math.max(l.x, Math.min(l.x + l.w, sx)), ny = Math.max(l.y, Math.min(l.y + l.h, sy));
        const d = Math.hypot(nx - sx, ny - sy);
        if (d > 12) {
          ctx.strokeStyle = theme.optimum_edge; ctx.lineWidth = 1;
          ctx.beginPath(); ctx.moveTo(sx + (nx - sx) * 11 / d, sy + (ny - sy) * 11 / d); ctx.lineTo(nx, ny); ctx.stroke();
        }
      }
      ctx.textAlign = "center"; ctx.textBaseline = "middle";
      page.haloText(ctx, text, l.x + l.w / 2, l.y + l.h / 2, theme.optimum_face, theme.optimum_edge, 2.5 * PT);
      ctx.restore();
    }

    /** The start: a ring where it is; off the map, a hollow ring at the map's edge with an arrowhead pointing
     * to where it is (as the animations hold a point that left). Returns whether it is off the map. */
    function startCue(ctx, ax) {
      const t = page.toTrained(scaling, state.w0, state.w1), drawn = panels.surface.drawn;
      const px = ax.X(t[0]), py = ax.Y(t[1]);
      if (inWindow(t[0], t[1])) {
        page.dot(ctx, px, py, 5.5, theme.background, runColor, 2);
        drawn.startCue = null;
        return false;
      }
      const r = ax.rect, inset = 9;
      const cx = Math.max(r.x + inset, Math.min(r.x + r.w - inset, px)), cy = Math.max(r.y + inset, Math.min(r.y + r.h - inset, py));
      const d = Math.hypot(px - cx, py - cy) || 1, ux = (px - cx) / d, uy = (py - cy) / d;
      page.dot(ctx, cx, cy, 5.5, page.rgba(theme.background, 0.6), runColor, 2);
      const tip = [cx + ux * 14, cy + uy * 14], back = [cx + ux * 8, cy + uy * 8];
      ctx.beginPath();
      ctx.moveTo(tip[0], tip[1]); ctx.lineTo(back[0] - uy * 4, back[1] + ux * 4); ctx.lineTo(back[0] + uy * 4, back[1] - ux * 4);
      ctx.closePath(); ctx.fillStyle = runColor; ctx.fill();
      ctx.font = font(theme.tick_size); ctx.textBaseline = "middle";
      ctx.textAlign = cx > r.x + r.w / 2 ? "right" : "left";
      const lx = cx + (cx > r.x + r.w / 2 ? -10 : 10), ly = cy + (cy > r.y + r.h / 2 ? -12 : 12);
      page.haloText(ctx, "start", lx, ly, runColor, theme.background, 3);
      drawn.startCue = [cx, cy, ux, uy];
      return true;
    }

    /** A short note in the corner of panel `p` farthest from the optimum (the animation's off-map note). */
    function offNote(ctx, p, text) {
      const r = p.ax.rect;
      const fx = (optimum.w0 - win.w0[0]) / (win.w0[1] - win.w0[0]), fy = (optimum.w1 - win.w1[0]) / (win.w1[1] - win.w1[0]);
      ctx.save();
      ctx.font = font(theme.annotation_size);
      const w = ctx.measureText(text).width + 12, h = theme.annotation_size * PT + 10;
      const x = fx > 0.5 ? r.x + 0.03 * r.w : r.x + 0.97 * r.w - w;
      const y = fy > 0.5 ? r.y + 0.96 * r.h - h : r.y + 0.04 * r.h;
      ctx.fillStyle = page.rgba(theme.background, 0.9); ctx.strokeStyle = theme.grid;
      ctx.beginPath(); ctx.rect(x, y, w, h); ctx.fill(); ctx.stroke();
      ctx.fillStyle = theme.text; ctx.textAlign = "left"; ctx.textBaseline = "middle";
      ctx.fillText(text, x + 6, y + h / 2);
      ctx.restore();
      p.drawn.note = text;
    }

    // -- the loss curve ----------------------------------------------------------------
    function layoutLoss() {
      Object.assign(panels.loss, setup(el("loss")));
      panels.loss.runId = null;
      panels.loss.ax = null;
    }

    function lossFrame() {
      const p = panels.loss, run = view.run, best = optimum.sse;
      let lo = Infinity, hi = -Infinity;
      for (let k = 0; k < run.len; k++) { const v = run.loss[k]; if (v < lo) lo = v; if (v > hi) hi = v; }
      if (!run.len) { lo = best; hi = best * 2 + 1; }
      let ylim, logY = false;
      if (lo > 0 && hi / lo > 100) { logY = true; ylim = [lo / 1.6, hi * 1.6]; } else {
        const width = Math.max(hi - lo, 1e-12 * Math.max(1.0, Math.abs(hi))), mid = 0.5 * (lo + hi);
        ylim = [mid - 0.5 * width * 1.16, mid + 0.5 * width * 1.16];
      }
      const showBest = !logY || best > 0;
      if (showBest && best < ylim[0]) ylim[0] = logY ? best / 1.6 : best - 0.05 * (hi - best);
      const last = state.epochs - 1;
      const xlim = [-0.02 * Math.max(last, 1), last > 0 ? last * 1.02 : 1];
      const bg = layer(p), ctx = bg.ctx;
      const frame = page.frameLayout(ctx, theme, p, xlim, ylim, logY, data.labels.loss, { sseY: true });
      const ax = p.ax = frame.ax, r = ax.rect, texts = record(p);
      page.drawFrame(ctx, theme, frame, p, { grid: true }, texts);
      if (showBest) {
        const y = ax.Y(best);
        ctx.save();
        ctx.strokeStyle = theme.muted_text; ctx.lineWidth = 0.9 * PT; ctx.setLineDash([4 * PT, 3 * PT]);
        ctx.beginPath(); ctx.moveTo(r.x, y); ctx.lineTo(r.x + r.w, y); ctx.stroke();
        ctx.font = font(theme.tick_size); ctx.fillStyle = theme.muted_text; ctx.textAlign = "left"; ctx.textBaseline = "bottom";
        // at the right (as the animation's), clear of the run's last point; at the left if the curve runs there
        const tw = ctx.measureText("least squares").width, th = theme.tick_size * PT;
        const crosses = function (x0) {
          const rows = run.rows || range(run.len);
          for (let i = 0; i < rows.length; i++) {
            const px = ax.X(rows[i]), py = ax.Y(run.loss[rows[i]]);
            if (px >= x0 - 6 && px <= x0 + tw + 6 && py >= y - 3 - th - 6 && py <= y) return true;
          }
          return false;
        };
        let left = Math.min(r.x + r.w - 4, ax.X(last) - 10) - tw;
        if (run.len && crosses(left) && !crosses(r.x + 4)) left = r.x + 4;
        ctx.fillText("least squares", left, y - 3);
        texts.push(["note", "least squares", left, y - 3 - th, tw, th]);
        ctx.restore();
      }
      if (run.len && !view.concealed()) {
        ctx.save();
        page.clipTo(ctx, r);
        traceCurve(ctx, ax, run.rows || range(run.len));
        ctx.strokeStyle = page.rgba(runColor, 0.28); ctx.lineWidth = theme.line_width * PT; ctx.lineJoin = "round"; ctx.stroke();
        ctx.restore();
      }
      p.bg = bg;
      p.runId = run.id;
      p.epochs = state.epochs;
      p.concealed = view.concealed();
    }

    function traceCurve(ctx, ax, rows) {
      const loss = view.run.loss;
      ctx.beginPath();
      rows.forEach(function (k, i) {
        const x = ax.X(k), y = ax.Y(loss[k]);
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
    }

    function drawLoss() {
      const p = panels.loss, run = view.run;
      if (p.runId !== run.id || p.epochs !== state.epochs || p.concealed !== view.concealed() || !p.ax) lossFrame();
      const ctx = begin(p), ax = p.ax;
      p.drawn.note = "";
      if (!run.len) { offNote(ctx, p, "the starting line's SSE is not finite"); return; }
      const k = state.epoch;
      ctx.save();
      page.clipTo(ctx, ax.rect);
      traceCurve(ctx, ax, rowsUpTo(k));
      ctx.strokeStyle = runColor; ctx.lineWidth = theme.line_width * PT; ctx.lineJoin = "round"; ctx.stroke();
      ctx.restore();
      const x = ax.X(k), y = ax.Y(run.loss[k]);
      if (run.divergedAt !== null && k === run.len - 1) page.cross(ctx, x, y, 5.5, runColor, theme.outline);
      else page.dot(ctx, x, y, 3.5 * PT, runColor, theme.outline, 1.2 * PT);
    }

    // -- the learning-rate slider ------------------------------------------------------
    function etaRange() {
      const o = view.optimizers[state.opt];
      let lo = o.eta_range[0], hi = o.eta_range[1];
      if (state.eta < lo) lo = Math.pow(10, Math.floor(Math.log10(state.eta)));
      if (state.eta > hi) hi = Math.pow(10, Math.ceil(Math.log10(state.eta)));
      return [lo, hi];
    }

    function layoutSlider() {
      Object.assign(slider, setup(el("eta-slider")));
      slider.key = "";
      slider.drawn = slider.canvas.gdvizDrawn = { texts: [] };
    }

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
      const s = slider, ctx = s.canvas.getContext("2d");
      ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
      ctx.fillStyle = theme.background; ctx.fillRect(0, 0, s.w, s.h);
      const o = view.optimizers[state.opt], rg = etaRange(), y = 15, x0 = 10, x1 = s.w - 10;
      let busy = Infinity; // where the "diverges" label starts
      if (o.bound !== null && o.bound < rg[1]) {
        const bx = Math.max(x0, sliderX(o.bound));
        ctx.fillStyle = page.rgba(runColor, 0.16); ctx.fillRect(bx, y - 7, x1 - bx, 14);
        ctx.save(); ctx.beginPath(); ctx.rect(bx, y - 7, x1 - bx, 14); ctx.clip();
        ctx.strokeStyle = page.rgba(runColor, 0.45); ctx.lineWidth = 1;
        ctx.beginPath();
        for (let x = bx - 14; x < x1 + 14; x += 6) { ctx.moveTo(x, y + 7); ctx.lineTo(x + 14, y - 7); }
        ctx.stroke(); ctx.restore();
        ctx.font = font(theme.tick_size * 0.85); ctx.fillStyle = runColor; ctx.textAlign = "right"; ctx.textBaseline = "top";
        ctx.fillText("diverges", x1, y + 9);
        busy = x1 - ctx.measureText("diverges").width - 4;
      }
      ctx.strokeStyle = theme.spine; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(x0, y); ctx.lineTo(x1, y); ctx.stroke();
      ctx.font = font(theme.tick_size * 0.85); ctx.fillStyle = theme.muted_text; ctx.textBaseline = "top";
      const decades = Math.round(Math.log10(rg[1] / rg[0])), texts = s.drawn.texts = [];
      const values = [], centres = [], widths = [];
      for (let e = 0; e <= decades; e++) {
        const v = rg[0] * Math.pow(10, e);
        values.push(v); centres.push(sliderX(v)); widths.push(ctx.measureText(page.tickLabel(v, v, 0)).width);
      }
      const every = page.thinning(centres, widths, 6); // labels with room between them, however narrow the slider
      ctx.lineWidth = 1;
      values.forEach(function (v, e) {
        const x = centres[e];
        ctx.beginPath(); ctx.moveTo(x, y + 3); ctx.lineTo(x, y + 6); ctx.stroke();
        if (e % every !== 0) return;
        const text = page.tickLabel(v, v, 0), tw = widths[e];
        const left = Math.max(0, Math.min(s.w - tw, x - tw / 2)); // the end labels kept inside the slider
        if (left + tw > busy) return;
        ctx.textAlign = "left";
        ctx.fillText(text, left, y + 9);
        texts.push(["tick", text, left, y + 9, tw, theme.tick_size * 0.85 * PT]);
      });
      if (busy < Infinity) texts.push(["diverges", "diverges", busy + 4, y + 9, x1 - busy - 4, theme.tick_size * 0.85 * PT]);
      // the optimizer's learning rate for this data: a small mark
      const dx = sliderX(o.eta);
      ctx.fillStyle = theme.text;
      ctx.beginPath(); ctx.moveTo(dx, y - 8); ctx.lineTo(dx - 4, y - 13); ctx.lineTo(dx + 4, y - 13); ctx.closePath(); ctx.fill();
      page.dot(ctx, sliderX(state.eta), y, 7, runColor, theme.outline, 2);
      const c = s.canvas;
      c.setAttribute("aria-valuemin", String(Math.log10(rg[0])));
      c.setAttribute("aria-valuemax", String(Math.log10(rg[1])));
      c.setAttribute("aria-valuenow", String(Math.log10(state.eta)));
      c.setAttribute("aria-valuetext", "\u03b7 = " + page.short(state.eta) + (o.bound !== null ? "; " + o.name +
        " diverges above " + page.short(o.bound) : ""));
    }

    // -- the text: the readout, the notes, the controls ---------------------------------
    /** The readout's items: each a label with its value, kept on one line (a narrow screen wraps between
     * items, never inside one). */
    function readoutItems() {
      const run = view.run, last = state.epochs - 1;
      let epoch = String(state.epoch); while (epoch.length < String(last).length) epoch = " " + epoch;
      if (!(run && run.len)) return ["epoch 0 / " + last, "the starting line's SSE is not finite: move the start"];
      const k = state.epoch, fmt = run.formatW;
      const reference = page.gapReference(optimum.sse, data.spread, run.loss[0], data.exact_fit, data.tiny);
      const gap = page.relativeGap(run.loss[k], optimum.sse, reference);
      const items = ["epoch " + epoch + " / " + last, "SSE " + page.readable(run.loss[k]), primes()[0] + " " + fmt(run.w0[k]).trim(),
        primes()[1] + " " + fmt(run.w1[k]).trim(), "\u03b7 " + page.short(state.eta), page.gapWords(run.loss[k], optimum.sse, gap, reference)];
      if (scaling.active) { const d = page.toData(scaling, run.w0[k], run.w1[k]); items.push(equation(d[0], d[1])); }
      if (run.divergedAt !== null) items.push(page.divergedWords(run.divergedAt));
      return items;
    }

    /** The readout's items as spans (made once, reused), separated by spaces for whoever reads its text. */
    function writeReadout(items) {
      const box = el("readout");
      while (box.children.length < items.length) {
        if (box.children.length) box.appendChild(document.createTextNode(" "));
        else box.textContent = "";
        box.appendChild(document.createElement("span"));
      }
      Array.from(box.children).forEach(function (span, i) {
        const text = i < items.length ? items[i] : "";
        if (span.textContent !== text) span.textContent = text;
        span.hidden = i >= items.length;
      });
    }

    /** The heights of the text above and below the panels only grow while the window keeps its width: a
     * note or a readout that changes its length never resizes the panels back and forth (a new layout
     * repaints the surface, which a drag or a play must not wait for). */
    const held = { width: -1 };

    function holdHeights() {
      const blocks = [document.querySelector("header.top"), document.querySelector("footer.notes")];
      const width = document.documentElement.clientWidth; // a scroll bar that comes or goes changes it too
      if (width !== held.width) {
        held.width = width;
        blocks.forEach(function (b) { if (b) b.style.minHeight = ""; });
      }
      blocks.forEach(function (b) {
        if (!b) return;
        const h = b.getBoundingClientRect().height, now = parseFloat(b.style.minHeight) || 0;
        if (h > now + 0.5) b.style.minHeight = h + "px";
      });
    }

    function drawText() {
      writeReadout(readoutItems());
      const o = view.optimizers[state.opt], last = state.epochs - 1;
      const own = "; " + o.name + "'s \u03b7 for this data " + page.short(o.eta);
      const why = state.eta === o.eta ? " (" + o.eta_reason + ")" : own + " (" + o.eta_reason + ")";
      const bound = o.bound !== null ? o.name + " diverges above " + o.bound_formula + " = " + page.short(o.bound) + "." :
        o.name + " has no simple stability bound.";
      el("eta-note").textContent = "optimizer " + o.spec + ": \u03b7 " + page.short(state.eta) + why + ". " + bound;
      const epochInput = el("epoch");
      epochInput.max = String(page.lastEpoch(view));
      epochInput.value = String(state.epoch);
      epochInput.setAttribute("aria-valuetext", "epoch " + state.epoch + " of " + last);
      el("opt").value = state.opt;
      const etaText = el("eta-text");
      if (document.activeElement !== etaText) {
        etaText.value = String(state.eta).length <= 9 ? String(state.eta) : page.gfmt(state.eta, 4);
        etaText.classList.remove("bad");
      }
      const epochsInput = el("epochs");
      if (document.activeElement !== epochsInput) epochsInput.value = String(state.epochs);
      holdHeights();
    }

    /** Whether any canvas's backing no longer matches its box x devicePixelRatio (what setup() makes it). */
    function stale() {
      const dpr = window.devicePixelRatio || 1;
      return CANVASES.some(function (id) {
        const c = el(id), box = c.getBoundingClientRect();
        return c.width !== Math.max(1, Math.round(box.width * dpr)) || c.height !== Math.max(1, Math.round(box.height * dpr));
      });
    }

    /** Moved data in quick succession (a point dragged) paints the surface as a draft; the full paint follows
     * when the data has rested for SETTLE_MS. */
    const SETTLE_MS = 150, settle = { last: -1e9, timer: null };

    function layoutPanels() {
      const moved = panels.dataVersion !== undefined && panels.dataVersion !== view.dataVersion;
      panels.dataVersion = view.dataVersion; // moved points change the data: the static layers are drawn again
      const now = performance.now(), draft = moved && now - settle.last < SETTLE_MS;
      if (moved) settle.last = now;
      layoutFit();
      layoutSurface(draft ? 2 : 1);
      layoutLoss();
      layoutSlider();
      if (settle.timer !== null) { clearTimeout(settle.timer); settle.timer = null; }
      if (draft) settle.timer = setTimeout(finishSurface, SETTLE_MS);
    }

    /** The surface painted in full after a draft (once the data rests). */
    function finishSurface() {
      settle.timer = null;
      if (performance.now() - settle.last < SETTLE_MS) { settle.timer = setTimeout(finishSurface, SETTLE_MS); return; }
      if (panels.surface.coarse === 1) return;
      layoutSurface(1);
      view.draw();
    }

    /** Draw the state: the text first (the notes' height decides the panels'), then every canvas.
     *
     * A canvas whose box changed since it was laid out (a longer note, a resize) is laid out
     * again before anything is drawn on it, so its backing is always its box x devicePixelRatio
     * and pointer positions map through the box it has now. */
    function draw() {
      if (!panels.fit.ax) return;
      drawText();
      if (stale() || panels.dataVersion !== view.dataVersion) layoutPanels();
      drawFit();
      drawSurface();
      drawLoss();
      const key = state.opt + " " + state.eta + " " + slider.w + " " + view.optimizers[state.opt].bound;
      if (key !== slider.key) { drawSlider(); slider.key = key; }
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

    /** The pointer in the coordinates `p` (a panel or the slider) was laid out in, through the canvas's box now. */
    function local(ev, canvas, p) {
      if (stale()) layout();
      const box = canvas.getBoundingClientRect();
      const sx = box.width > 0 ? p.w / box.width : 1, sy = box.height > 0 ? p.h / box.height : 1;
      return [(ev.clientX - box.left) * sx, (ev.clientY - box.top) * sy];
    }

    Object.assign(view, {
      panels: panels, slider: slider, layout: layout, draw: draw, drawText: drawText, watchBoxes: watchBoxes,
      local: local, handles: handles, etaRange: etaRange, sliderX: sliderX, sliderEta: sliderEta,
    });
  };
})(gdvizPage);
