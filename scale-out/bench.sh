#!/usr/bin/env bash
# Wall time and peak heap of the participants' step 2 on N images with K=4 zoo priors: in-process
# ('./coopt simulate') against Spark local mode ('./coopt spark optimize'), same settings, fresh feature cache
# each (so neither reuses the other's features); then checks that the merged targets are identical.
#   scale-out/bench.sh [N] [MASTER]      (default 60000 local[2])
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-60000}"; MASTER="${2:-local[2]}"
W="$(mktemp -d)"; trap 'rm -rf "$W"' EXIT
Z="$ROOT/zoo/cpu"
PRIORS="$Z/convnet-w32-sup-fmnist,$Z/resnet18-w8-sup-fmnist,$Z/mlp-w256-sup-fmnist,$Z/convnet-w32-simclr-fmnist"
peak() { grep -oE '[0-9]+M->[0-9]+M' "$1" | sed -E 's/M->.*//' | sort -n | tail -1; }
run() {  # name, then the command; prints wall seconds and peak heap (MB before a GC, from the GC log)
  local name="$1"; shift
  local s; s=$(date +%s.%N)
  COOPT_JAVA_OPTS="-Xmx8g -Xlog:gc:file=$W/$name.gc" "$@" > "$W/$name.out" 2> "$W/$name.err" || { cat "$W/$name.err" >&2; exit 1; }
  echo "$name: $(echo "$(date +%s.%N) - $s" | bc) s wall, peak heap $(peak "$W/$name.gc") MB"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
COOPT_CACHE="$W/cache-a" run in-process "$ROOT/coopt" simulate --dir "$W/a" --dataset "fashion-mnist:train:$N" \
  --priors "$PRIORS" --participants 4 --cache "$W/cache-a"
COOPT_CACHE="$W/cache-b" run spark "$ROOT/coopt" spark optimize --dir "$W/b" --dataset "fashion-mnist:train:$N" \
  --priors "$PRIORS" --participants 4 --master "$MASTER"
if cmp -s "$(cat "$W/in-process.out")/targets.npy" "$(tail -1 "$W/spark.out")/targets.npy"; then
  echo "merged targets.npy: identical"; else echo "merged targets.npy: DIFFER"; exit 1; fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
