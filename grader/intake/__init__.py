"""Intake: what learners hand in, found, repaired where nbformat can, and read from LMS downloads."""
