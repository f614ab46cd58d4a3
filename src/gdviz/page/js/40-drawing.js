/* Canvas primitives: tick positions, axes, clipping, arrows and markers, an axes frame in
 * gdviz's style. Nothing here keeps state; what draws takes a canvas context and the theme. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  const PT = 96 / 72; // CSS pixels per typographic point

  function font(theme, sizePt, mono) {
    const family = mono ? '"' + theme.mono_family + '", Menlo, Consolas, monospace' :
      '"' + theme.font_family + '", "Helvetica Neue", Arial, sans-serif';
    return (sizePt * PT).toFixed(1) + "px " + family;
  }

  /** About six round ticks (1, 2, 2.5 or 5 x a power of ten apart) from lo to hi, and their spacing. */
  function niceTicks(lo, hi) {
    const raw = (hi - lo) / 6;
    if (!(raw > 0) || !isFinite(raw)) return { ticks: [lo], step: 0 };
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    let step = 10 * mag;
    for (const m of [1, 2, 2.5, 5, 10]) { if (m * mag >= raw * (1 - 1e-9)) { step = m * mag; break; } }
    const ticks = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) ticks.push(k * step);
    return { ticks: ticks, step: step };
  }

  /** Powers of ten from lo to hi (or 1, 2 and 5 x them when fewer than two fit). */
  function logTicks(lo, hi) {
    const ticks = [];
    for (let e = Math.ceil(Math.log10(lo) - 1e-9); Math.pow(10, e) <= hi * (1 + 1e-9); e++) ticks.push(Math.pow(10, e));
    if (ticks.length < 2) {
      const more = [];
      for (let e = Math.floor(Math.log10(lo)); Math.pow(10, e) <= hi; e++) {
        for (const m of [1, 2, 5]) { const t = m * Math.pow(10, e); if (t >= lo && t <= hi) more.push(t); }
      }
      return more;
    }
    return ticks;
  }

  /** Data <-> pixel maps for a plot rectangle `rect` showing xlim by ylim (ylim on a log scale if logY). */
  function makeAxes(rect, xlim, ylim, logY) {
    const ly0 = logY ? Math.log10(ylim[0]) : 0, ly1 = logY ? Math.log10(ylim[1]) : 0;
    return {
      rect: rect, xlim: xlim, ylim: ylim, logY: logY,
      X: function (v) { return rect.x + (v - xlim[0]) / (xlim[1] - xlim[0]) * rect.w; },
      Y: function (v) {
        const t = logY ? (Math.log10(v) - ly0) / (ly1 - ly0) : (v - ylim[0]) / (ylim[1] - ylim[0]);
        return rect.y + rect.h - t * rect.h;
      },
      invX: function (px) { return xlim[0] + (px - rect.x) / rect.w * (xlim[1] - xlim[0]); },
      invY: function (py) {
        const t = (rect.y + rect.h - py) / rect.h;
        return logY ? Math.pow(10, ly0 + t * (ly1 - ly0)) : ylim[0] + t * (ylim[1] - ylim[0]);
      },
    };
  }

  /** The plot's rectangle inside a panel w x h CSS px: room for the title, ticks and labels. */
  function plotRect(w, h) {
    const left = 66, right = 14, top = 34, bottom = 48;
    return { x: left, y: top, w: Math.max(20, w - left - right), h: Math.max(20, h - top - bottom) };
  }

  /** Liang-Barsky: the part of segment (x0, y0)-(x1, y1) inside the box, or null. */
  function clipSegment(x0, y0, x1, y1, bx0, by0, bx1, by1) {
    let t0 = 0, t1 = 1;
    const dx = x1 - x0, dy = y1 - y0;
    const p = [-dx, dx, -dy, dy], q = [x0 - bx0, bx1 - x0, y0 - by0, by1 - y0];
    for (let i = 0; i < 4; i++) {
      if (p[i] === 0) { if (q[i] < 0) return null; continue; }
      const t = q[i] / p[i];
      if (p[i] < 0) { if (t > t1) return null; if (t > t0) t0 = t; } else { if (t < t0) return null; if (t < t1) t1 = t; }
    }
    return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
  }

  /** The seven corners of an arrow from (x, y) along (dx, dy) (panels.base.arrow_polygons); [] if it has no length. */
  function arrowPolygon(x, y, dx, dy, width, headWidth, headLength) {
    const length = Math.hypot(dx, dy);
    if (!(length > 0)) return [];
    const ux = dx / length, uy = dy / length, nx = -uy, ny = ux;
    const head = Math.min(headLength, length), shrink = head / headLength;
    const hw = 0.5 * headWidth * shrink, w = 0.5 * width * shrink, neck = length - head;
    return [[0, w], [neck, w], [neck, hw], [length, 0], [neck, -hw], [neck, -w], [0, -w]].map(function (p) {
      return [x + p[0] * ux + p[1] * nx, y + p[0] * uy + p[1] * ny];
    });
  }

  function arrow(ctx, x, y, dx, dy, width, headWidth, headLength, color) {
    const pts = arrowPolygon(x, y, dx, dy, width, headWidth, headLength);
    if (!pts.length) return;
    ctx.beginPath();
    pts.forEach(function (p, i) { if (i === 0) ctx.moveTo(p[0], p[1]); else ctx.lineTo(p[0], p[1]); });
    ctx.closePath();
    ctx.fillStyle = color; ctx.strokeStyle = color; ctx.lineWidth = 0.6;
    ctx.fill(); ctx.stroke();
  }

  /** Title, labels, ticks, spines and (optionally) the grid, as gdviz's style_axes.
   *
   * opts: grid (draw it), sseY (no negative y ticks), xTicks ({ticks, labels}: given
   * positions and labels, e.g. dates, instead of round numbers). */
  function drawFrame(ctx, theme, ax, labels, opts) {
    const r = ax.rect;
    const xbig = Math.max(Math.abs(ax.xlim[0]), Math.abs(ax.xlim[1]));
    const xt = opts.xTicks ? { ticks: opts.xTicks.ticks, step: 0 } : niceTicks(ax.xlim[0], ax.xlim[1]);
    const xlabel = opts.xTicks ? function (t, i) { return opts.xTicks.labels[i]; } :
      function (t) { return page.tickLabel(t, xbig, xt.step); };
    const ybig = Math.max(Math.abs(ax.ylim[0]), Math.abs(ax.ylim[1]));
    const yt = ax.logY ? { ticks: logTicks(ax.ylim[0], ax.ylim[1]), step: 0 } : niceTicks(ax.ylim[0], ax.ylim[1]);
    let yticks = yt.ticks.filter(function (t) { return t >= ax.ylim[0] && t <= ax.ylim[1]; });
    if (opts.sseY) yticks = yticks.filter(function (t) { return t >= 0; });
    const xticks = [];
    xt.ticks.forEach(function (t, i) { if (t >= ax.xlim[0] && t <= ax.xlim[1]) xticks.push([t, xlabel(t, i)]); });
    ctx.save();
    if (opts.grid) {
      ctx.strokeStyle = theme.grid; ctx.lineWidth = 0.8 * PT;
      ctx.beginPath();
      for (const t of xticks) { const x = Math.round(ax.X(t[0])) + 0.5; ctx.moveTo(x, r.y); ctx.lineTo(x, r.y + r.h); }
      for (const t of yticks) { const y = Math.round(ax.Y(t)) + 0.5; ctx.moveTo(r.x, y); ctx.lineTo(r.x + r.w, y); }
      ctx.stroke();
    }
    ctx.strokeStyle = theme.spine; ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(r.x - 0.5, r.y); ctx.lineTo(r.x - 0.5, r.y + r.h + 0.5); ctx.lineTo(r.x + r.w, r.y + r.h + 0.5);
    const tick = 3 * PT;
    for (const t of xticks) { const x = Math.round(ax.X(t[0])) + 0.5; ctx.moveTo(x, r.y + r.h); ctx.lineTo(x, r.y + r.h + tick); }
    for (const t of yticks) { const y = Math.round(ax.Y(t)) + 0.5; ctx.moveTo(r.x, y); ctx.lineTo(r.x - tick, y); }
    ctx.stroke();
    ctx.fillStyle = theme.muted_text; ctx.font = font(theme, theme.tick_size);
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (const t of xticks) ctx.fillText(t[1], ax.X(t[0]), r.y + r.h + tick + 2);
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const t of yticks) {
      ctx.fillText(ax.logY ? page.tickLabel(t, Math.abs(t), 0) : page.tickLabel(t, ybig, yt.step), r.x - tick - 3, ax.Y(t));
    }
    ctx.fillStyle = theme.text;
    ctx.font = font(theme, theme.title_size); ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
    ctx.fillText(labels[0], r.x, r.y - 10);
    ctx.font = font(theme, theme.label_size); ctx.textAlign = "center"; ctx.textBaseline = "alphabetic";
    ctx.fillText(labels[1], r.x + r.w / 2, r.y + r.h + tick + 2 + theme.tick_size * PT + 4 + theme.label_size * PT);
    ctx.translate(3, r.y + r.h / 2); ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "top";
    ctx.fillText(fitText(ctx, labels[2], r.h), 0, 0);
    ctx.restore();
  }

  /** `text`, cut with an ellipsis to fit `width` px in the context's font. */
  function fitText(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    while (text.length > 4 && ctx.measureText(text + "\u2026").width > width) text = text.slice(0, -1);
    return text + "\u2026";
  }

  function clipTo(ctx, r) { ctx.beginPath(); ctx.rect(r.x, r.y, r.w, r.h); ctx.clip(); }

  function dot(ctx, x, y, radius, fill, stroke, width) {
    ctx.beginPath(); ctx.arc(x, y, radius, 0, 2 * Math.PI);
    if (fill) { ctx.fillStyle = fill; ctx.fill(); }
    if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = width; ctx.stroke(); }
  }

  /** A cross (where a run stopped), outlined in `outline`. */
  function cross(ctx, x, y, size, color, outline) {
    ctx.save();
    ctx.lineCap = "round";
    for (const [c, w] of [[outline, 5], [color, 2.5]]) {
      ctx.strokeStyle = c; ctx.lineWidth = w;
      ctx.beginPath(); ctx.moveTo(x - size, y - size); ctx.lineTo(x + size, y + size);
      ctx.moveTo(x - size, y + size); ctx.lineTo(x + size, y - size); ctx.stroke();
    }
    ctx.restore();
  }

  function star(ctx, x, y, outer, fill, stroke) {
    const inner = outer * 0.42;
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + i * Math.PI / 5, rad = i % 2 ? inner : outer;
      const px = x + rad * Math.cos(a), py = y + rad * Math.sin(a);
      if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    ctx.closePath();
    ctx.fillStyle = fill; ctx.fill();
    ctx.strokeStyle = stroke; ctx.lineWidth = 1.0 * PT; ctx.lineJoin = "round"; ctx.stroke();
  }

  function haloText(ctx, text, x, y, fill, halo, width) {
    ctx.lineJoin = "round"; ctx.strokeStyle = halo; ctx.lineWidth = width;
    ctx.strokeText(text, x, y); ctx.fillStyle = fill; ctx.fillText(text, x, y);
  }

  /** "#rrggbb" (or "#rgb") with an alpha, as CSS rgba(). */
  function rgba(hex, alpha) {
    const h = hex.replace("#", "");
    const v = parseInt(h.length === 3 ? h.split("").map(function (c) { return c + c; }).join("") : h.slice(0, 6), 16);
    return "rgba(" + ((v >> 16) & 255) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }

  page.PT = PT;
  page.font = font;
  page.niceTicks = niceTicks;
  page.logTicks = logTicks;
  page.makeAxes = makeAxes;
  page.plotRect = plotRect;
  page.clipSegment = clipSegment;
  page.arrowPolygon = arrowPolygon;
  page.arrow = arrow;
  page.drawFrame = drawFrame;
  page.fitText = fitText;
  page.clipTo = clipTo;
  page.dot = dot;
  page.cross = cross;
  page.star = star;
  page.haloText = haloText;
  page.rgba = rgba;
})(gdvizPage);
