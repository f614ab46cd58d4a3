/* Copy as Python: the code that reproduces the screen (gdviz.train, then gdviz.render), with moved points
 * applied, and the equivalent `gdviz render` line. The data is named as it was given (the page's
 * `origin`, written by explore.py): the tutorial's gdviz.make_data(seed=...), a file by its path and the
 * columns given to `gdviz explore`, a Dataset from Python by its points (at most 2,000), else a marked
 * line to fill in. pythonSnippet and cliLine need no DOM (node runs the snippet's numbers against
 * Python's); the control, key C and window.gdviz.python()/cli() are the DOM part. Where the clipboard is
 * refused (a notebook's sandboxed frame), the code appears in a selectable box. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  /** A Python literal: a string (JSON's escapes are Python's too, for these), a number, None. */
  function py(value) {
    if (value === null || value === undefined) return "None";
    if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : floatText(value);
    return JSON.stringify(String(value));
  }

  /** A float as Python reads it back exactly (JavaScript's shortest round trip; "1e-7" is Python's too). */
  function floatText(v) {
    const t = String(v);
    return /[.e]/.test(t) || !isFinite(v) ? t : t + ".0";
  }

  /** A list of numbers as Python, `per` to a line, indented by `indent`. */
  function numberList(values, indent, per) {
    const lines = [];
    for (let i = 0; i < values.length; i += per) {
      lines.push(indent + values.slice(i, i + per).map(function (v) { return floatText(v); }).join(", ") + ",");
    }
    return "[\n" + lines.join("\n") + "\n" + indent.slice(4) + "]";
  }

  /** The lines that make `data` in Python, from the page's origin (and its sample: all the points, in order,
   * at full precision, when they were given from Python and are at most 2,000). */
  function dataLines(origin, sample) {
    switch (origin.kind) {
      case "tutorial": return ["data = gdviz.make_data(seed=" + py(origin.seed) + ")"];
      case "file": {
        const args = [py(origin.path)];
        if (origin.x !== null) args.push("x=" + columnText(origin.x));
        if (origin.y !== null) args.push("y=" + columnText(origin.y));
        if (origin.missing !== null) args.push("missing=" + py(origin.missing));
        return ["data = gdviz.load_csv(" + args.join(", ") + ")"];
      }
      case "points": return ["data = gdviz.Dataset(", "    " + numberList(sample.x, "        ", 6) + ",",
        "    " + numberList(sample.y, "        ", 6) + ",", "    x_name=" + py(origin.x_name) + ", y_name=" + py(origin.y_name) + ")"];
      default: return ["# FILL IN: the page was made from a Dataset of " + origin.n + " points given from Python,",
        "# too many to write out here; make the same data (x = " + origin.x_name + ", y = " + origin.y_name + "):",
        "data = ...  # FILL IN"];
    }
  }

  /** A column as the command line gave it: a 0-based index stays a number, a name a string. */
  function columnText(c) { return /^\d+$/.test(c) ? c : py(c); }

  /** The lines that apply moved points ([[row, x, y], ...] in the data's units) to `data`. */
  function movedLines(points) {
    if (!points || !points.length) return [];
    return ["# the points moved on the page: row, new x, new y (data units)",
      "moved = [" + points.map(function (p) { return "(" + p[0] + ", " + floatText(p[1]) + ", " + floatText(p[2]) + ")"; }).join(", ") + "]",
      "x, y = np.array(data.x, dtype=float), np.array(data.y, dtype=float)",
      "for row, new_x, new_y in moved:",
      "    x[row], y[row] = new_x, new_y",
      "data = gdviz.Dataset(x, y, x_name=data.x_name, y_name=data.y_name)"];
  }

  /** The optimizer's hyperparameters as keywords. */
  function hyperText(hyper) {
    return Object.keys(hyper || {}).map(function (k) { return ", " + k + "=" + py(hyper[k]); }).join("");
  }

  /** The Python that reproduces the screen. `info` is {origin, sample (the page's shown points {x, y}), state
   * (the page's state: w0, w1 in data units, eta, opt, epochs), hyperparameters (the optimizer's), points
   * (moved points, or [])}. */
  function pythonSnippet(info) {
    const s = info.state, points = info.points || [];
    const head = ["import gdviz"].concat(points.length ? ["import numpy as np"] : [], [""]);
    return head.concat(dataLines(info.origin, info.sample), movedLines(points), [
      "history = gdviz.train(data, optimizer=" + py(s.opt) + ", eta=" + floatText(s.eta) + ", epochs=" + s.epochs +
        ",\n                      w0=" + floatText(s.w0) + ", w1=" + floatText(s.w1) + ", scale=" + py(info.origin.scale) +
        hyperText(info.hyperparameters) + ")",
      "gdviz.render(history, \"descent.gif\")"]).join("\n") + "\n";
  }

  /** The equivalent `gdviz render` line, with comments for what the command line cannot say. */
  function cliLine(info) {
    const o = info.origin, s = info.state, notes = [];
    const spec = [s.opt].concat(Object.keys(info.hyperparameters || {}).map(function (k) {
      return k + "=" + floatText(info.hyperparameters[k]);
    })).join(":");
    const args = ["gdviz render"];
    if (o.kind === "file") {
      args.push("--data " + shellWord(o.path));
      if (o.x !== null) args.push("--x " + shellWord(o.x));
      if (o.y !== null) args.push("--y " + shellWord(o.y));
      if (o.missing !== null) args.push("--missing " + o.missing);
    } else if (o.kind !== "tutorial") {
      notes.push("# the data was given from Python: save it as a CSV file and add --data FILE.csv --x " +
        shellWord(o.x_name) + " --y " + shellWord(o.y_name));
    }
    args.push("--optimizer " + shellWord(spec), "--eta " + floatText(s.eta), "--epochs " + s.epochs, "--scale " + o.scale);
    if (o.seed !== null) args.push("--seed " + o.seed);
    const fromSeed = o.seed_start && o.seed_start[0] === s.w0 && o.seed_start[1] === s.w1;
    if (!fromSeed) {
      notes.push("# the start (w0 = " + floatText(s.w0) + ", w1 = " + floatText(s.w1) + ") cannot be given on the command " +
        "line: " + (o.seed !== null ? "this line starts from --seed " + o.seed + "'s line" : "it starts from a seeded line") +
        "; the Python sets it");
    }
    if (info.points && info.points.length) {
      notes.push("# moved points cannot be expressed on the command line: the Python applies them");
    }
    args.push("-o descent.gif");
    return notes.concat([args.join(" ")]).join("\n") + "\n";
  }

  /** A word for a POSIX shell: as it is when plain, else in single quotes. */
  function shellWord(text) {
    text = String(text);
    return /^[A-Za-z0-9_.,:=\/+-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\\''") + "'";
  }

  /** What the snippets are made from, as the page is now. */
  function snippetInfo(view) {
    const s = view.state;
    return { origin: view.data.origin, sample: view.data.sample, state: { w0: s.w0, w1: s.w1, eta: s.eta, opt: s.opt, epochs: s.epochs },
      hyperparameters: view.optimizers[s.opt].hyperparameters, points: s.points || [] };
  }

  function installSnippet(view) {
    const el = view.el;
    function copy() {
      const text = pythonSnippet(snippetInfo(view)) + "\n# or, on the command line:\n" + cliLine(snippetInfo(view));
      const box = function () {
        el("code-text").value = text;
        el("code-box").hidden = false;
        el("code-text").focus(); el("code-text").select();
        page.say(view, "The clipboard was refused here: the code is in a box below the panels, selected.");
      };
      try {
        if (!navigator.clipboard || !navigator.clipboard.writeText) { box(); return; }
        navigator.clipboard.writeText(text).then(function () {
          el("code-box").hidden = true;
          page.say(view, "Copied the Python that reproduces this, and the command line.");
        }, box);
      } catch (err) { box(); }
    }
    el("copy").addEventListener("click", copy);
    el("code-close").addEventListener("click", function () { el("code-box").hidden = true; el("copy").focus(); });
    view.keys.c = function () { copy(); };
    view.api.python = function () { return pythonSnippet(snippetInfo(view)); };
    view.api.cli = function () { return cliLine(snippetInfo(view)); };
  }

  page.pythonSnippet = pythonSnippet;
  page.cliLine = cliLine;
  (page.lessons = page.lessons || []).push(installSnippet);
})(gdvizPage);
