"""Reports: grades.json/grades.csv, the summary table and the instructor's class report."""
