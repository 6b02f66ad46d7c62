"""Test verdicts decided outside the learner's kernel (see docs/grader/judge.md).

- :mod:`grader.judge.wire`: plain data between the two processes (no pickle).
- :mod:`grader.judge.server`: the learner's side, inside the kernel (untrusted).
- :mod:`grader.judge.judge`: the trusted side, in the grading worker: runs test
  cells with the learner's names as remote proxies (:mod:`grader.judge.remote`),
  the course's cells as :mod:`grader.judge.plan` reads them; what a call changed
  comes back through :mod:`grader.judge.copyback`, the test's own objects go
  through :mod:`grader.judge.pickling`, its outputs through :mod:`grader.judge.outputs`.
"""
