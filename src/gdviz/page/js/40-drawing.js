/* Canvas primitives: tick positions, axes, clipping, arrows and markers, an axes frame in
 * gdviz's style fitted to its panel (titles and labels wrapped, never cut; margins that make room),
 * and where a label goes to cover nothing. Nothing here keeps state; what draws or measures takes a
 * canvas context and the theme. */
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

  /** The plot's margins inside a panel (CSS px) when its labels take one line and its ticks are narrow. */
  const MARGINS = { left: 66, right: 14, top: 34, bottom: 48 };

  /** The plot's rectangle inside a panel w x h CSS px: room for the title, ticks and labels (more room
   * than MARGINS where `more` says: {left, top, bottom}, in px). */
  function plotRect(w, h, more) {
    const m = more || {}, left = m.left || MARGINS.left, top = m.top || MARGINS.top;
    const bottom = m.bottom || MARGINS.bottom;
    return { x: left, y: top, w: Math.max(20, w - left - MARGINS.right), h: Math.max(20, h - top - bottom) };
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

  /** `text` as at most `most` lines no wider than `width` px in the context's font, broken at spaces
   * (two lines: at the space that makes the longer line shortest, after a comma if that is nearly as
   * good); null if it does not fit. */
  function wrapText(ctx, text, width, most) {
    if (ctx.measureText(text).width <= width) return [text];
    if (most < 2) return null;
    let best = null, score = Infinity;
    for (let i = text.indexOf(" "); i > 0; i = text.indexOf(" ", i + 1)) {
      const a = text.slice(0, i).trimEnd(), b = text.slice(i + 1).trimStart();
      const longer = Math.max(ctx.measureText(a).width, ctx.measureText(b).width);
      if (longer > width || !a || !b) continue;
      const s = longer - (/,$/.test(a) ? 0.15 * width : 0);
      if (s < score) { score = s; best = [a, b]; }
    }
    return best;
  }

  /** `text` fitted to `width` px: {lines, size} at the first size of `sizes` (pt, largest first) where it
   * takes one line, else the first where it takes two (if `most` is 2), else cut with an ellipsis at the
   * smallest. `fontOf(size)` is the CSS font at a size. */
  function fitLines(ctx, text, width, fontOf, sizes, most) {
    for (let n = 1; n <= most; n++) {
      for (const size of sizes) {
        ctx.font = fontOf(size);
        const lines = wrapText(ctx, text, width, n);
        if (lines) return { lines: lines, size: size };
      }
    }
    const size = sizes[sizes.length - 1];
    ctx.font = fontOf(size);
    return { lines: [fitText(ctx, text, width)], size: size };
  }

  /** The smallest k such that labelling every k-th of `centres` (px, increasing) with texts `widths`
   * px wide leaves `gap` px between neighbours. */
  function thinning(centres, widths, gap) {
    for (let k = 1; k < centres.length; k++) {
      let clear = true;
      for (let i = k; i < centres.length && clear; i += k) {
        clear = Math.abs(centres[i] - centres[i - k]) - (widths[i] + widths[i - k]) / 2 >= gap;
      }
      if (clear) return k;
    }
    return Math.max(1, centres.length);
  }

  /** A panel's frame laid out: its ticks with their labels, its title and axis labels fitted to the panel
   * (smaller, then on two lines, never cut for the labels gdviz writes), and the axes whose plot
   * rectangle leaves room for them all. Draw it with drawFrame.
   *
   * panel {w, h} (CSS px); labels [title, x label, y label]; opts: sseY (no negative y ticks), xTicks
   * ({ticks, labels}: given positions and labels, e.g. dates, instead of round numbers). */
  function frameLayout(ctx, theme, panel, xlim, ylim, logY, labels, opts) {
    const tickPx = theme.tick_size * PT, tick = 3 * PT;
    const ybig = Math.max(Math.abs(ylim[0]), Math.abs(ylim[1]));
    const yt = logY ? { ticks: logTicks(ylim[0], ylim[1]), step: 0 } : niceTicks(ylim[0], ylim[1]);
    let yticks = yt.ticks.filter(function (t) { return t >= ylim[0] && t <= ylim[1]; });
    if (opts.sseY) yticks = yticks.filter(function (t) { return t >= 0; });
    const ylabels = logY ? page.logTickLabels(yticks) : yticks.map(function (t) { return page.tickLabel(t, ybig, yt.step); });
    ctx.font = font(theme, theme.tick_size);
    let tickW = 0;
    for (const t of ylabels) tickW = Math.max(tickW, ctx.measureText(t).width);
    const sizes = function (pt) { return [pt, 0.9 * pt, 0.8 * pt]; };
    const sans = function (size) { return font(theme, size); };
    const lineOf = function (size) { return 1.2 * size * PT; };
    let title = null, ylab = null, xlab = null, rect = null;
    for (let pass = 0; pass < 2; pass++) { // the margins depend on the lines, and the lines' room on the margins
      const left = Math.max(MARGINS.left, Math.ceil(tickW + tick + 14 + (ylab ? ylab.lines.length * lineOf(ylab.size) :
        lineOf(theme.label_size))));
      title = fitLines(ctx, labels[0], panel.w - left - 4, sans, sizes(theme.title_size), 2);
      const top = MARGINS.top + (title.lines.length - 1) * lineOf(title.size);
      xlab = fitLines(ctx, labels[1], panel.w - left - MARGINS.right, sans, sizes(theme.label_size), 2);
      const bottom = MARGINS.bottom + (xlab.lines.length - 1) * lineOf(xlab.size);
      rect = plotRect(panel.w, panel.h, { left: left, top: top, bottom: bottom });
      ylab = fitLines(ctx, labels[2], rect.h, sans, sizes(theme.label_size), 2);
    }
    const ax = makeAxes(rect, xlim, ylim, logY);
    const xbig = Math.max(Math.abs(xlim[0]), Math.abs(xlim[1]));
    const xt = opts.xTicks ? { ticks: opts.xTicks.ticks, step: 0 } : niceTicks(xlim[0], xlim[1]);
    const xticks = [];
    xt.ticks.forEach(function (t, i) {
      if (t >= xlim[0] && t <= xlim[1]) xticks.push([t, opts.xTicks ? opts.xTicks.labels[i] : page.tickLabel(t, xbig, xt.step)]);
    });
    ctx.font = font(theme, theme.tick_size);
    const xw = xticks.map(function (t) { return ctx.measureText(t[1]).width; });
    const kx = thinning(xticks.map(function (t) { return ax.X(t[0]); }), xw, 8);
    const ky = thinning(yticks.map(function (t) { return -ax.Y(t); }), yticks.map(function () { return tickPx; }), 0.25 * tickPx);
    return {
      ax: ax, tickPx: tickPx, title: title, xlabel: xlab, ylabel: ylab,
      xticks: xticks.map(function (t, i) { return [t[0], i % kx === 0 ? t[1] : "", xw[i]]; }),
      yticks: yticks.map(function (t, i) { return [t, (yticks.length - 1 - i) % ky === 0 ? ylabels[i] : ""]; }),
    };
  }

  /** Title, labels, ticks, spines and (optionally) the grid of a frame laid out by frameLayout, as gdviz's
   * style_axes. opts: grid (draw it). Each text drawn is recorded in `texts` (if given) as
   * [kind, text, x, y, width, height], its box in CSS px: what the browser tests check for cuts and overlaps. */
  function drawFrame(ctx, theme, frame, panel, opts, texts) {
    const ax = frame.ax, r = ax.rect, tick = 3 * PT, tickPx = frame.tickPx;
    const note = function (kind, text, x, y, w, h) { if (texts) texts.push([kind, text, x, y, w, h]); };
    ctx.save();
    if (opts.grid) {
      ctx.strokeStyle = theme.grid; ctx.lineWidth = 0.8 * PT;
      ctx.beginPath();
      for (const t of frame.xticks) { const x = Math.round(ax.X(t[0])) + 0.5; ctx.moveTo(x, r.y); ctx.lineTo(x, r.y + r.h); }
      for (const t of frame.yticks) { const y = Math.round(ax.Y(t[0])) + 0.5; ctx.moveTo(r.x, y); ctx.lineTo(r.x + r.w, y); }
      ctx.stroke();
    }
    ctx.strokeStyle = theme.spine; ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(r.x - 0.5, r.y); ctx.lineTo(r.x - 0.5, r.y + r.h + 0.5); ctx.lineTo(r.x + r.w, r.y + r.h + 0.5);
    for (const t of frame.xticks) { const x = Math.round(ax.X(t[0])) + 0.5; ctx.moveTo(x, r.y + r.h); ctx.lineTo(x, r.y + r.h + tick); }
    for (const t of frame.yticks) { const y = Math.round(ax.Y(t[0])) + 0.5; ctx.moveTo(r.x, y); ctx.lineTo(r.x - tick, y); }
    ctx.stroke();
    ctx.fillStyle = theme.muted_text; ctx.font = font(theme, theme.tick_size);
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (const t of frame.xticks) {
      if (!t[1]) continue;
      const x = Math.max(t[2] / 2 + 1, Math.min(panel.w - t[2] / 2 - 1, ax.X(t[0]))), y = r.y + r.h + tick + 2;
      ctx.fillText(t[1], x, y);
      note("xtick", t[1], x - t[2] / 2, y, t[2], tickPx);
    }
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const t of frame.yticks) {
      if (!t[1]) continue;
      const x = r.x - tick - 3, y = ax.Y(t[0]), w = ctx.measureText(t[1]).width;
      ctx.fillText(t[1], x, y);
      note("ytick", t[1], x - w, y - tickPx / 2, w, tickPx);
    }
    ctx.fillStyle = theme.text;
    const title = frame.title, tl = 1.2 * title.size * PT;
    ctx.font = font(theme, title.size); ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
    title.lines.forEach(function (line, i) {
      const y = r.y - 10 - (title.lines.length - 1 - i) * tl;
      ctx.fillText(line, r.x, y);
      note("title", line, r.x, y - title.size * PT, ctx.measureText(line).width, title.size * PT);
    });
    const xl = frame.xlabel, xlh = 1.2 * xl.size * PT;
    ctx.font = font(theme, xl.size); ctx.textAlign = "center";
    xl.lines.forEach(function (line, i) {
      const y = r.y + r.h + tick + 2 + tickPx + 4 + xl.size * PT + i * xlh, w = ctx.measureText(line).width;
      ctx.fillText(line, r.x + r.w / 2, y);
      note("xlabel", line, r.x + r.w / 2 - w / 2, y - xl.size * PT, w, xl.size * PT);
    });
    const yl = frame.ylabel, ylh = 1.2 * yl.size * PT;
    ctx.font = font(theme, yl.size);
    ctx.translate(3, r.y + r.h / 2); ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "top";
    yl.lines.forEach(function (line, i) {
      const w = ctx.measureText(line).width;
      ctx.fillText(line, 0, i * ylh);
      note("ylabel", line, 3 + i * ylh, r.y + r.h / 2 - w / 2, yl.size * PT, w);
    });
    ctx.restore();
  }

  /** `text`, cut with an ellipsis to fit `width` px in the context's font. */
  function fitText(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    while (text.length > 4 && ctx.measureText(text + "\u2026").width > width) text = text.slice(0, -1);
    return text + "\u2026";
  }

  /** Where a label `w` x `h` px goes beside an anchor (x, y), inside `rect`, covering as few of
   * `obstacles` as it can (segments [x0, y0, x1, y1, pad], each `pad` px thick either side: a path, an
   * arrow, a dot as a segment of no length).
   *
   * The places tried, in order: above, below, right of and left of the anchor, `gap` px away, then its
   * four corners; then the same at twice and three times the distance (a leader line then joins them).
   * The first that touches the fewest obstacles wins; `keep` (an earlier answer) stays while it touches
   * none, so the label does not hop. Returns {x, y, w, h, index, touches, far} (x, y: the top-left corner;
   * far: a leader line is needed). */
  function placeLabel(anchor, w, h, gap, rect, obstacles, keep) {
    const ax = anchor[0], ay = anchor[1], spots = [];
    for (const f of [1, 2, 3]) {
      const g = gap * f, d = 0.7 * g;
      spots.push([ax - w / 2, ay - g - h], [ax - w / 2, ay + g], [ax + g, ay - h / 2], [ax - g - w, ay - h / 2],
        [ax + d, ay - d - h], [ax - d - w, ay - d - h], [ax + d, ay + d], [ax - d - w, ay + d]);
    }
    const reach = 3 * gap + w + h; // nothing farther than this from the anchor can touch a place
    const near = obstacles.filter(function (o) {
      return !(Math.max(o[0], o[2]) + o[4] < ax - reach || Math.min(o[0], o[2]) - o[4] > ax + reach ||
        Math.max(o[1], o[3]) + o[4] < ay - reach || Math.min(o[1], o[3]) - o[4] > ay + reach);
    });
    const touches = function (x, y) {
      let count = 0;
      for (const o of near) if (clipSegment(o[0], o[1], o[2], o[3], x - o[4], y - o[4], x + w + o[4], y + h + o[4])) count++;
      return count;
    };
    const inside = function (x, y) {
      return [Math.max(rect.x + 1, Math.min(rect.x + rect.w - w - 1, x)), Math.max(rect.y + 1, Math.min(rect.y + rect.h - h - 1, y))];
    };
    if (keep && keep.w === w && keep.h === h && keep.index < spots.length) {
      const at = inside(spots[keep.index][0], spots[keep.index][1]);
      if (touches(at[0], at[1]) === 0) {
        return { x: at[0], y: at[1], w: w, h: h, index: keep.index, touches: 0, far: keep.index >= 8 };
      }
    }
    let best = null;
    spots.forEach(function (spot, i) {
      const at = inside(spot[0], spot[1]), n = touches(at[0], at[1]);
      if (!best || n < best.touches) best = { x: at[0], y: at[1], w: w, h: h, index: i, touches: n, far: i >= 8 };
    });
    return best;
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
  page.frameLayout = frameLayout;
  page.drawFrame = drawFrame;
  page.fitText = fitText;
  page.wrapText = wrapText;
  page.fitLines = fitLines;
  page.thinning = thinning;
  page.placeLabel = placeLabel;
  page.MARGINS = MARGINS;
  page.clipTo = clipTo;
  page.dot = dot;
  page.cross = cross;
  page.star = star;
  page.haloText = haloText;
  page.rgba = rgba;
})(gdvizPage);
