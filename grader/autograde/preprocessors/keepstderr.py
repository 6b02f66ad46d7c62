"""KeepHarmlessStderr (autograde, right after execution): a warning on stderr never zeroes a test.

nbgrader's determine_grade zeroes a test cell with *any* stderr output; a
warning is no error, so stderr text of a test cell becomes a plain display
output. Errors still zero the cell.
"""

from __future__ import annotations

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from grader.autograde.cellkinds import is_test


class KeepHarmlessStderr(NbGraderPreprocessor):
    """stderr text of a test cell becomes a display output, so it cannot zero the cell."""

    def preprocess_cell(self, cell, resources, index):
        if is_test(cell):
            outputs = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    out = NotebookNode(output_type="display_data", metadata={"grader": {"stream": "stderr"}},
                                       data={"text/plain": out.get("text", "")})
                outputs.append(out)
            cell.outputs = outputs
        return cell, resources
