"""One notebook autograded: nbgrader's autograde with the course's preprocessors, outputs by allow-list."""
