"""Submissions that reach out of their kernel: the sandbox's catalogue.

Each student is the fixture course's notebook 01 with a correct ``add`` and,
in the same solution cell, an attempt to reach something a learner must
never reach: files around the grader, the gradebooks, the neighbours'
submissions, the output folder, the Python environment, other processes, the
network, a process that outlives the kernel. Each attempt prints what it
managed (``REACHED``/``WROTE``/``KILLED``/``LINGER``/``FOUND``) and the test
(tests/test_grader_sandbox.py) reads that back from the autograded
notebooks, and checks the files and processes themselves.

Add an attempt here whenever a new way out comes to mind: a defence that
stops only the listed attacks is not one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests import grader_catalogue as cat

GOOD = cat.GOOD_ADD


@dataclass
class Paths:
    """Where things are on the grading machine (the attacks are told, as a learner could guess)."""

    repo: Path
    klass: Path
    out: Path
    cache: Path
    home: Path
    solutions: Path


def _cell(body: str) -> str:
    return GOOD + "\nimport os, sys, json, glob, signal, subprocess\n" + body


def readers(p: Paths) -> str:
    targets = [p.repo / "solutions", p.repo / "tests", p.repo / ".git", p.solutions, p.cache, p.out,
               p.klass, p.klass / "good" / f"{cat.NB1}.ipynb", p.home / "secret.txt", p.home,
               p.repo / "tests" / "fixtures" / "grader_course" / "solutions" / f"{cat.NB1}.ipynb"]
    return _cell(f"""
targets = {json.dumps([str(t) for t in targets])}
targets += glob.glob('/tmp/grader-grade-*') + glob.glob('/tmp/grader-grade-*/*.db') + glob.glob('/tmp/*/gradebook*.db')
targets += glob.glob(os.path.expanduser('~/.cache/nbgrader-addon/**/gradebook.db'), recursive=True)
targets += glob.glob(os.path.expanduser('~/.cache/cnn-course/**/gradebook.db'), recursive=True)  # older graders'
me = os.readlink('/proc/self')  # our own PID as /proc counts (os.getpid() is 1 in our namespace)
for pid in [d for d in os.listdir('/proc') if d.isdigit() and d != me]:
    targets += [f'/proc/{{pid}}/root/tmp', f'/proc/{{pid}}/cwd', f'/proc/{{pid}}/environ', f'/proc/{{pid}}/fd/0',
                f'/proc/{{pid}}/mem']
reached = []
for t in targets:
    try:
        if os.path.isdir(t):
            names = [n for n in os.listdir(t) if not n.startswith('.')]
            if names and not t.startswith('/proc/'):
                reached.append(t)
            elif t.startswith('/proc/') and names:
                reached.append(t)
        else:
            with open(t, 'rb') as f:
                if f.read(64):
                    reached.append(t)
    except (OSError, ValueError):
        pass
print('REACHED', json.dumps(reached))
print('TRIED', len(targets))
""")


def writers(p: Paths) -> str:
    import sysconfig

    targets = [p.out / "grades.json", p.out / "planted.txt", p.klass / "good" / f"{cat.NB1}.ipynb",
               p.klass / "planted.txt", p.cache / "planted.txt", p.solutions / "planted.txt",
               p.repo / "cnnlib" / "planted.py", p.repo / "grader" / "planted.py",
               Path(sysconfig.get_paths()["purelib"]) / "planted.pth", p.home / "planted.txt",
               Path("/usr/lib/planted.txt")]
    return _cell(f"""
targets = {json.dumps([str(t) for t in targets])}
targets += [d + '/planted.txt' for d in glob.glob('/tmp/grader-grade-*')]
targets += glob.glob('/tmp/*/gradebook*.db')
wrote = []
for t in targets:
    try:
        with open(t, 'a') as f:
            f.write('planted by a learner')
        wrote.append(t)
    except OSError:
        pass
print('WROTE', json.dumps(wrote))
""")


def killer() -> str:
    # Only processes that look like the grader's (never pytest): a sandbox that failed open
    # then stops the grading run, which the test sees, rather than the machine.
    return _cell("""
import time
def started(pid):
    try:
        return open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[19]
    except OSError:
        return None
