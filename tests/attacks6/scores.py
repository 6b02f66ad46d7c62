"""Prints, per student and notebook of a graded folder, the points of every test cell (from gradebook.db)."""
import sqlite3
import sys

db = sqlite3.connect(f"{sys.argv[1]}/gradebook.db")
rows = db.execute("""
    select st.id, a.name, n.name, bc.name, g.auto_score, g.manual_score, gc.max_score
    from grade g join grade_cells gc on g.cell_id = gc.id join base_cell bc on bc.id = gc.id
    join submitted_notebook sn on g.notebook_id = sn.id join notebook n on sn.notebook_id = n.id
    join submitted_assignment sa on sn.assignment_id = sa.id join assignment a on sa.assignment_id = a.id
    join student st on sa.student_id = st.id order by st.id, n.name, gc.id""").fetchall()
cur = None
for sid, _a, nb, cell, auto, manual, mx in rows:
    if (sid, nb) != cur:
        cur = (sid, nb)
        tot = sum((r[5] if r[5] is not None else (r[4] or 0)) for r in rows if r[0] == sid and r[2] == nb)
        mxt = sum(r[6] for r in rows if r[0] == sid and r[2] == nb)
        print(f"\n{sid} / {nb}: {tot:g}/{mxt:g}")
    s = manual if manual is not None else auto
    print(f"   {cell:45s} {s if s is not None else '-'}/{mx:g}")
