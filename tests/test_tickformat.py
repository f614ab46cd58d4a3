"""Tick labels at every scale: plain, k/M/G up to 10¹², a written-out power of ten beyond
and below 10⁻³, one minus sign (U+2212), and no negative ticks on an SSE axis."""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import gdviz
from gdviz.drawing.tickformat import format_axis

SUPER = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
PLAIN = re.compile(r"^−?\d+(\.\d+)?$")
SUFFIX = re.compile(r"^−?\d+(\.\d+)?[kMG]$")
POWER = re.compile(r"^(−?\d(\.\d+)?×|−)?10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+$")


def value_of(label: str) -> float:
    """Read a label back into the number it claims to be."""
    text = label.replace("−", "-")
    if "10" in text and any(c in text for c in "⁰¹²³⁴⁵⁶⁷⁸⁹"):
        mantissa, _, power = text.rpartition("10")
        mantissa = mantissa.rstrip("×")
        m = {"": 1.0, "-": -1.0}.get(mantissa)
        return (float(mantissa) if m is None else m) * 10.0 ** int(power.translate(SUPER))
    scale = {"k": 1e3, "M": 1e6, "G": 1e9}.get(text[-1], 1.0)
    return float(text[:-1] if scale != 1.0 else text) * scale


FIG = Figure(figsize=(6, 3), dpi=100)
FigureCanvasAgg(FIG)


def labels(lo, hi, *, log=False, sse=False):
    """The labels an axis with limits lo..hi shows: its locator's ticks through its formatter,
    exactly what drawing it does (the render test below draws for real)."""
    FIG.clear()
    ax = FIG.add_axes((0.1, 0.2, 0.8, 0.7))
    if log:
        ax.set_yscale("log")
    ax.set_ylim(lo, hi)
    format_axis(ax.yaxis, lo, hi, nonnegative=sse)
    vlo, vhi = sorted(ax.get_ylim())
    ticks = [v for v in ax.yaxis.get_major_locator()() if vlo <= v <= vhi]
    texts = ax.yaxis.get_major_formatter().format_ticks(ticks)
    return [(text, v) for text, v in zip(texts, ticks) if text]


def check(pairs, big, log=False):
    texts = [t for t, _ in pairs]
    assert texts, "no labels"
    assert len(set(texts)) == len(texts), texts  # neighbours never read the same
    for text, tick in pairs:
        assert "-" not in text and "e+" not in text and "e-" not in text, text
        assert value_of(text) == pytest.approx(tick, rel=2e-3, abs=1e-300), (text, tick)
        size = abs(tick) if log else big
        if text == "0":
            continue
        if size >= 1e12 or size < 1e-3:
            assert POWER.match(text), (text, big)
        elif size >= 1e3:
            assert SUFFIX.match(text), (text, big)
            suffix = "G" if size >= 1e9 else "M" if size >= 1e6 else "k"
            assert text.endswith(suffix), (text, big)
        else:
            assert PLAIN.match(text), (text, big)


@pytest.mark.parametrize("decade", range(-12, 21))
def test_labels_follow_the_rule_at_every_scale(decade):
    unit = 10.0**decade
    for lo, hi in ((0.0, 1.5 * unit), (-3 * unit, 8 * unit), (unit, 1.7 * unit), (-9.5 * unit, -2 * unit)):
        check(labels(lo, hi), max(abs(lo), abs(hi)))
    check(labels(unit, unit * 1e4, log=True), unit * 1e4, log=True)


@pytest.mark.parametrize("decade", [-6, 0, 4, 9, 16])
def test_an_sse_axis_never_shows_a_negative_tick(decade):
    unit = 10.0**decade
    pairs = labels(-0.08 * unit, 3 * unit, sse=True)
    assert pairs and all(v >= 0 for _, v in pairs) and not any(t.startswith("−") for t, _ in pairs)


