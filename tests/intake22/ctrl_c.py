"""Ctrl-C in a terminal: SIGINT to the whole process group of `grade`, after SECONDS; then print what is left.

    .venv/bin/python tests/intake22/ctrl_c.py SECONDS -- grade CLASS --out DIR ...
"""
import os
import signal
import subprocess
import sys
import time

secs = float(sys.argv[1])
args = sys.argv[sys.argv.index("--") + 1:]
proc = subprocess.Popen([sys.executable, "-m", "grader", *args], start_new_session=True,
                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
time.sleep(secs)
os.killpg(proc.pid, signal.SIGINT)
out, err = proc.communicate(timeout=120)
print("rc", proc.returncode)
print(out[-1500:])
print("\n".join(line for line in err.splitlines() if "UserWarning" not in line and "notify_trait" not in line)[-2500:])
