"""The progress of a run on stderr: tqdm on a terminal, a line every 10% otherwise (a log file)."""

from __future__ import annotations

import sys


class Progress:
    """Counts graded notebooks by status; tqdm on a terminal; a line every 10% otherwise."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.counts = total, 0, {}
        self.bar = None
        self.enabled = enabled and total > 0
        self.next_line = 0.1
        if self.enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="nb", desc="grading", file=sys.stderr, dynamic_ncols=True)

    def update(self, status: str) -> None:
        """One more notebook graded, with ``status`` (grader.status.Status)."""
        self.done += 1
        self.counts[status] = self.counts.get(status, 0) + 1
        post = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        if self.bar is not None:
            self.bar.set_postfix_str(post, refresh=False)
            self.bar.update(1)
        elif self.enabled and self.done / self.total >= self.next_line - 1e-9:
            print(f"grading: {self.done}/{self.total} notebooks ({post})", file=sys.stderr, flush=True)
            while self.next_line <= self.done / self.total:
                self.next_line += 0.1

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
