"""report.html: the class report as one self-contained page.

No network, no JavaScript: tables, ``<details>`` for the side-by-side views,
and figures drawn with matplotlib, embedded as SVG data URIs. The numbers
come from grader.reports.classreport.collect().
"""

from __future__ import annotations

import base64
import html
import io

from grader.outfolder import report_stem

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;
 padding:0 1rem;color:#1a1a1a;line-height:1.4}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
table{border-collapse:collapse;margin:.6rem 0 1.2rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;
 text-align:left;vertical-align:top}th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.figs{display:flex;flex-wrap:wrap;gap:1rem}.figs img{max-width:100%;border:1px solid #eee}
.note{background:#fff7e0;border-left:4px solid #e0a800;padding:.5rem .8rem;margin:.8rem 0}
.muted{color:#666}pre{margin:0;font-size:.8rem;white-space:pre-wrap;word-break:break-word}
.side{width:100%;table-layout:fixed}.side td{width:50%}.alike{background:#ffe8a8;display:block}
nav a{margin-right:.8rem}code{background:#f3f3f3;padding:0 .2rem}
"""


def esc(x) -> str:
    return html.escape("" if x is None else str(x))


def _num(x) -> str:
    if x is None:
        return "-"
    return f"{round(x, 2):g}" if isinstance(x, float) else str(x)


def _pct(x) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def svg_uri(fig) -> str:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "grader-report"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def histogram_figure(stem: str, nb: dict) -> str:
    from matplotlib.figure import Figure

    h = nb["scores"]["histogram"]
    edges = h["edges"]
    lefts = edges[:-1]
    widths = [b - a for a, b in zip(edges[:-1], edges[1:], strict=True)]
    fig = Figure(figsize=(5.2, 2.6))
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.18, top=0.9)
    ax = fig.add_subplot()
    ax.bar(lefts, h["graded"], width=widths, align="edge", color="#3b75af", edgecolor="white", label="graded")
    ax.bar(lefts, h["not_graded_normally"], width=widths, align="edge", bottom=h["graded"], color="#e07b39",
           edgecolor="white", label="invalid, timeout or crashed")
    ax.set_xlabel(f"score (of {_num(nb['max_score'])} points)")
    ax.set_ylabel("notebooks")
    ax.set_title(f"{stem}: scores", fontsize=10)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if any(h["not_graded_normally"]):
        ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return svg_uri(fig)


def items_figure(stem: str, nb: dict) -> str:
    from matplotlib.figure import Figure

    items = [it for it in nb["tests"] if it["pass_share"] is not None]
    names = [f"{it['test']} ({_num(it['points'])} pt)" for it in items][::-1]
    label = 0.2 + 0.065 * max([len(n) for n in names] + [4])  # inches for the labels at 8 pt
    height = 0.9 + 0.25 * max(1, len(items))
    fig = Figure(figsize=(3.6 + label, height))
    fig.subplots_adjust(left=label / (3.6 + label), right=0.96, bottom=0.55 / height, top=1 - 0.35 / height)
    ax = fig.add_subplot()
    shares = [100 * it["pass_share"] for it in items][::-1]
    ax.barh(range(len(items)), shares, color="#3b75af")
    ax.set_yticks(range(len(items)), names, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("students who passed (%)")
    ax.set_title(f"{stem}: test cells, hardest first", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return svg_uri(fig)


def _table(head: list[str], rows: list[list[str]], cls: str = "") -> str:
    out = [f"<table{f' class={cls!r}' if cls else ''}><thead><tr>"]
    out += [f"<th>{h}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append("<tr>" + "".join(r) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def td(x, num=False) -> str:
    return f'<td class="n">{esc(_num(x))}</td>' if num else f"<td>{esc(x)}</td>"


def _code(src: str, alike: list[int]) -> str:
    marked = set(alike)
    lines = []
    for i, line in enumerate(src.splitlines()):
        text = esc(line) or " "
        lines.append(f'<span class="alike">{text}</span>' if i in marked else text)
    return "<pre>" + "\n".join(lines) + "</pre>"


def _run(data: dict) -> str:
    r = data["run"]
    lim = r.get("limits") or {}
    mem = lim.get("memory")
    sandbox = {True: "on", False: "off", None: "not recorded"}.get(r.get("sandbox"), str(r.get("sandbox")))
    rows = [
        ("finished", r.get("finished") or "not recorded"), ("started", r.get("started") or "not recorded"),
        ("course version (hash of the solutions and grader config)", r.get("course") or "not recorded"),
        ("students", data["students"]),
        ("notebooks graded in this run / kept from earlier runs", f"{_num(r.get('graded'))} / {_num(r.get('kept'))}"),
        ("workers", _num(r.get("workers"))), ("time taken (s)", _num(r.get("seconds"))),
        ("per-cell timeout (s)", _num(lim.get("timeout"))),
        ("per-notebook timeout (s)", _num(lim.get("notebook_timeout"))),
        ("memory limit", "none" if mem == 0 else (f"{mem / 1024**3:g} GiB" if mem else "not recorded")),
        ("network for kernels", {True: "allowed", False: "cut off", None: "not recorded"}[r.get("network")]),
        ("sandbox", sandbox),
        ("report built", data["generated"]),
    ]
    body = _table(["fact", "value"], [[td(k), td(v)] for k, v in rows])
    if r.get("note"):
        body += f'<p class="note">{esc(r["note"])}</p>'
    return body


def _notebook(stem: str, nb: dict) -> str:
    c = nb["counts"]
    s = nb["scores"]
    part = [f'<h2 id="nb-{esc(stem)}">{esc(stem)}</h2>']
    part.append(_table(["submitted", "graded", "missing", "invalid", "timeout", "crashed", "flagged", "mean",
                        "median", "full marks", "max"],
                       [[td(c["submitted"], 1), td(c["graded"], 1), td(c["missing"], 1), td(c["invalid"], 1),
                         td(c["timeout"], 1), td(c["crashed"], 1), td(c["flagged"], 1), td(s["mean"], 1),
                         td(s["median"], 1), td(s["full_marks"], 1), td(nb["max_score"], 1)]]))
    figs = [f'<img alt="histogram of the scores in {esc(stem)}" src="{histogram_figure(stem, nb)}">']
    if any(it["pass_share"] is not None for it in nb["tests"]):
        figs.append(f'<img alt="share of students who passed each test cell of {esc(stem)}" '
                    f'src="{items_figure(stem, nb)}">')
    part.append('<div class="figs">' + "".join(figs) + "</div>")
    part.append("<h3>Item analysis: test cells, hardest first</h3>")
    part.append(_table(["test cell", "points", "passed", "ran", "pass share", "mean points", "points lost"],
                       [[td(it["test"]), td(it["points"], 1), td(it["passed"], 1), td(it["ran"], 1),
                         f'<td class="n">{_pct(it["pass_share"])}</td>', td(it["mean_score"], 1),
                         td(it["points_lost"], 1)] for it in nb["tests"]], "items"))
    failing = [it for it in nb["tests"] if it["failures"]]
    if failing:
        part.append("<h3>Why tests failed: the likely causes the checks named</h3>")
        rows = []
        for it in failing:
            for k, cause in enumerate(it["causes"]):
                links = ", ".join(
                    (f'<a href="{esc(e["feedback"])}">{esc(e["student"])}</a>' if e["feedback"] else esc(e["student"]))
                    for e in cause["examples"])
                label = esc(cause["cause"]) if cause["kind"] == "likely cause" else \
                    f'<span class="muted">{esc(cause["kind"])}:</span> {esc(cause["cause"])}'
                rows.append([f'<td>{esc(it["test"])}</td>' if k == 0 else "<td></td>",
                             f'<td class="n">{_pct(cause["share"])} of {it["failures"]}</td>',
                             td(cause["count"], 1), f"<td>{label}</td>", f"<td>{links}</td>"])
        part.append(_table(["test cell", "share of failures", "count", "cause", "example feedback"], rows,
                           "causes"))
    pairs = nb["similar_pairs"]
    part.append("<h3>Alike submissions</h3>")
    if not pairs:
        part.append('<p class="muted">No pair of submissions shares enough distinctive code.</p>')
    else:
        part.append(f'<p class="note"><strong>A prompt for a human look, not a verdict.</strong> '
                    f'{len(pairs)} pair(s) share unusually much code beyond the stub, the reference '
                    f'solution and what many students wrote alike. Look at the code before drawing any '
                    f'conclusion.</p>')
        part.append(_table(["a", "b", "similarity", "shared fingerprints", "cells", "scores"],
                           [[td(p["a"]), td(p["b"]), f'<td class="n">{_pct(p["score"])}</td>', td(p["shared"], 1),
                             td(", ".join(p["cells"])), td(f'{_num(p["scores"][0])} / {_num(p["scores"][1])}')]
                            for p in pairs], "pairs"))
        for p in (p for p in pairs if p.get("code")):
            cells = []
            for gid, v in (p.get("code") or {}).items():
                cells.append(f"<tr><th colspan=2>{esc(gid)}</th></tr><tr><td>{_code(v['a'], v['alike_a'])}</td>"
                             f"<td>{_code(v['b'], v['alike_b'])}</td></tr>")
            part.append(f'<details><summary>{esc(p["a"])} and {esc(p["b"])}: {_pct(p["score"])} alike '
                        f'(side by side; alike lines marked)</summary><table class="side"><tr><th>{esc(p["a"])}'
                        f'</th><th>{esc(p["b"])}</th></tr>{"".join(cells)}</table></details>')
    return "\n".join(part)


def render(data: dict) -> str:
    title = "Class report" + (" (anonymised)" if data["anonymised"] else "")
    nav = " ".join(f'<a href="#nb-{esc(s)}">{esc(s)}</a>' for s in data["notebooks"])
    overview = _table(
        ["notebook", "submitted", "graded", "missing", "invalid", "timeout", "crashed", "flagged", "mean", "max"],
        [[f'<td><a href="#nb-{esc(s)}">{esc(s)}</a></td>'] + [td(nb["counts"][k], 1) for k in (
            "submitted", "graded", "missing", "invalid", "timeout", "crashed", "flagged")]
         + [td(nb["scores"]["mean"], 1), td(nb["max_score"], 1)] for s, nb in data["notebooks"].items()],
        "overview")
    flagged = data["flagged"]
    if flagged:
        flag_html = _table(["student", "notebook", "status", "score", "kind", "reasons"],
                           [[td(f["student"]), td(f["notebook"]), td(f["status"]), td(f["score"], 1), td(f["kind"]),
                             "<td>" + "<br>".join(esc(x) for x in f["reasons"]) + "</td>"] for f in flagged],
                           "flagged")
    else:
        flag_html = '<p class="muted">No notebook was flagged.</p>'
    body = [
        f"<h1>{esc(title)}</h1>",
        f'<p class="muted">{data["students"]} students; built {esc(data["generated"])}. The numbers are also '
        f'in {report_stem(data["anonymised"])}.json.</p>',
        f"<nav>{nav}</nav>", "<h2>Overview</h2>", overview,
        "<h2>Flagged notebooks: tampering or review</h2>", flag_html,
        "<h2>The run</h2>", _run(data),
    ]
    body += [_notebook(s, nb) for s, nb in data["notebooks"].items()]
    body.append(f'<p class="muted">Alike submissions: {esc(data["similarity"]["method"])}; '
                f'{esc(data["similarity"]["note"])} Rebuild this page with '
                f'<code>python -m grader report DIR{" --anonymise" if data["anonymised"] else ""}</code>.</p>')
    from grader.autograde.markup import CSP_META  # no script runs in the class report either

    return (f'<!DOCTYPE html>\n<html lang="en"><head>{CSP_META}<meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>'
            f'<body>{"".join(body)}</body></html>\n')
