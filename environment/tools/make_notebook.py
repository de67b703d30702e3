#!/usr/bin/python3
"""Writes an experiment notebook (coopt-java kernel) from a small JSON spec, so every experiment
notebook has the same thin shape: the paper's question, the preset cell, the run, the table, the figures.
Usage: make_notebook.py SPEC.json OUT.ipynb
SPEC: {"id": "table1", "title": "...", "question": "markdown", "figures": ["table1"], "preset": "cpu"}"""
import json, sys

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
