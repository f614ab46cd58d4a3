"""The legend's per-run columns beyond SSE and weights: each run's regime and its epochs to 1%.

One small helper, so that the legend's layout and these columns change apart: the
legend asks for the header cells, a run's cells and blank cells (for rows that are not
runs), all fixed-width and two spaces apart.
"""

from __future__ import annotations

from ...training.facts import TO_GAP_NAME, run_facts, to_gap_text

__all__ = ["RunColumns"]


class RunColumns:
    """Each run's regime (when any run has one) and its epochs to 1% (always), as legend cells.

    Parameters
    ----------
    runs : list of Run
        The scene's runs (their ``history``).
    """

    def __init__(self, runs):
        facts = [run_facts(r.history) for r in runs]
        self.facts = facts
        columns = []
        if any(f.regime for f in facts):
            columns.append(("regime", [f.regime or "" for f in facts], "<"))
        columns.append((f"to {TO_GAP_NAME}", [to_gap_text(f.to_gap) for f in facts], ">"))
        self._columns = [(head, cells, align, max(len(head), *(len(c) for c in cells)))
                         for head, cells, align in columns]
        self.holds_status = False

    def take_status(self, width: int) -> bool:
        """Let the regime column also say a run's status ("diverged", "ended"), `width` characters at most.

        A run's status is news of the moment and its regime the reason: one cell says
        the status the legend passes to :meth:`row` and the regime otherwise, which
        keeps a race of seven narrow enough for its panel. False (nothing changes)
        without a regime column.
        """
        if not self._columns or self._columns[0][0] != "regime" or not width:
            return False
        head, cells, align, w = self._columns[0]
        self._columns[0] = (head, cells, align, max(w, width))
        self.holds_status = True
        return True

    def narrow(self) -> bool:
        """Drop the first column left (the regime, then epochs to 1%), for a legend too wide for its panel.

        False when there is none left to drop (a thumbnail's legend keeps only the SSE).
        """
        if self._columns:
            self.holds_status = self.holds_status and self._columns[0][0] != "regime"
            self._columns = self._columns[1:]
            return True
        return False

    def head(self) -> str:
        """The header cells, each after two spaces."""
        return "".join(f"  {head:{align}{width}}" for head, _, align, width in self._columns)

    def row(self, index: int, status: str = "") -> str:
        """Run `index`'s cells, each after two spaces; `status`, when given, in place of the regime (see take_status)."""
        return "".join(f"  {(status or cells[index]) if k == 0 and self.holds_status else cells[index]:{align}{width}}"
                       for k, (_, cells, align, width) in enumerate(self._columns))

    def blank(self) -> str:
        """As wide as a row, empty: for the least-squares row."""
        return " " * len(self.head())
