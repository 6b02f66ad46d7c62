"""nbgrader preprocessors the course adds (named in grader/nbgrader_config.py), one a module, as nbgrader's own.

- RepairCells (sanitising, before nbgrader's OverwriteCells; repaircells.py):
  nbgrader metadata from the release, deleted course cells put back.
- LimitedExecute (autograde, instead of nbgrader's Execute; limitedexecute.py,
  with launch.py, judged.py and guardchecks.py): the notebook's cells under its
  limits in a sandboxed kernel, its tests in the judge, the integrity guard.
- KeepHarmlessStderr (autograde, right after execution; keepstderr.py): stderr
  text of a test cell becomes a display output, so a warning never zeroes it.

The classes are named here because configuration names them by this dotted
path (``grader.autograde.preprocessors.LimitedExecute``), as nbgrader's
``nbgrader.preprocessors`` names its own.
"""

from grader.autograde.preprocessors.keepstderr import KeepHarmlessStderr
from grader.autograde.preprocessors.limitedexecute import LimitedExecute
from grader.autograde.preprocessors.repaircells import RepairCells

__all__ = ["KeepHarmlessStderr", "LimitedExecute", "RepairCells"]