def test_a_huge_sse_renders_with_readable_labels():
    """The defect: a table whose SSE is about 10¹⁶ read '1.5e+07G' and '-3e+06G'."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 100)
    data = gdviz.Dataset(x, 3e7 * x - 2e8 + rng.normal(0, 1e7, 100))
    h = gdviz.train(data, eta="auto", epochs=50, seed=0)
    assert h.loss.max() > 1e16
    anim = gdviz.Animation(h, size=(640, 360), max_frames=5)
    anim.frame(2)
    for panel in anim.panels:
        for axis in (panel.ax.xaxis, panel.ax.yaxis):
            shown = [(t.get_text(), t.get_position()[axis is panel.ax.yaxis]) for t in axis.get_ticklabels()]
            shown = [(text, tick) for text, tick in shown if text]
            assert shown, (panel.name, "no labels")
            for text, tick in shown:  # each label one of the rule's forms, and the number at its tick
                where = (panel.name, text)
                assert "e+" not in text and "e-" not in text and "-" not in text, where
                assert text == "0" or PLAIN.match(text) or SUFFIX.match(text) or POWER.match(text), where
                if text.endswith("G"):  # G only below 10¹²: '1.5e+07G' and '-3e+06G' were the defect
                    assert abs(value_of(text)) < 1e12, where
                assert value_of(text) == pytest.approx(tick, rel=2e-3, abs=1e-300), (where, tick)
    loss = next(p for p in anim.panels if p.name == "loss")
    assert not any(t.get_text().startswith("−") for t in loss.ax.yaxis.get_ticklabels() if t.get_text())


def test_dates_are_labelled_as_dates_exactly_where_the_reader_puts_them():
    from gdviz.data.cells import decimal_year
    from gdviz.drawing.tickformat import date_of, date_ticks

    for lo, hi, every in ((1974.3, 1980.0, "year"), (1958.2, 2024.5, "decade"), (2023.1, 2024.4, "quarter"),
                          (2023.2, 2023.9, "month"), (2023.30, 2023.55, "fortnight")):
        positions, texts = date_ticks(lo, hi)
        assert 3 <= len(texts) <= 10, (every, texts)
        for v, text in zip(positions, texts):
            assert lo <= v <= hi
            iso = text if len(text) == 10 else text + "-01" if len(text) == 7 else text + "-01-01"
            assert v == decimal_year(iso), (text, v)
            assert date_of(v) == iso
    assert date_of(1977.21) == "1977-03-18"


def test_a_weekly_series_is_drawn_on_a_date_axis():
    import warnings
    from pathlib import Path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdviz.GdvizWarning)  # it drops the rows with gaps: the point
        data = gdviz.load_csv(Path(__file__).parent / "data" / "co2_weekly.csv", x="date")
    anim = gdviz.Animation(gdviz.train(data, eta="auto", epochs=30, seed=0), size=(640, 360), max_frames=4)
    anim.frame(1)
    fit, surface = anim.panels[0], anim.panels[1]
    labels = [t.get_text() for t in fit.ax.xaxis.get_ticklabels() if t.get_text()]
    assert labels == ["1975", "1976", "1977", "1978", "1979", "1980"]
    assert "per year" in anim._legend.text(anim.moment(1))
    assert "1977-03" in surface.ax.get_xlabel() and "years" in surface.ax.get_ylabel()


@pytest.mark.parametrize("lo", [-5001.3, 1.0, 1958.2, 2023.99])
@pytest.mark.parametrize("days", [1 / 24, 1, 2, 5, 20, 61, 200, 400, 900, 2555, 7000 * 365.25, 1e6 * 365.25])
def test_date_ticks_at_every_span_are_few_sorted_and_signed(lo, days):
    from gdviz.drawing.tickformat import date_ticks

    hi = lo + days / 365.25
    positions, texts = date_ticks(lo, hi)
    assert len(positions) <= 7, texts
    assert positions == sorted(positions) and len(set(texts)) == len(texts)
    assert all(lo <= v <= hi for v in positions)
    if lo >= 1:  # real dates: a reader always gets two to compare
        assert len(positions) >= 2, texts
    for text in texts:
        assert "-" not in text[:1] and text.count("−") <= 1  # a negative year's sign only, as U+2212


def test_hours_and_minutes_label_a_series_within_a_day():
    from gdviz.drawing.tickformat import date_ticks

    assert date_ticks(2024.0, 2024.0 + 1.01 / 366)[1] == ["2024-01-01 00:00", "2024-01-01 06:00", "2024-01-01 12:00",
                                                         "2024-01-01 18:00", "2024-01-02 00:00"]
    assert date_ticks(2024.01, 2024.01 + 1 / 366 / 24 / 3)[1] == ["2024-01-04 15:50", "2024-01-04 16:10"]


@pytest.mark.parametrize("value, digits, text", [
    (0.0, 3, "0"), (-0.0, 3, "0"), (0.001, 3, "0.001"), (5e-5, 3, "5×10⁻⁵"), (1e-5, 3, "10⁻⁵"),
    (9.99995e-5, 3, "0.0001"), (1e-4, 3, "0.0001"), (0.0213457, 3, "0.0213"), (-3.5, 3, "−3.5"),
    (-1522.08, 6, "−1522.08"), (999999.5, 3, "10⁶"), (2.5e7, 6, "2.5×10⁷"), (-1e-9, 3, "−10⁻⁹"),
    (5e-324, 3, "4.94×10⁻³²⁴"), (float("inf"), 3, "inf"), (float("-inf"), 3, "−inf"),
])
def test_numbers_in_text_have_one_spelling_and_a_real_minus(value, digits, text):
    from gdviz.drawing.tickformat import number

    assert number(value, digits) == text
    assert number(np.float64(value), digits) == text  # numpy scalars read the same


@pytest.mark.parametrize("shift, scale, text", [
    (1522.08, 1.0, "x′ = x − 1522.08"), (-1522.08, 1.0, "x′ = x + 1522.08"),
    (5.2, 3.123456, "x′ = (x − 5.2) / 3.123"), (-5.2, 3.1, "x′ = (x + 5.2) / 3.1"), (0.0, 2.0, "x′ = x / 2"),
])
def test_the_rescaling_of_x_reads_as_written_by_hand(shift, scale, text):
    from gdviz.drawing.tickformat import centring

    assert centring(shift, scale) == text
    assert "-" not in centring(shift, scale)


def test_eta_labels_use_three_digits_unless_runs_need_more():
    import warnings

    data = gdviz.make_data(n=20, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdviz.GdvizWarning)

        def labels(*etas):
            return gdviz.Animation([gdviz.train(data, eta=e, epochs=3) for e in etas]).labels

        assert labels(0.0213457, 0.003) == ["η=0.0213", "η=0.003"]
        assert labels(0.0010001, 0.0010002) == ["η=0.0010001", "η=0.0010002"]
        assert labels(1e-7, 2e-7) == ["η=10⁻⁷", "η=2×10⁻⁷"]
