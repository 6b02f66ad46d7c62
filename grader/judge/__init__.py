"""Test verdicts decided outside the learner's kernel (see docs/grader/judge.md).

- :mod:`grader.judge.wire`: plain data between the two processes (no pickle).
- :mod:`grader.judge.server`: the learner's side, inside the kernel (untrusted).
- :mod:`grader.judge.judge`: the trusted side, in the grading worker: runs test
  cells with the learner's names as remote proxies.
"""
