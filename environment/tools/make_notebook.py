#!/usr/bin/python3
"""Writes an experiment notebook (coopt-java kernel) from a small JSON spec, so every experiment
notebook has the same thin shape: the paper's question, the preset cell, the run, the table, the figures.
Usage: make_notebook.py SPEC.json OUT.ipynb        (all of them: make_notebook.py --all)
SPEC: {"id": "table1", "title": "...", "question": "markdown", "figures": ["table1"], "preset": "cpu"}
Under "Results" the notebook shows the published cpu figures and table of figures/ as Markdown images and links,
so it reads on GitHub without running. ExperimentNotebooksTest fails when a committed notebook differs from
what this script makes of its spec."""
import json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if sys.argv[1:] == ["--all"]:
    specs = os.path.join(ROOT, "notebooks", "specs")
    order = ["table1", "table2", "table3", "table4", "table5", "table6", "fig4", "fig5b", "fig5c", "fig5d", "fig6", "demo"]
    for i, eid in enumerate(order, 1):
        os.system("%s %s %s %s" % (sys.executable, os.path.abspath(__file__), os.path.join(specs, eid + ".json"),
                                   os.path.join(ROOT, "notebooks", "%02d-%s.ipynb" % (i, eid))))
    sys.exit(0)
spec = json.load(open(sys.argv[1]))
def md(text): return {"cell_type": "markdown", "metadata": {}, "source": text}
def code(text): return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": text}
eid = spec["id"]
cells = [
    md(f"# {spec['title']}\n\n{spec['question']}"),
    md("## Preset\n`smoke` runs in seconds (the test suite executes this notebook with `COOPT_PRESET=smoke`), "
       "`cpu` is the Fashion-MNIST size that shows the paper's effect on 2 cores, `paper` is the paper's scale for a GPU. "
       f"Settings: `experiments/configs/{eid}/PRESET.json`."),
    code(f'import org.coopt.experiments.*;\nString preset = Experiments.preset("{spec.get("preset", "cpu")}");\nSystem.out.println("preset: " + preset);'),
    md("## Run\nAn interrupted run resumes from its finished cells; an identical finished run is reused, not redone. "
       "The run folder holds `config.json`, `provenance.json`, tidy `results.csv` and `summary.csv`."),
    code(f'var run = Experiments.run("{eid}", preset, 0);\nSystem.out.println(run.dir());'),
    md("## Results (mean ± std over seeds)"),
    code("Experiments.summary(run)"),
]
def png_width(path):
    with open(path, "rb") as fh:
        head = fh.read(24)
    return int.from_bytes(head[16:20], "big") if head[:8] == b"\x89PNG\r\n\x1a\n" else 0

def shown(f):
    """A figure as the notebook shows it: a panel strip wider than a page (the 2160-px t-SNE strip, whose legends
    would shrink to nothing at page width) as its separate panels FIG-*.png when the run wrote them."""
    path = os.path.join(ROOT, "figures", f + ".png")
    panels = sorted(p[:-4] for p in os.listdir(os.path.join(ROOT, "figures"))
                    if p.startswith(f + "-") and p.endswith(".png"))
    return panels if png_width(path) > MAX_WIDTH and panels else [f]

MAX_WIDTH = 1200
published = [p for f in spec.get("figures", []) if os.path.isfile(os.path.join(ROOT, "figures", f + ".png"))
             for p in shown(f)]
if published or os.path.isfile(os.path.join(ROOT, "figures", eid + ".md")):
    cells.insert(6, md("### Published cpu results\nWhat `./coopt run %s --preset cpu --seeds 0,1,2 --publish` wrote to "
                       "`figures/` (shown without running; the report [%s.md](../figures/%s.md) names its run folder, "
                       "commit and wall time and computes the verdict):\n\n" % (eid, eid, eid)
                       + "\n".join("![%s](../figures/%s.png)" % (f, f) for f in published)))
for f in spec.get("figures", []):
    cells.append(code(f'Experiments.figure(run, "{f}")'))
cells.append(md("## Against the paper"))
cells.append(code(f'markdown(Experiments.markdown(run, "{eid}"));'))
nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Java (CoOpt Workbench)", "language": "java", "name": "coopt-java"},
      "language_info": {"codemirror_mode": "text/x-java", "file_extension": ".jshell", "mimetype": "text/x-java-source",
                        "name": "Java", "pygments_lexer": "java"}}, "nbformat": 4, "nbformat_minor": 5}
for i, c in enumerate(nb["cells"]):
    c["id"] = f"{eid}-{i}"
json.dump(nb, open(sys.argv[2], "w"), indent=1)
open(sys.argv[2], "a").write("\n")
