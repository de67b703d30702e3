#!/usr/bin/env bash
# Repeats the adversarial run of issue 15 against the command line: bad input, races and tampering.
# Every case must end with exit code 2 and one stderr line (no stack trace), or, for the races, exit 0 with one result.
#   environment/tools/adversarial-platform.sh [WORKDIR]        (needs Fashion-MNIST; about 3 minutes)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
W="${1:-$(mktemp -d)}/adversarial-run"; rm -rf "$W"; mkdir -p "$W"   # only its own subfolder is emptied
C="$ROOT/coopt"
DS=fashion-mnist:train:2000
fails=0
py() { /usr/bin/python3 -c "$@"; }
npy() { # npy FILE ROWS COLS [VALUE]  float32 matrix
  py "import numpy as np; a=np.full(($2,$3), ${4:-0.5}, dtype='float32'); np.save('$1', a)"; }
expect2() { # expect2 NAME -- command...
  local name="$1"; shift; shift
  local out err rc
  err="$("$@" 2>&1 >/dev/null)"; rc=$?
  local lines; lines=$(printf '%s' "$err" | grep -c '' || true)
  local trace=no; printf '%s' "$err" | grep -q $'^\tat \|Exception in thread' && trace=yes
  local ok=PASS; { [ "$rc" = 2 ] && [ "$lines" -le 1 ] && [ "$trace" = no ]; } || { ok=FAIL; fails=$((fails+1)); }
  printf '%-4s %-38s exit %s  %s\n' "$ok" "$name" "$rc" "$(printf '%s' "$err" | head -c 150 | tr '\n' ' ')"
}
P="$W/plat"
"$C" platform init --dir "$P" --dataset $DS --participants 4 --dim 16 >/dev/null 2>&1 || { echo "init failed"; exit 1; }
for k in 0 1 2 3; do "$C" participant optimize --dir "$P" --id $k --prior random:convnet:8:$k --cache "$W/cache" >/dev/null 2>&1; done
"$C" platform align --dir "$P" >/dev/null 2>&1
expect2 "init --lambda NaN"              -- "$C" platform init --dir "$W/n1" --dataset $DS --participants 2 --lambda NaN
expect2 "init --lambda -0.5"             -- "$C" platform init --dir "$W/n2" --dataset $DS --participants 2 --lambda -0.5
expect2 "init --dim 100000"              -- "$C" platform init --dir "$W/n3" --dataset $DS --participants 2 --dim 100000
expect2 "init other K on existing"       -- "$C" platform init --dir "$P" --dataset $DS --participants 3 --dim 16
expect2 "optimize another prior after align" -- "$C" participant optimize --dir "$P" --id 1 --prior random:convnet:8:99 --cache "$W/cache"
expect2 "optimize --id +1"               -- "$C" participant optimize --dir "$P" --id +1 --prior human
expect2 "optimize --batch 0"             -- "$C" participant optimize --dir "$P" --id 0 --prior human --batch 0
expect2 "optimize --cache /etc/passwd"   -- "$C" participant optimize --dir "$P" --id 0 --prior human --cache /etc/passwd
expect2 "optimize random width 100000"   -- "$C" participant optimize --dir "$P" --id 0 --prior random:convnet:100000:1
cp -r "$P" "$W/bad-json"; echo '{"participant": 0, "uniformity": ' > "$W/bad-json/uniformity/p000.json"; rm -f "$W/bad-json/alignment.json"
expect2 "align with corrupt uniformity json" -- "$C" platform align --dir "$W/bad-json"
cp -r "$P" "$W/bad-part"; cp "$W/bad-part/partition/subset-001.npy" "$W/bad-part/partition/subset-002.npy"
expect2 "upload with a tampered partition" -- "$C" participant upload --dir "$W/bad-part" --id 0
npy "$W/empty.npy" 10 0; npy "$W/norows.npy" 0 8; npy "$W/f.npy" 50 8; npy "$W/zero.npy" 50 8 0
py "import numpy as np; a=np.ones((50,8),dtype='float32'); a[3,2]=np.nan; np.save('$W/nan.npy', a); np.save('$W/y.npy', (np.arange(50)%2).astype('int64'))"
npy "$W/huge.npy" 8 8 3e38
expect2 "uniformity on N×0"              -- "$C" uniformity --features "$W/empty.npy"
expect2 "probe with NaN features"        -- "$C" probe --train-features "$W/nan.npy" --train-labels "$W/y.npy" --test-features "$W/f.npy" --test-labels "$W/y.npy"
expect2 "probe on 0 rows"                -- "$C" probe --train-features "$W/norows.npy" --train-labels "$W/y.npy" --test-features "$W/f.npy" --test-labels "$W/y.npy"
expect2 "project 0 rows"                 -- "$C" project --features "$W/norows.npy" --dim 4 --seed 1 --out "$W/p.npy"
expect2 "project --out a folder"         -- "$C" project --features "$W/f.npy" --dim 4 --seed 1 --out "$W"
expect2 "align all-zero source"          -- "$C" align --source "$W/zero.npy" --reference "$W/f.npy" --out "$W/t.npy"
expect2 "align --lambda Infinity"        -- "$C" align --source "$W/f.npy" --reference "$W/f.npy" --out "$W/t.npy" --lambda Infinity
expect2 "apply overflowing matrix"       -- "$C" apply --targets "$W/f.npy" --matrix "$W/huge.npy" --out "$W/a.npy"
py "
import struct
d=\"{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }\"
d=d+' '*(64-(10+len(d)+1)%64)+'\n'
open('$W/absurd.npy','wb').write(b'\x93NUMPY\x01\x00'+struct.pack('<H',len(d))+d.encode()+bytes(64))"
expect2 "npy header with 2^62 rows"      -- "$C" uniformity --features "$W/absurd.npy"
# races: both exit 0 and agree
for k in 0 1 2 3; do "$C" participant upload --dir "$P" --id $k >/dev/null 2>"$W/up$k.err" & "$C" participant upload --dir "$P" --id $k >/dev/null 2>"$W/up$k.b.err" & done; wait
r1=$( { "$C" platform merge --dir "$P" 2>"$W/m1.err"; echo "rc=$?"; } & { "$C" platform merge --dir "$P" 2>"$W/m2.err"; echo "rc=$?"; } & wait)
n0=$(printf '%s\n' "$r1" | grep -c "rc=0")
ok=PASS; [ "$n0" = 2 ] || { ok=FAIL; fails=$((fails+1)); }
printf '%-4s %-38s %s\n' "$ok" "two concurrent merges" "$(printf '%s' "$r1" | tr '\n' ' ')"
# lock files stay (empty; only their OS lock matters)
leftover=$(find "$P" \( -name '.*tmp' -o -name '.merged-*' -o -name '.p00*' \) -not -name '*.lock' | wc -l)
ok=PASS; [ "$leftover" = 0 ] || { ok=FAIL; fails=$((fails+1)); }
printf '%-4s %-38s %s temp files or folders left\n' "$ok" "no leftovers" "$leftover"
mode=$(stat -c %a "$P/platform.json" "$P/merged/targets.npy" | sort -u | tr '\n' ' ')
printf '%-4s %-38s modes %s(umask %s)\n' "INFO" "platform files readable by others" "$mode" "$(umask)"
echo "$fails failing cases"
[ "$fails" = 0 ]
