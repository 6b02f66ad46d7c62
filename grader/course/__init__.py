"""The course folder: solutions (nbgrader's source) to release, gradebook and nbgrader's layout."""
