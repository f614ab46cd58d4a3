/* gdviz widget: the adapter between the explore page's script and anywidget's model.
 *
 * gdviz/notebook.py writes the widget's one ES module as:
 *
 *     const GDVIZ_STYLE = "...", GDVIZ_MARKUP = "...";            // the page's style sheet and body
 *     function gdvizModules(document, window, location, history) {
 *       ...the page's script modules (gdviz/page/js/NN-job.js), concatenated as explore.py does...
 *       return gdvizPage;
 *     }
 *     ...this file...                                             // render() and `export default`
 *
 * Each widget runs its own copy of the modules (one call of gdvizModules), inside its own
 * shadow root, through four stand-ins for the globals the modules read: `document` finds
 * this widget's elements and takes the page's keys on the widget only, `window` keeps its
 * listeners to be removed, `location` has no fragment and `history` takes the page's
 * fragment writes (its note that the state changed) without touching the notebook's
 * address. Anything else passes through to the browser's own objects. The adapter uses
 * only the page's script interface: start(data) -> {state, set, run}.
 *
 * The model's contract (anywidget's front end): get, set, on, off, save_changes. The
 * `state` trait is {w0, w1, eta, optimizer, epochs, epoch} (w0, w1: the start, data units);
 * the page's own state names the optimizer `opt`. Handlers read model.get("state"), never
 * their arguments (hosts pass different ones).
 */

const TRAIT_OF_PAGE = { w0: "w0", w1: "w1", eta: "eta", opt: "optimizer", epochs: "epochs", epoch: "epoch" };

function traitOf(pageState) {
  const out = {};
  for (const key in TRAIT_OF_PAGE) out[TRAIT_OF_PAGE[key]] = pageState[key];
  return out;
}

function pageOf(trait) {
  const out = {};
  if (!trait || typeof trait !== "object") return out;
  for (const key in TRAIT_OF_PAGE) {
    const value = trait[TRAIT_OF_PAGE[key]];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

function same(a, b) {
  for (const key in TRAIT_OF_PAGE) {
    const name = TRAIT_OF_PAGE[key];
    if ((a || {})[name] !== (b || {})[name]) return false;
  }
  return true;
}

/** A stand-in for a browser object: `own` first, then the real one's members (functions bound to it). */
function standIn(real, own) {
  return new Proxy(own, {
    get: function (target, key) {
      if (key in target) return target[key];
      const value = Reflect.get(real, key);
      return typeof value === "function" ? value.bind(real) : value;
    },
  });
}

/** The four globals the page's modules read, for one widget whose elements are in `root` under `body`. */
function globalsFor(root, body, listeners, changed) {
  function track(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    listeners.push([target, type, fn, options]);
  }
  const doc = standIn(document, {
    getElementById: function (id) { return root.getElementById(id); },
    querySelector: function (selector) { return body.querySelector(selector); },
    querySelectorAll: function (selector) { return body.querySelectorAll(selector); },
    addEventListener: function (type, fn, options) { track(body, type, fn, options); },
    removeEventListener: function (type, fn, options) { body.removeEventListener(type, fn, options); },
    get activeElement() { return root.activeElement; },
    get documentElement() { return body; },
    get body() { return body; },
  });
  const loc = standIn(window.location, { hash: "", href: "", search: "" });
  const hist = standIn(window.history, {
    replaceState: function () { changed(); },
    pushState: function () { changed(); },
  });
  const win = standIn(window, {
    addEventListener: function (type, fn, options) {
      if (type !== "hashchange" && type !== "popstate") track(window, type, fn, options); // no fragment here
    },
    removeEventListener: function (type, fn, options) { window.removeEventListener(type, fn, options); },
    location: loc,
    history: hist,
    document: doc,
  });
  return { document: doc, window: win, location: loc, history: hist };
}

function render(ctx) {
  const model = ctx.model, el = ctx.el;
  const host = document.createElement("div");
  host.className = "gdviz-widget";
  el.appendChild(host);
  const root = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = GDVIZ_STYLE;
  const body = document.createElement("div");
  body.className = "gdviz-body";
  body.innerHTML = GDVIZ_MARKUP; // gdviz's own static markup; every user string goes in as text, by the page
  root.appendChild(style);
  root.appendChild(body);

  const listeners = [];
  let api = null, pending = false, dead = false;

  /** The page's state, sent to the model if it differs (at most once per animation frame). */
  function push() {
    pending = false;
    if (dead || !api) return;
    const now = traitOf(api.state());
    if (!same(now, model.get("state"))) {
      model.set("state", now);
      model.save_changes();
    }
  }
  function changed() {
    if (pending || dead) return;
    pending = true;
    requestAnimationFrame(push);
  }

  const g = globalsFor(root, body, listeners, changed);
  const page = gdvizModules(g.document, g.window, g.location, g.history);
  api = page.start(model.get("_data"));
  // Whatever the page's modules do on a change, a pointer, a key or a control ends with a check.
  for (const type of ["input", "change", "pointerup", "pointermove", "keyup", "click"]) {
    body.addEventListener(type, changed);
    listeners.push([body, type, changed, undefined]);
  }

  /** The model's state, applied to the page (which redraws); the page's normalised state goes back. */
  function fromModel() {
    if (dead) return;
    const wanted = model.get("state");
    if (!same(traitOf(api.state()), wanted)) {
      try {
        api.set(pageOf(wanted));
      } catch (err) {
        console.warn("gdviz widget: " + err.message); // eslint-disable-line no-console
      }
    }
    changed();
  }
  model.on("change:state", fromModel);
  fromModel();

  host.gdviz = api; // the page's script interface, for the curious (and the tests)
  return function cleanup() {
    dead = true;
    model.off("change:state", fromModel);
    for (const [target, type, fn, options] of listeners) target.removeEventListener(type, fn, options);
    listeners.length = 0;
  };
}

export default { render: render };
