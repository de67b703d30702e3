#!/usr/bin/env bash
# Repeats the adversarial runs of issues 15 and 22 against the command line: bad input, races and tampering.
# Every case must end with exit code 2 and one stderr line (no stack trace, no exception class name), or, for the races
# and the repaired artifacts, exit 0 with one verified result. Ends with 'adversarial-platform: N passed, N failed'.
#   environment/tools/adversarial-platform.sh [WORKDIR]        (needs Fashion-MNIST; about 4 minutes)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
W="${1:-$(mktemp -d)}/adversarial-run"; rm -rf "$W"; mkdir -p "$W"   # only its own subfolder is emptied
C="$ROOT/coopt"
DS=fashion-mnist:train:2000
fails=0
passes=0
py() { /usr/bin/python3 -c "$@"; }
npy() { # npy FILE ROWS COLS [VALUE]  float32 matrix
  py "import numpy as np; a=np.full(($2,$3), ${4:-0.5}, dtype='float32'); np.save('$1', a)"; }
expect2() { # expect2 NAME -- command...
  local name="$1"; shift; shift
  local out err rc
  err="$("$@" 2>&1 >/dev/null)"; rc=$?
  local lines; lines=$(printf '%s' "$err" | grep -c '' || true)
  local trace=no; printf '%s' "$err" | grep -q $'^\tat \|Exception in thread' && trace=yes
  local cls=no; printf '%s' "$err" | grep -qE '\b[A-Z][A-Za-z]*Exception\b' && cls=yes
  local ok=PASS; { [ "$rc" = 2 ] && [ "$lines" -le 1 ] && [ "$trace" = no ] && [ "$cls" = no ]; } || ok=FAIL
  count "$ok"
  printf '%-4s %-38s exit %s  %s\n' "$ok" "$name" "$rc" "$(printf '%s' "$err" | head -c 150 | tr '\n' ' ')"
}
count() { if [ "$1" = PASS ]; then passes=$((passes+1)); else fails=$((fails+1)); fi; }
check() { # check NAME CONDITION-RESULT(0/1) DETAIL
  local ok=PASS; [ "$2" = 0 ] || ok=FAIL; count "$ok"; printf '%-4s %-38s %s\n' "$ok" "$1" "$3"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
recorded() { py "import json; print(json.load(open('$1'))['$2'])"; }
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
check "two concurrent merges" "$([ "$n0" = 2 ]; echo $?)" "$(printf '%s' "$r1" | tr '\n' ' ')"
# lock files stay (empty; only their OS lock matters)
leftover=$(find "$P" \( -name '.*tmp' -o -name '.merged-*' -o -name '.p00*' \) -not -name '*.lock' | wc -l)
check "no leftovers" "$([ "$leftover" = 0 ]; echo $?)" "$leftover temp files or folders left"
mode=$(stat -c %a "$P/platform.json" "$P/merged/targets.npy" | sort -u | tr '\n' ' ')
printf '%-4s %-38s modes %s(umask %s)\n' "INFO" "platform files readable by others" "$mode" "$(umask)"
# issue 22, class 1: a reused artifact is verified first; a merge rebuilds a damaged merged/ from the valid uploads
M="$P/merged"; want=$(recorded "$M/manifest.json" targetsSha256); good=$(sha "$M/targets.npy")
py "f=open('$M/targets.npy','r+b'); f.seek(-3,2); b=f.read(1); f.seek(-3,2); f.write(bytes([b[0]^1]))"
"$C" platform merge --dir "$P" >/dev/null 2>&1; rc=$?
check "merge over a bit-flipped merged/targets" "$([ $rc = 0 ] && [ "$(sha "$M/targets.npy")" = "$want" ] && [ "$want" = "$good" ]; echo $?)" "exit $rc, rebuilt: $(sha "$M/targets.npy" | head -c 12)"
py "import numpy as np; a=np.load('$M/targets.npy'); a[:]=np.nan; np.save('$M/targets.npy', a)"
"$C" platform merge --dir "$P" >/dev/null 2>&1; rc=$?
check "merge over NaN merged/targets" "$([ $rc = 0 ] && [ "$(sha "$M/targets.npy")" = "$want" ]; echo $?)" "exit $rc, rebuilt: $(sha "$M/targets.npy" | head -c 12)"
truncate -s 1000 "$M/targets.npy"
"$C" platform merge --dir "$P" >/dev/null 2>&1; rc=$?
check "merge over truncated merged/targets" "$([ $rc = 0 ] && [ "$(sha "$M/targets.npy")" = "$want" ]; echo $?)" "exit $rc, rebuilt: $(sha "$M/targets.npy" | head -c 12)"
cp -r "$M" "$W/nan-merged"
py "
import numpy as np, json, hashlib
a=np.load('$W/nan-merged/targets.npy'); a[5,3]=np.nan; np.save('$W/nan-merged/targets.npy', a)
m=json.load(open('$W/nan-merged/manifest.json')); m['targetsSha256']=hashlib.sha256(open('$W/nan-merged/targets.npy','rb').read()).hexdigest()
json.dump(m, open('$W/nan-merged/manifest.json','w'))"
expect2 "student on NaN targets (hash matches)" -- "$C" student --data "$W/nan-merged" --epochs 1 --probe-epochs 0 --out "$W/runs"
cp -r "$M" "$W/flip-merged"; py "f=open('$W/flip-merged/ids.npy','r+b'); f.seek(-1,2); f.write(b'\x07')"
expect2 "student on a changed merged/ids" -- "$C" student --data "$W/flip-merged" --epochs 1 --probe-epochs 0 --out "$W/runs"
cp -r "$P" "$W/bad-upload"; py "f=open('$W/bad-upload/uploads/p001/targets.npy','r+b'); f.seek(-1,2); f.write(b'\x00')"
expect2 "re-upload over a changed upload"  -- "$C" participant upload --dir "$W/bad-upload" --id 1
expect2 "merge over a changed upload"      -- "$C" platform merge --dir "$W/bad-upload"
# class 5: paths, sentinels, numbers, messages
here=$(ls -A "$W" | wc -l)
expect2 "init --dir ''"                  -- "$C" platform init --dir '' --dataset $DS --participants 2
expect2 "init --dir '  '"                -- "$C" platform init --dir '  ' --dataset $DS --participants 2
expect2 "status --dir ''"                -- "$C" platform status --dir ''
expect2 "optimize --cache ''"            -- "$C" participant optimize --dir "$P" --id 0 --prior human --cache ''
expect2 "init --lambda -1 (the old sentinel)" -- "$C" platform init --dir "$W/n4" --dataset $DS --participants 2 --lambda -1
expect2 "init --lambda Infinity"         -- "$C" platform init --dir "$W/n5" --dataset $DS --participants 2 --lambda Infinity
expect2 "align --lambda -1"              -- "$C" align --source "$W/f.npy" --reference "$W/f.npy" --out "$W/t2.npy" --lambda -1
expect2 "init --dir a file"              -- "$C" platform init --dir /etc/hostname --dataset $DS --participants 2
expect2 "init --dir below a file"        -- "$C" platform init --dir /etc/hostname/p --dataset $DS --participants 2
expect2 "init --dir missing/../dd"       -- "$C" platform init --dir "$W/missing/../dd" --dataset $DS --participants 2
check "failed inits leave nothing" "$([ ! -e "$W/missing" ] && [ ! -e "$W/dd" ] && [ ! -e "$W/n4" ] && [ ! -e "$W/n5" ] && [ "$(ls -A "$W" | wc -l)" = "$here" ]; echo $?)" "$(ls -A "$W" | wc -l) entries in the work folder (was $here)"
err=$("$C" platform init --dir "$W/n6" --dataset $DS --participants 99999999999 2>&1 >/dev/null); rc=$?
check "init --participants 99999999999" "$([ $rc = 2 ] && printf '%s' "$err" | grep -q "'99999999999'"; echo $?)" "exit $rc  $(printf '%s' "$err" | head -c 120)"
err=$("$C" platform init --dir "$W/n7" --dataset fashion-mnist:train:99999999999 --participants 2 2>&1 >/dev/null); rc=$?
check "init --dataset ...:99999999999" "$([ $rc = 2 ] && printf '%s' "$err" | grep -q "'99999999999'"; echo $?)" "exit $rc  $(printf '%s' "$err" | head -c 120)"
expect2 "student --epochs -1"            -- "$C" student --data "$M" --epochs -1
expect2 "student --batch 0"              -- "$C" student --data "$M" --batch 0
expect2 "uniformity --t NaN"             -- "$C" uniformity --features "$W/f.npy" --t NaN
expect2 "data cache --max-gib Infinity"  -- "$C" data cache imagefolder --root "$W" --max-gib Infinity
# every --help prints its own usage, exits 0, prints nothing else and writes nothing
: > "$W/.help.err"
for c in "engine" "data" "data describe" "data cache" "data list" "zoo" "zoo build" "zoo list" "zoo add" "platform" \
         "platform init" "platform status" "platform align" "platform merge" "participant" "participant optimize" \
         "participant upload" "simulate" "student" "probe" "uniformity" "project" "align" "apply" "ssl" "ssl train" \
         "ssl bench" "bench"; do
  # shellcheck disable=SC2086
  before=$(ls -A "$W" | wc -l)
  out=$(cd "$W" && "$C" $c --help 2>"$W/.help.err"); rc=$?
  check "$c --help" "$([ $rc = 0 ] && printf '%s' "$out" | head -1 | grep -q "^Usage: coopt $c " && [ ! -s "$W/.help.err" ] && [ "$(ls -A "$W" | wc -l)" = "$before" ]; echo $?)" "exit $rc  $(printf '%s' "$out" | head -1 | head -c 70)$(head -c 120 "$W/.help.err" | tr '\n' ' ')  entries $before -> $(ls -A "$W" | wc -l)"
done
echo "adversarial-platform: $passes passed, $fails failed"
[ "$fails" = 0 ]
