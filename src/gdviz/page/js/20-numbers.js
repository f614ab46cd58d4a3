/* Numbers as text, as gdviz writes them: tick labels (gdviz.tickformat), readouts
 * (gdviz.text.readable, fixed_width), Python's number formats, and the gap to least
 * squares (gdviz.diagnostics). No DOM. */
var gdvizPage = gdvizPage || {};

(function (page) {
  "use strict";

  const MINUS = "\u2212";
  const SUPERSCRIPT = { "-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074",
    "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };

  function minus(text) { return text.replace(/-/g, MINUS); }

  function superscript(text) { return String(text).split("").map(function (c) { return SUPERSCRIPT[c]; }).join(""); }

  // -- Python's number formats -----------------------------------------------------------
  // JavaScript's toFixed and toExponential round an exact tie away from zero; Python rounds
  // it to even (0.125 to two decimals: JS 0.13, Python 0.12). A tie is a value whose digits
  // stop exactly at a 5 in the first place dropped: then the last digit kept is made even.

  /** Whether |x| lies exactly halfway between two multiples of 10^-places (a tie when rounding there).
   *
   * For places >= 0 that is: |x| x 2^(places+1) is an odd integer (exact: a power of two);
   * for places < 0: 2|x| / 10^-places is an odd integer (a double can only be such a tie
   * when 10^-places <= 10^22, where the division is exact). */
  function tieAt(x, places) {
    x = Math.abs(x);
    const q = places >= 0 ? x * Math.pow(2, places + 1) : (places >= -22 ? 2 * x / Math.pow(10, -places) : 0.5);
    return Number.isInteger(q) && q < 4503599627370496 && q % 2 === 1; // below 2^52: an exact quotient
  }

  /** The last digit of a digit string made even (a tie that JavaScript rounded away from zero). */
  function evenLast(digits) {
    const i = digits.search(/\d(?=\D*$)/), d = Number(digits[i]);
    return d % 2 === 1 ? digits.slice(0, i) + String(d - 1) + digits.slice(i + 1) : digits;
  }

  /** Python's f"{x:.{places}f}" (for |x| below 10^21, where toFixed writes every digit). */
  function fixed(x, places) {
    if (!isFinite(x)) return nonFinite(x);
    let text = Math.abs(x).toFixed(places);
    if (tieAt(x, places)) text = evenLast(text);
    return (x < 0 || Object.is(x, -0) ? "-" : "") + text;
  }

  /** Python's f"{x:.{digits}e}": `digits` decimals in the mantissa, two exponent digits at least. */
  function expo(x, digits) {
    if (!isFinite(x)) return nonFinite(x);
    let [m, e] = Math.abs(x).toExponential(digits).split("e");
    const exponent = Number(e);
    if (x !== 0 && tieAt(x, digits - exponent)) m = evenLast(m);
    const d = String(Math.abs(exponent));
    return (x < 0 || Object.is(x, -0) ? "-" : "") + m + "e" + (exponent < 0 ? "-" : "+") + (d.length < 2 ? "0" + d : d);
  }

  function nonFinite(x) { return x !== x ? "nan" : x > 0 ? "inf" : "-inf"; }

  /** Python's f"{x:.{digits}g}". */
  function gfmt(x, digits) {
    if (!isFinite(x)) return nonFinite(x);
    if (x === 0) return Object.is(x, -0) ? "-0" : "0";
    const p = Math.max(digits, 1), e = expo(x, p - 1), exponent = Number(e.split("e")[1]);
    if (exponent >= -4 && exponent < p) return strip(fixed(x, p - 1 - exponent));
    const parts = e.split("e");
    return strip(parts[0]) + "e" + parts[1];
  }

  function strip(text) { return text.indexOf(".") >= 0 ? text.replace(/0+$/, "").replace(/\.$/, "") : text; }

  // -- tick labels (gdviz.tickformat) ----------------------------------------------------

  /** `value` with the fewest decimals (up to `most`) that keep it within `tolerance` (tickformat._digits). */
  function digitsText(value, tolerance, most) {
    let d = 0;
    for (; d <= most; d++) if (Math.abs(Number(fixed(value, d)) - value) <= tolerance) break;
    return strip(fixed(value, Math.min(d, most)));
  }

  /** 1.5×10¹⁶: the mantissa with enough digits to tell ticks `step` apart (tickformat._power). */
  function power(value, step) {
    let e = Math.floor(Math.log10(Math.abs(value)));
    let m = value / Math.pow(10, e);
    if (Number(fixed(Math.abs(m), 6)) >= 10) { e += 1; m /= 10; }
    const tolerance = step > 0 ? 1e-3 * step / Math.pow(10, e) : 1e-9;
    const digits = digitsText(m, tolerance, 3);
    const p = "10" + superscript(e);
    if (digits === "1" || digits === "-1") return (digits === "-1" ? "-" : "") + p;
    return digits + "\u00d7" + p;
  }

  const SUFFIXES = [[9, "G"], [6, "M"], [3, "k"]];

  /** The label of tick `value` on an axis whose largest magnitude is `big` and spacing `step` (tickformat.label). */
  function tickLabel(value, big, step) {
    step = step || 0;
    if (value === 0 || Math.abs(value) < 1e-12 * big) return "0";
    let text;
    if (big >= 1e12 || big < 1e-3) {
      text = power(value, step);
    } else if (big >= 1e3) {
      const [p, suffix] = SUFFIXES.find(function (s) { return big >= Math.pow(10, s[0]); });
      const unit = Math.pow(10, p);
      text = digitsText(value / unit, step > 0 ? 1e-3 * step / unit : 1e-9, 6) + suffix;
    } else {
      text = digitsText(value, step > 0 ? 1e-3 * step : 1e-9 * Math.abs(value), 6);
    }
    return minus(text);
  }

  // -- dates (tickformat.date_ticks; cells.year_fraction) ---------------------------------
  const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

  function leap(year) { return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0; }

  function daysIn(year) { return leap(year) ? 366 : 365; }

  /** year + seconds / (seconds in that year): the one formula every date goes through (cells.year_fraction). */
  function yearFraction(year, seconds) { return year + seconds / (86400.0 * daysIn(year)); }

  /** The moment year-month-day 00:00 as a decimal year (tickformat._decimal_year). */
  function decimalYear(year, month, day) {
    let dayOfYear = (day || 1) - 1;
    for (let m = 1; m < (month || 1); m++) dayOfYear += m === 2 && leap(year) ? 29 : MONTH_DAYS[m - 1];
    return yearFraction(year, 86400.0 * dayOfYear);
  }

  function pad(number, width) { let t = String(number); while (t.length < width) t = "0" + t; return t; }

  /** "YYYY-MM-DD HH:MM" of the moment `seconds` after the start of `year` (whole microseconds, as timedelta). */
  function stamp(year, seconds) {
    const minutes = Math.floor(Math.round(seconds * 1e6) / 6e7), start = new Date(0);
    start.setUTCFullYear(year, 0, 1); // (Date.UTC would read the years 0 to 99 as 1900 to 1999)
    const at = new Date(start.getTime() + minutes * 60000);
    return pad(at.getUTCFullYear(), 4) + "-" + pad(at.getUTCMonth() + 1, 2) + "-" + pad(at.getUTCDate(), 2) + " " +
      pad(at.getUTCHours(), 2) + ":" + pad(at.getUTCMinutes(), 2);
  }

  /** {ticks, labels} for an axis of decimal years from `lo` to `hi`: at most seven (tickformat.date_ticks). */
  function dateTicks(lo, hi) {
    const span = Math.max(hi - lo, 1e-12);
    const first = Math.floor(lo), last = Math.floor(hi);
    let ticks = [];
    if (span >= 2.5) {
      let step = 1;
      search: for (let p = 0; p < 400; p++) {
        for (const m of [1, 2, 5]) { step = m * Math.pow(10, p); if (span / step < 7) break search; }
      }
      for (let y = first - (((first % step) + step) % step); y <= last; y += step) ticks.push([y, String(y)]);
    } else if (span >= 2 / 12) {
      const every = [1, 2, 3, 6, 12].find(function (k) { return span * 12 / k < 7; });
      for (let y = first; y <= last; y++) {
        for (let m = 1; m <= 12; m += every) ticks.push([decimalYear(y, m), y + "-" + pad(m, 2)]);
      }
    } else if (span >= 2 / 365) {
      const every = [1, 2, 5, 10, 15, 30].find(function (k) { return span * 365 / k < 7; });
      for (let y = Math.max(first, 1); y <= last; y++) {
        for (let m = 1; m <= 12; m++) {
          for (let d = 1; d < 29; d += every) ticks.push([decimalYear(y, m, d), y + "-" + pad(m, 2) + "-" + pad(d, 2)]);
        }
      }
    } else {
      const every = [1, 2, 3, 6, 12].find(function (k) { return span * 8760 / k < 6; }) || 12;
      for (let y = Math.max(first, 1); y <= last; y++) {
        const seconds = 86400.0 * daysIn(y);
        const h0 = Math.ceil(Math.max(lo - y, 0.0) * seconds / 3600.0 / every) * every;
        const h1 = Math.floor(Math.min(hi - y, 1.0) * seconds / 3600.0);
        for (let h = h0; h <= h1; h += every) ticks.push([yearFraction(y, 3600.0 * h), stamp(y, 3600.0 * h)]);
      }
    }
    ticks = ticks.filter(function (t) { return lo <= t[0] && t[0] <= hi; });
    if (ticks.length < 2 && span < 1 / 365 && first >= 1) { // under an hour: the two ends, to the minute
      ticks = [lo, hi].map(function (v) {
        const year = Math.floor(v);
        return [v, stamp(year, (v - year) * 86400.0 * daysIn(year))];
      });
    }
    return { ticks: ticks.map(function (t) { return t[0]; }),
      labels: ticks.map(function (t) { return t[1][0] === "-" ? MINUS + t[1].slice(1) : t[1]; }) };
  }

  // -- readouts (gdviz.text) ---------------------------------------------------------------

  /** `v` with about `digits` significant digits, plain from 0.001 to 10^7 (text.readable). */
  function readable(v, digits) {
    digits = digits || 4;
    if (v === 0 || !isFinite(v)) return minus(gfmt(v, 6));
    const mag = Math.floor(Math.log10(Math.abs(v)));
    if (mag >= -3 && mag < 7) return minus(fixed(v, Math.max(0, digits - 1 - mag)));
    const parts = expo(v, digits - 1).split("e"), exponent = Number(parts[1]);
    return minus(parts[0]) + "\u00d710" + superscript(String(exponent));
  }

  /** Python's f"{v:+{width}.{places}f}" (width 0: no padding). */
  function signedFixed(v, places, width) {
    let t = isFinite(v) ? fixed(v, places) : nonFinite(v);
    if (t[0] !== "-") t = "+" + t;
    while (t.length < width) t = " " + t;
    return t;
  }

  /** A formatter with one number of decimals and one width for values up to `biggest` in
   * magnitude (text.fixed_width, given max(abs(values))). */
  function fixedWidth(biggest) {
    if (biggest === 0 || !(biggest >= 1e-3 && biggest < 1e6)) {
      return function (v) { const t = expo(v, 3); return minus(t[0] === "-" ? t : "+" + t); };
    }
    const places = Math.max(0, 4 - Math.floor(Math.log10(biggest)));
    const width = signedFixed(-biggest, places, 0).length;
    return function (v) { return minus(signedFixed(v, places, width)); };
  }

  /** Three significant digits, as gdviz prints a learning rate (Python's .3g). */
  function short(v) { return gfmt(v, 3); }

  function round3(v) { return Number(v.toPrecision(3)); }

  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  // -- the gap to least squares (gdviz.diagnostics) ----------------------------------------

  /** The SSE a gap is measured against (diagnostics.gap_reference; exactFit is EXACT_FIT). */
  function gapReference(best, spread, initial, exactFit, tiny) {
    const floor = spread > 0 ? exactFit * spread : exactFit * Math.abs(initial);
    return Math.max(best, floor, tiny);
  }

  /** (final - best) / reference (diagnostics.relative_gap). */
  function relativeGap(final, best, reference) { return Math.max(final - best, 0.0) / reference; }

  /** Which wording a gap takes (diagnostics.describe_gap's branches): "line", "percent" or "times". */
  function gapKind(final, best, gap) {
    if (best <= 1e-12 * Math.max(final, 1.0) || best === 0) return "line";
    return gap < 10 ? "percent" : "times";
  }

  /** diagnostics.describe_gap, word for word. */
  function describeGap(final, best, gap) {
    const kind = gapKind(final, best, gap);
    if (kind === "line") return "the least-squares SSE is 0 (the points lie on a line), " + gfmt(final, 3) + " to go";
    if (kind === "percent") return gfmt(100 * gap, 3) + "% above the least-squares " + gfmt(best, 4);
    return gfmt(final / best, 3) + " times the least-squares " + gfmt(best, 4);
  }

  /** Below this relative gap a percentage would read "0.00999%" or "1.54e-12%": the page says how many
   * leading digits of the SSE equal the least-squares SSE instead. */
  const DIGITS_BELOW = 1e-4;

  /** How many leading digits of the SSE equal least squares' for a relative gap below DIGITS_BELOW
   * (at most 15, what a double holds): 0 for a gap of exactly 0, null at DIGITS_BELOW and above. */
  function gapDigits(gap) {
    if (!(gap < DIGITS_BELOW)) return null;
    return gap > 0 ? Math.min(15, Math.floor(-Math.log10(gap))) : 0;
  }

  /** The gap as the page's readout says it, as a reader would: describe_gap's numbers, shorter, and
   * "equal to least squares to 12 digits" where describe_gap writes "1e-10% above the least-squares".
   *
   * Given the gap's `reference` (gapReference), the points lie on a line when the least-squares SSE is
   * below it (a millionth of the data's spread: diagnostics.report's test), not whenever the SSE is 10^12
   * times the least-squares SSE, as describe_gap says of a start far off (w0 = 10^5 on the tutorial's data). */
  function gapWords(final, best, gap, reference) {
    let kind = gapKind(final, best, gap);
    if (reference !== undefined) kind = best < reference || best === 0 ? "line" : gap < 10 ? "percent" : "times";
    if (kind === "line") return "least-squares SSE 0 (the points lie on a line), " + readable(final, 3) + " to go";
    if (kind === "times") return readable(final / best, 3) + " times least squares";
    const digits = gapDigits(gap);
    if (digits === 0) return "equal to least squares";
    if (digits !== null) return "equal to least squares to " + digits + " digits";
    return gfmt(100 * gap, 3) + "% above least squares";
  }

  /** Labels for the ticks of a log axis: each decade at its own size (tickformat.label(v, |v|)), unless the
   * axis reaches 10^12 or below 10^-3, where that mixes styles ("100G" under "10\u00b9\u00b2"): then every
   * tick as a power of ten. */
  function logTickLabels(ticks) {
    let lo = Infinity, hi = -Infinity;
    for (const t of ticks) { lo = Math.min(lo, Math.abs(t)); hi = Math.max(hi, Math.abs(t)); }
    const powers = hi >= 1e12 || lo < 1e-3;
    return ticks.map(function (t) { return powers ? minus(power(t, 0)) : tickLabel(t, Math.abs(t), 0); });
  }

  /** "The run stopped after epoch 44": what the readout says of a run that diverged at epoch 45 (the first
   * epoch whose SSE passed the limit, which is not one of the run's rows). */
  function divergedWords(divergedAt) {
    return "diverged: stopped after epoch " + (divergedAt - 1);
  }

  page.MINUS = MINUS;
  page.minus = minus;
  page.fixed = fixed;
  page.expo = expo;
  page.gfmt = gfmt;
  page.tickLabel = tickLabel;
  page.yearFraction = yearFraction;
  page.dateTicks = dateTicks;
  page.readable = readable;
  page.fixedWidth = fixedWidth;
  page.short = short;
  page.round3 = round3;
  page.thousands = thousands;
  page.gapReference = gapReference;
  page.relativeGap = relativeGap;
  page.describeGap = describeGap;
  page.gapWords = gapWords;
  page.gapDigits = gapDigits;
  page.logTickLabels = logTickLabels;
  page.divergedWords = divergedWords;
})(gdvizPage);