me = os.readlink('/proc/self')
aimed = {}
for pid in [d for d in os.listdir('/proc') if d.isdigit() and d != me]:
    try:
        cmd = open(f'/proc/{pid}/cmdline', 'rb').read().decode(errors='replace')
    except OSError:
        continue
    if ('grader' in cmd or 'ipykernel' in cmd or 'bwrap' in cmd) and 'pytest' not in cmd:
        aimed[pid] = started(pid)
        for way in (lambda: os.kill(int(pid), signal.SIGKILL), lambda: os.killpg(int(pid), signal.SIGKILL)):
            try:
                way()
            except OSError:
                pass
time.sleep(0.5)
# what the signals did, seen through /proc (the PIDs above are not ours to name)
print('AIMED', json.dumps(sorted(aimed)))
print('KILLED', json.dumps([pid for pid, t in aimed.items() if started(pid) != t]))
""")


def lingerer(marker: str) -> str:
    # a child that leaves its session, and a double-forked daemon: both must die with the kernel
    return _cell(f"""
subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)  # {marker}'],
                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(60)  # {marker}'])
    os._exit(0)
print('LINGER started')
""")


def scratch_writer(marker: str) -> str:
    return _cell(f"""
for d in (os.getcwd(), os.path.expanduser('~'), '/tmp', '/dev/shm'):
    try:
        with open(os.path.join(d, '{marker}'), 'w') as f:
            f.write('left for the next student')
    except OSError:
        pass
print('SCRATCH written')
""")


def scratch_finder(marker: str) -> str:
    return _cell(f"""
found = []
for d in (os.getcwd(), os.path.expanduser('~'), '/tmp', '/dev/shm'):
    found += glob.glob(os.path.join(d, '**', '{marker}'), recursive=True)
print('FOUND', json.dumps(found))
""")


def network(port: int) -> str:
    return _cell(f"""
import socket
try:
    socket.create_connection(('127.0.0.1', {port}), timeout=2).sendall(b'hello from a kernel')
    print('NETWORK reached')
except OSError as exc:
    print('NETWORK refused', exc)
""")


def installer() -> str:
    # A real package, built and installed from the scratch folder without the network.
    return _cell("""
os.makedirs('evilpkg/evilpkg_reachout', exist_ok=True)
open('evilpkg/evilpkg_reachout/__init__.py', 'w').write('OWNED = True\\n')
open('evilpkg/pyproject.toml', 'w').write('[project]\\nname = "evilpkg-reachout"\\nversion = "1"\\n'
    '[build-system]\\nrequires = ["setuptools"]\\nbuild-backend = "setuptools.build_meta"\\n')
done = subprocess.run([sys.executable, '-m', 'pip', 'install', '--no-index', '--no-build-isolation',
                       '--no-deps', './evilpkg'], capture_output=True, text=True)
