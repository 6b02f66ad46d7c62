"""Hand-grade in the course's gradebook with nbgrader's own API (what formgrader writes).

python handgrade.py COURSE_DIR: cai's test_max_pool_values gets 2 of 3 by hand, eve 1 point of
extra credit on test_relu, ana a comment on her relu cell.
"""
import pathlib
import sys

from nbgrader.api import Gradebook

course = pathlib.Path(sys.argv[1])
A = "03_relu_and_pooling"
with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
    g = gb.find_grade("test_max_pool_values", A, A, "cai")
    print("cai test_max_pool_values before:", g.auto_score, g.manual_score, g.score)
    g.manual_score = 2
    g = gb.find_grade("test_relu", A, A, "eve")
    g.extra_credit = 1
    c = gb.find_comment("relu", A, A, "ana")
    c.manual_comment = "Neat use of np.maximum."
    gb.db.commit()
    for s in ("cai", "eve", "ana"):
        print(s, "score in the gradebook:", gb.find_submission_notebook(A, A, s).score)
