#!/usr/bin/env bash
# Executes every notebooks/*.ipynb headless with the "coopt-java" kernel and the smoke preset
# (COOPT_PRESET=smoke), writing the executed copies to notebooks/executed/ (gitignored). Prints exactly
# one line per notebook:
#   notebook PASS <name> (<seconds> s)
#   notebook FAIL <name>: <first error line>
# and exits non-zero if any failed. A cell error fails the notebook (the executed copy keeps the error).
#   environment/run-notebooks.sh [NOTEBOOK.ipynb ...]     (default: all of notebooks/*.ipynb)
# Per-cell timeout: COOPT_NOTEBOOK_TIMEOUT seconds (default 1200).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/notebooks/executed"
TIMEOUT="${COOPT_NOTEBOOK_TIMEOUT:-1200}"
JUPYTER="$(command -v jupyter || echo /usr/bin/jupyter)"
export COOPT_PRESET=smoke COOPT_HOME="$ROOT"

# The kernelspec must be this checkout's: (re)installed, when missing or different, into a folder of this checkout
# that JUPYTER_PATH puts first, so another checkout's set-up (which re-registers the user's kernel) cannot swap it.
KERNEL_PREFIX="$ROOT/environment/.installed/jupyter"
bash "$ROOT/environment/install-kernel.sh" --if-needed --prefix "$KERNEL_PREFIX" \
  || { echo "notebook FAIL (all): the coopt-java kernel could not be installed (run ./coopt setup)"; exit 1; }
export JUPYTER_PATH="$KERNEL_PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

if [ $# -gt 0 ]; then NOTEBOOKS=("$@"); else NOTEBOOKS=("$ROOT"/notebooks/*.ipynb); fi
[ -e "${NOTEBOOKS[0]}" ] || { echo "run-notebooks: no notebooks in $ROOT/notebooks" >&2; exit 0; }
mkdir -p "$OUT"

failed=0
for nb in "${NOTEBOOKS[@]}"; do
  name="$(basename "$nb" .ipynb)"
  log="$OUT/$name.log"
  t0=$(date +%s.%N)
  (cd "$(dirname "$nb")" && "$JUPYTER" nbconvert --to notebook --execute --allow-errors \
      --ExecutePreprocessor.kernel_name=coopt-java --ExecutePreprocessor.timeout="$TIMEOUT" \
      --output-dir "$OUT" --output "$name" "$nb") >"$log" 2>&1
  rc=$?
  secs=$(/usr/bin/python3 -c "import sys; print('%.0f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$(date +%s.%N)")
  if [ $rc -ne 0 ]; then
    # nbconvert itself failed (kernel died, timeout, bad notebook): its last exception line says why.
    why=$(grep -E '^[A-Za-z_.]+(Error|Exception|Timeout)[A-Za-z]*:' "$log" | tail -n 1)
    [ -n "$why" ] || why=$(grep -v '^\s*$' "$log" | tail -n 1)
    echo "notebook FAIL $name: ${why:-nbconvert exited with $rc} (log: $log)"
    failed=$((failed + 1))
    continue
  fi
  # With --allow-errors the executed copy is always written; a cell error is an output of type error.
  why=$(/usr/bin/python3 - "$OUT/$name.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
for i, cell in enumerate(nb["cells"]):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            first = (out.get("evalue") or "").strip().splitlines()
            print("cell %d: %s: %s" % (i + 1, out.get("ename", "Error"), first[0] if first else ""))
            sys.exit(0)
PY
)
  if [ -n "$why" ]; then
    echo "notebook FAIL $name: $why"
    failed=$((failed + 1))
  else
    echo "notebook PASS $name ($secs s)"
  fi
done
[ "$failed" -eq 0 ]