print('PIP exit', done.returncode)
""")


def build(root: Path, release_dir: Path, paths: Paths, marker: str, port: int) -> dict[str, str]:
    """Write the class under ``root``; return {student: the attack's kind}."""
    s1 = cat.student_copy(cat.NB1, release_dir)
    solved = cat.with_cells(s1, add=GOOD, scale=cat.GOOD_SCALE)
    students = {
        "a-reader": readers(paths),
        "b-writer": writers(paths),
        "c-killer": killer(),
        "d-lingerer": lingerer(marker),
        "e-scratch-writer": scratch_writer(marker),
        "f-scratch-finder": scratch_finder(marker),
        "g-network": network(port),
        "h-installer": installer(),
    }
    for name, add in students.items():
        cat.write(cat.with_cells(solved, add=add), root / name / f"{cat.NB1}.ipynb")
    cat.write(solved, root / "good" / f"{cat.NB1}.ipynb")
    cat.write(s1, root / "untouched" / f"{cat.NB1}.ipynb")
    return students


# -- root-only powers and memory outside the resident set (tests/test_grader_unprivileged.py) -----------

HOST_KNOBS = ("/proc/sys/kernel/ns_last_pid", "/proc/sys/vm/drop_caches", "/proc/sys/vm/swappiness",
              "/proc/sys/kernel/randomize_va_space", "/proc/sys/net/ipv4/ip_forward",
              "/proc/sys/net/core/somaxconn", "/proc/sys/kernel/hostname", "/proc/sysrq-trigger",
              "/sys/kernel/mm/transparent_hugepage/enabled", "/sys/fs/cgroup/cgroup.procs",
              "/sys/devices/system/cpu/cpu0/online", "/sys/devices/system/cpu/cpufreq/boost")


def root_powers() -> str:
    """Open host-wide knobs under /proc/sys and /sys for writing (nothing is written: opening is the
    power) and use what only root, or a capability, allows; print ``POWERS`` with what worked."""
    return _cell(f"""
import ctypes, resource, socket, stat
powers = []
for knob in {list(HOST_KNOBS)!r}:
    try:
        os.close(os.open(knob, os.O_WRONLY))
        powers.append('write ' + knob)
    except OSError:
        pass
def tried(name, fn):
    try:
        fn()
        powers.append(name)
    except (OSError, ValueError, PermissionError):
        pass
tried('setuid 0', lambda: os.setuid(0))
open('mine.txt', 'w').close()
tried('chown to root', lambda: os.chown('mine.txt', 0, 0))
tried('raw socket', lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).close())
tried('nice -5', lambda: os.nice(-5))
tried('sethostname', lambda: socket.sethostname('owned'))
tried('mknod', lambda: os.mknod('null-device', stat.S_IFCHR | 0o600, os.makedev(1, 3)))
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
tried('raise a hard limit', lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (_soft, _hard + 1)))
libc = ctypes.CDLL(None, use_errno=True)
os.makedirs('mnt', exist_ok=True)
if libc.mount(b'none', b'mnt', b'tmpfs', 0, None) == 0:
    powers.append('mount')
if libc.unshare(0x00020000) == 0:  # a mount namespace of its own: CAP_SYS_ADMIN
    powers.append('unshare a mount namespace')
print('UID', os.getuid(), os.geteuid())
print('POWERS', json.dumps(powers))
""")


def memfd_hoarder() -> str:
    """Hold 1.5 GiB in memfds written with write(): in no process's resident set (6 of 256 MiB each,
    under RLIMIT_FSIZE's 1 GiB per file)."""
    return """import os, time
_fds = [os.memfd_create(f'hoard{i}') for i in range(6)]
_chunk = b'x' * (64 << 20)
for _fd in _fds:
    for _ in range(4):
        os.write(_fd, _chunk)
time.sleep(5)
""" + cat.GOOD_SCALE


def tmpfs_hoarder() -> str:
    """Fill the kernel's own /tmp (500 MB) and /dev/shm (250 MB): tmpfs pages, in no resident set."""
    return """import time
_chunk = b'x' * (50 << 20)
with open('/tmp/hoard', 'wb') as _f:
    for _ in range(10):
        _f.write(_chunk)
with open('/dev/shm/hoard', 'wb') as _f:
    for _ in range(5):
        _f.write(_chunk)
time.sleep(5)
""" + cat.GOOD_SCALE


def cow_children() -> str:
    """Touch 250 MB, then fork 8 children that keep it (copy-on-write, shared) for 3 s: about 9 x the
    memory in resident sets, once in fact."""
    return GOOD + """
import os, time
import numpy as np
_held = np.ones(250 * 2**20 // 8)
_kids = []
for _ in range(8):
    _pid = os.fork()
    if _pid == 0:
        time.sleep(3)
        os._exit(0)
    _kids.append(_pid)
for _pid in _kids:
    os.waitpid(_pid, 0)
print('CHILDREN done', float(_held.sum()))
"""


def file_lister(roots: list[str]) -> str:
    """Print ``READABLE`` with every regular file the kernel can open for reading under ``roots`` (the
    course, the grader, the caches), its home, /tmp and the course's entries in site-packages (the rest
    of the Python installation is the interpreter's)."""
    return _cell(f"""
import site
roots = {roots!r} + [os.path.expanduser('~'), '/tmp']
# the Python installation is walked only for the course's entries in site-packages (below)
python = {{os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}}
for folder in site.getsitepackages():
    try:
        roots += [os.path.join(folder, n) for n in os.listdir(folder)
                  if n.split('-')[0].split('.')[0].lower() in ('grader', 'cnnlib', 'cnn_course', '__editable__')
                  or n.endswith('.pth')]
    except OSError:
        pass
readable = set()
for root in roots:
    walked = [(root, [], [''])] if os.path.isfile(root) else os.walk(root)
    for folder, subs, names in walked:
        subs[:] = [d for d in subs if os.path.realpath(os.path.join(folder, d)) not in python]
        for name in names:
            path = os.path.join(folder, name) if name else folder
            try:
                with open(path, 'rb') as f:
                    f.read(1)
                readable.add(path)
            except OSError:
                pass
print('READABLE', json.dumps(sorted(readable)))
""")
