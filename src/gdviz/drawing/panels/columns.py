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

    def narrow(self) -> bool:
        """Drop the first column left (the regime, then epochs to 1%), for a legend too wide for its panel.

        False when there is none left to drop (a thumbnail's legend keeps only the SSE).
        """
        if self._columns:
            self._columns = self._columns[1:]
            return True
        return False

    def head(self) -> str:
        """The header cells, each after two spaces."""
        return "".join(f"  {head:{align}{width}}" for head, _, align, width in self._columns)

    def row(self, index: int) -> str:
        """Run `index`'s cells, each after two spaces."""
        return "".join(f"  {cells[index]:{align}{width}}" for _, cells, align, width in self._columns)

    def blank(self) -> str:
        """As wide as a row, empty: for the least-squares row."""
        return " " * len(self.head())
