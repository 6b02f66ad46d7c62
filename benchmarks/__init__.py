"""Speed and accuracy measurements; `make bench` runs them all.

Each benchmark is a module ``benchmarks/bench_<name>.py`` with a function
``run(quick: bool = False) -> str`` that measures, compares against a
reference in the same run (a ratio, because these machines are shared and
noisy), and returns a Markdown section (starting with a ``### `` heading).
``python -m benchmarks [NAME ...] [--quick]`` runs them and rewrites their
sections of benchmarks/RESULTS.md, each under a header with the machine, the
date and the command.
"""
