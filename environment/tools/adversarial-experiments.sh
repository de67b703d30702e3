#!/usr/bin/env bash
# Repeats the adversarial run of issue 22 against the experiment commands (list, run, sweep, runs, compare, demo):
# duplicates that would be counted as independent results, config keys given twice, internal sentinels reachable from
# user input, names checked only after a run folder exists, and messages that blame the wrong source or rule.
# Every refusal must end with exit code 2 and one stderr line (no stack trace) and leave no run folder; every
# --help must exit 0 with the command's own usage and create nothing.
#   environment/tools/adversarial-experiments.sh [WORKDIR]     (needs the smoke zoo and Fashion-MNIST; about 2 minutes)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
W="${1:-$(mktemp -d)}/adversarial-experiments"; rm -rf "$W"; mkdir -p "$W"   # only its own subfolder is emptied
C="$ROOT/coopt"
OUT="$W/out"; mkdir -p "$OUT"          # every refused run and sweep is pointed here; it must stay empty
passed=0; fails=0
runs_before="$(ls -A "$ROOT/runs" 2>/dev/null | sort)"
result() { # result OK NAME DETAIL
  if [ "$1" = PASS ]; then passed=$((passed+1)); else fails=$((fails+1)); fi
  printf '%-4s %-44s %s\n' "$1" "$2" "$3"
}
# expect2 NAME [--must REGEX] [--mustnot REGEX] -- command...   exit 2, one stderr line, no trace, $OUT still empty
expect2() {
  local name="$1"; shift
  local must="" mustnot=""
  while [ "$1" != -- ]; do
    case "$1" in --must) must="$2"; shift 2 ;; --mustnot) mustnot="$2"; shift 2 ;; esac
  done
  shift
  local err rc
  err="$("$@" 2>&1 >/dev/null)"; rc=$?
  local lines; lines=$(printf '%s' "$err" | grep -c '' || true)
  local trace=no; printf '%s' "$err" | grep -q $'^\tat \|Exception in thread\|Exception:' && trace=yes
  local left; left=$(ls -A "$OUT" | wc -l)
  local ok=PASS
  { [ "$rc" = 2 ] && [ "$lines" -le 1 ] && [ "$trace" = no ] && [ "$left" = 0 ]; } || ok=FAIL
  [ -n "$must" ] && ! printf '%s' "$err" | grep -qE -- "$must" && ok=FAIL
  [ -n "$mustnot" ] && printf '%s' "$err" | grep -qE -- "$mustnot" && ok=FAIL
  result "$ok" "$name" "exit $rc, left $left  $(printf '%s' "$err" | head -c 170 | tr '\n' ' ')"
  rm -rf "${OUT:?}"/* "$OUT"/.[!.]* 2>/dev/null
}
# expecthelp NAME -- command...   exit 0, stdout starts with "Usage: coopt CMD", stderr empty, $OUT still empty
expecthelp() {
  local name="$1"; shift; shift
  local cmd="$2" out err rc
  [ "$1" = demo_cli ] && cmd=demo
  out="$("$@" 2>"$W/help.err")"; rc=$?
  err="$(cat "$W/help.err")"
  local left; left=$(ls -A "$OUT" | wc -l)
  local ok=PASS
  { [ "$rc" = 0 ] && [[ "$out" == "Usage: coopt $cmd "* ]] && [ -z "$err" ] && [ "$left" = 0 ]; } || ok=FAIL
  result "$ok" "$name" "exit $rc, left $left  $(printf '%s' "$out" | head -1 | head -c 100)"
}
demo_cli() { "$C" demo "$@"; }  # ./coopt demo sets up only what the command line needs (no Jupyter kernel)
R=(run table1 --preset smoke --out "$OUT")
S=(sweep table1 --preset smoke --set methods=coopt --set references=[] --out "$OUT")

# 1. duplicates counted as independent results
expect2 "run --seeds 0,0"                  --must "seed 0 twice" -- "$C" "${R[@]}" --seeds 0,0
expect2 "run --seeds 1,2,01"               --must "seed 1 twice" -- "$C" "${R[@]}" --seeds 1,2,01
expect2 "sweep --seeds 0,0"                --must "seed 0 twice" -- "$C" "${S[@]}" --grid coopt.dim=16,32 --seeds 0,0
expect2 "demo --seeds 0,0"                 --must "seed 0 twice" -- demo_cli --preset smoke --seeds 0,0
expect2 "grid coopt.dim=16,16"             --must "16 twice" -- "$C" "${S[@]}" --grid coopt.dim=16,16
expect2 "grid coopt.dim=16,016"            --must "16 and 016" -- "$C" "${S[@]}" --grid coopt.dim=16,016
expect2 "grid coopt.lambda=1e-3,0.001"     --must "1e-3 and 0.001" -- "$C" "${S[@]}" --grid coopt.lambda=1e-3,0.001
expect2 "grid key given twice"             --must "names coopt.dim twice" -- "$C" "${S[@]}" --grid coopt.dim=16 --grid coopt.dim=32
expect2 "grid key inside another"          --must "both set" -- "$C" "${S[@]}" --grid coopt.dim=16,32 --grid 'coopt={"dim":8},{"dim":4}'
expect2 "--set and --grid of one key"      --must "both set coopt.dim" -- "$C" "${S[@]}" --set coopt.dim=16 --grid coopt.dim=16,32
expect2 "--set of one key twice"           --must "both set coopt.dim" -- "$C" "${R[@]}" --set coopt.dim=16 --set coopt.dim=32
expect2 "--set methods with coopt twice"   --must "methods lists 'coopt' twice" -- "$C" "${R[@]}" --set methods=coopt,byol,coopt
expect2 "--set references twice"           --must "twice" -- "$C" "${R[@]}" --set references=untrained,untrained
expect2 "fig6 alignments twice"            --must "twice" -- "$C" run fig6 --preset smoke --out "$OUT" --set alignments=best,best
expect2 "fig5d fractions 0.05,5e-2"        --must "twice" -- "$C" run fig5d --preset smoke --out "$OUT" --set fractions=0.05,5e-2
expect2 "table5 prior in two lists"        --must "more than one" -- "$C" run table5 --preset smoke --out "$OUT" --set humanPriors=convnet-w8-sup-fmnist
# 2. a key given twice in a config file
cfg="$ROOT/experiments/configs/table1/smoke.json"
sed 's/"methods": \[/"methods": ["byol"], "methods": [/' "$cfg" > "$W/dup-top.json"
sed 's/"coopt": {"dim": 128,/"coopt": {"dim": 128, "dim": 16,/' "$cfg" > "$W/dup-nested.json"
expect2 "config with methods twice"        --must "'methods' is given twice" -- "$C" "${R[@]}" --config "$W/dup-top.json"
expect2 "config with coopt.dim twice"      --must "'coopt.dim' is given twice.*|dup-nested.json" -- "$C" "${R[@]}" --config "$W/dup-nested.json"
expect2 "--set group with a key twice"     --must "is given twice" -- "$C" "${R[@]}" --set 'coopt={"dim":16,"dim":32}'
# 3. no internal sentinel from user input; every number in range, as typed
expect2 "coopt.lambda=-1"                  --must "coopt.lambda must be a finite number >= 0, got -1;" -- "$C" "${R[@]}" --set coopt.lambda=-1
expect2 "coopt.lambda=-1.0"                --must "coopt.lambda must be" -- "$C" "${R[@]}" --set coopt.lambda=-1.0
expect2 "coopt.lambda=NaN"                 --must "lambda" -- "$C" "${R[@]}" --set coopt.lambda=NaN
expect2 "coopt.dim=0"                      --must "coopt.dim" -- "$C" "${R[@]}" --set coopt.dim=0
expect2 "coopt.dim=99999999999"            --must "99999999999" --mustnot "1215752191" -- "$C" "${R[@]}" --set coopt.dim=99999999999
expect2 "coopt.sharedFraction=0"           --must "sharedFraction" -- "$C" "${R[@]}" --set coopt.sharedFraction=0
expect2 "budget.learningRate=1e999"        --must "1e999" -- "$C" "${R[@]}" --set budget.learningRate=1e999
expect2 "budget.weightDecay=-0.1"          --must "weightDecay" -- "$C" "${R[@]}" --set budget.weightDecay=-0.1
expect2 "workload.seed=1e30"               --must "1e30" -- "$C" "${R[@]}" --set workload.seed=1e30
expect2 "workload.unlabelledSize=-5"       --must "unlabelledSize" -- "$C" "${R[@]}" --set workload.unlabelledSize=-5
expect2 "fig4 rounds=0"                    --must "rounds" -- "$C" run fig4 --preset smoke --out "$OUT" --set rounds=0
expect2 "coopt.dim above the pool"         --must "use coopt.dim <= 512" -- "$C" "${R[@]}" --set coopt.dim=600
# 4. every name checked before a run folder exists
expect2 "budget.arch=nonexistent"          --must "budget.arch 'nonexistent' is not an architecture" -- "$C" "${R[@]}" --set budget.arch=nonexistent
expect2 "sweep over an unknown arch"       --must "^coopt sweep: --grid budget.arch value nonexistent" -- "$C" "${S[@]}" --grid budget.arch=convnet,nonexistent
expect2 "table3 archs with an unknown one" --must "nonexistent" -- "$C" run table3 --preset smoke --out "$OUT" --set 'archs=[{"name":"nonexistent","width":8}]'
expect2 "workload.zooPreset=nope"          --must "unknown zoo preset 'nope'" -- "$C" "${R[@]}" --set workload.zooPreset=nope
expect2 "zooPreset=nope without priors"    --must "unknown zoo preset" -- "$C" "${R[@]}" --set methods=byol --set references=[] --set priors=[] --set workload.zooPreset=nope
expect2 "methods=foo"                      --must "unknown method 'foo'" -- "$C" "${R[@]}" --set methods=coopt,foo
expect2 "priors=no-such-prior"             --must "no prior 'no-such-prior'" -- "$C" "${R[@]}" --set priors=no-such-prior
expect2 "references=bogus"                 --must "bogus" -- "$C" "${R[@]}" --set references=bogus
expect2 "coopt.solver=lasso"               --must "lasso" -- "$C" "${R[@]}" --set coopt.solver=lasso
expect2 "coopt.alignment=sideways"         --must "sideways" -- "$C" "${R[@]}" --set coopt.alignment=sideways
expect2 "budget.monitor=tsne"              --must "tsne" -- "$C" "${R[@]}" --set budget.monitor=tsne
expect2 "table5 baseline=foo"              --must "foo" -- "$C" run table5 --preset smoke --out "$OUT" --set baseline=foo
expect2 "fig4 ladder with an unknown prior" --must "no prior 'ghost'" -- "$C" run fig4 --preset smoke --out "$OUT" --set 'scenarios={"s":{"initial":["convnet-w8-weak-fmnist","convnet-w8-simclr-fmnist"],"ladders":[["ghost"],["convnet-w8-sup-fmnist"]]}}'
if [ -z "${COOPT_IMAGENET_DIR:-}${COOPT_CIFAR100_DIR:-}${COOPT_CIFAR10_DIR:-}" ]; then
expect2 "paper preset without its data"    --must "no folder given for" -- "$C" run table1 --preset paper --out "$OUT"
fi
expect2 "unknown preset"                   --must "unknown preset" -- "$C" run table1 --preset huge --out "$OUT"
expect2 "unknown experiment"               -- "$C" run table99 --preset smoke --out "$OUT"
# 5. messages: the source of a value, the rule that applies
expect2 "--set error names --set"          --must "^coopt run: --set budget.epochs=0: " -- "$C" "${R[@]}" --set budget.epochs=0
expect2 "epochs 0: its own minimum"        --must "budget.epochs must be >= 1" --mustnot "last 3|last-3" -- "$C" "${R[@]}" --set budget.epochs=0
expect2 "probeEpochs 2: the last-3 rule"   --must "probeEpochs must be >= 3 \(the probe reports the mean of its last 3" -- "$C" "${R[@]}" --set budget.probeEpochs=2
sed 's/"epochs": 2,/"epochs": 0,/' "$cfg" > "$W/epochs0.json"
expect2 "file error names the file"        --must "epochs0.json" --mustnot "\-\-set" -- "$C" "${R[@]}" --config "$W/epochs0.json"
expect2 "compare one run twice"            --must "twice" -- "$C" compare "$W" "$W/."
# --help: its own usage, exit 0, nothing done, also when --help is not the first argument
expecthelp "list --help"                   -- "$C" list --help
expecthelp "run --help"                    -- "$C" run --help
expecthelp "run ID ... --help (last)"      -- "$C" run table1 --preset smoke --seeds 0,0 --out "$OUT" --help
expecthelp "sweep ... --help (last)"       -- "$C" sweep table1 --grid coopt.dim=16,32 --out "$OUT" --help
expecthelp "runs --help"                   -- "$C" runs --help
expecthelp "compare A B --help"            -- "$C" compare a b --help
expecthelp "demo --preset smoke --help"    -- demo_cli --preset smoke --help
# a run that must start, into its own folder, and a sweep --out, so the refusals above are not a broken build
"$C" run demo --preset smoke --seeds 0 --out "$W/ok" >/dev/null 2>"$W/ok.err"; rc=$?
ok=PASS; { [ "$rc" = 0 ] && [ -f "$W/ok/results.csv" ]; } || ok=FAIL
result "$ok" "a valid smoke run completes" "exit $rc"
"$C" sweep demo --preset smoke --set methods=byol --set references=[] --grid budget.epochs=1,2 --out "$W/sw" >/dev/null 2>"$W/sw.err"; rc=$?
ok=PASS; { [ "$rc" = 0 ] && [ -f "$W/sw/summary.md" ] && [ -d "$W/sw/runs" ]; } || ok=FAIL
result "$ok" "sweep --out keeps its runs inside" "exit $rc, $(ls "$W/sw/runs" 2>/dev/null | wc -l) run folders in $W/sw/runs"
expect2 "sweep --out onto another sweep"    --must "holds a sweep with other settings" -- "$C" sweep demo --preset smoke --set methods=byol --set references=[] --grid budget.epochs=1,3 --out "$W/sw"
# nothing left behind
runs_after="$(ls -A "$ROOT/runs" 2>/dev/null | sort)"
ok=PASS; [ "$runs_before" = "$runs_after" ] || ok=FAIL
result "$ok" "no run folder in the repository's runs/" "$(comm -13 <(printf '%s\n' "$runs_before") <(printf '%s\n' "$runs_after") | head -3 | tr '\n' ' ')"
echo "adversarial-experiments: $passed passed, $fails failed"
[ "$fails" = 0 ]
