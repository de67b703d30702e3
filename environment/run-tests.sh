#!/usr/bin/env bash
# Every test: the Maven test suites of all modules, then every notebook executed headless with the
# smoke preset (a cell error fails the run). Ends with one line 'tests: N passed, N failed'.
# Called by './coopt test' after set-up; extra arguments go to Maven (e.g. -Dtest=SeedsTest).
# COOPT_TEST_SCOPE=unit (CI's second JDK) runs the Maven suites without the end-to-end training tests (tag "slow"),
# the kernel checks and the adversarial scripts, and leaves out the native-memory test and the notebooks;
# COOPT_TEST_SCOPE=all (the default) runs everything.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
t0=$(date +%s)
SCOPE="${COOPT_TEST_SCOPE:-all}"
case "$SCOPE" in
  all) MVN_SCOPE=() ;;
  unit) MVN_SCOPE=(-Dsurefire.excludedGroups=slow) ;;
  *) echo "run-tests: COOPT_TEST_SCOPE must be 'all' or 'unit', not '$SCOPE'" >&2; exit 2 ;;
esac
java_version() { "${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1; }
mvn -B test -Dsurefire.printSummary=true ${MVN_SCOPE[@]+"${MVN_SCOPE[@]}"} "$@"
mvn_rc=$?
# Native memory (issue 14): RSS and held arrays over 1,000 steps of every method, in a JVM of its own (in the main
# suite's JVM the RSS measures what earlier tests left in the allocator); its report replaces the skipped one.
if [ "$mvn_rc" -eq 0 ] && [ "$#" -eq 0 ] && [ "$SCOPE" = all ]; then
  COOPT_MEMORY_TEST=1 mvn -B -q -pl workbench-lib surefire:test -Dtest=NativeMemoryTest \
    -Dsurefire.printSummary=true || mvn_rc=$?
fi

# Count surefire results from the XML reports (tests, failures, errors, skipped).
read -r s_tests s_fail s_skip < <(/usr/bin/python3 - "$ROOT" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
t = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/target/surefire-reports/TEST-*.xml", recursive=True):
    r = ET.parse(path).getroot()
    t += int(r.get("tests", 0)); s += int(r.get("skipped", 0))
    f += int(r.get("failures", 0)) + int(r.get("errors", 0))
print(t - f - s, f, s)
PY
)

nb_pass=0; nb_fail=0
# Quick kernel reliability check (3 headless starts, each answering 1+1, and a cell printing 100,000 lines that
# must all arrive, batched); counts as one test.
# The full check is 'environment/kernel-starts.sh 50'.
if [ -x "$ROOT/environment/kernel-starts.sh" ] && [ "$mvn_rc" -eq 0 ]; then
  ks_out=$(bash "$ROOT/environment/kernel-starts.sh" 3 --flood 100000 --timeout 300 2>&1); ks_rc=$?
  echo "$ks_out" | grep -v '^start .* ok:' || true
  if [ "$ks_rc" -eq 0 ]; then nb_pass=$((nb_pass + 1)); else nb_fail=$((nb_fail + 1)); fi
fi
# The adversarial runs of issue 22 (bad input, tampering, races; each case must end in one line and exit 2, or in one
# result): each script counts as one test, its failing cases printed.
if [ "$mvn_rc" -eq 0 ]; then
  for adv in adversarial-platform adversarial-data-zoo adversarial-experiments; do
    adv_dir="$(mktemp -d)"
    adv_out=$(bash "$ROOT/environment/tools/$adv.sh" "$adv_dir" 2>&1); adv_rc=$?
    echo "$adv_out" | grep -v '^PASS' || true
    rm -rf "$adv_dir"
    if [ "$adv_rc" -eq 0 ]; then nb_pass=$((nb_pass + 1)); else nb_fail=$((nb_fail + 1)); fi
  done
fi
if [ "$SCOPE" = unit ]; then
  echo "notebooks not executed: COOPT_TEST_SCOPE=unit"
elif [ -x "$ROOT/environment/run-notebooks.sh" ]; then
  if [ "$mvn_rc" -eq 0 ]; then
    out=$(bash "$ROOT/environment/run-notebooks.sh"); nb_rc=$?
    echo "$out"
    nb_p=$(echo "$out" | grep -c '^notebook PASS' || true)
    nb_f=$(echo "$out" | grep -c '^notebook FAIL' || true)
    [ "$nb_rc" -ne 0 ] && [ "$nb_f" -eq 0 ] && nb_f=1
    nb_pass=$((nb_pass + nb_p)); nb_fail=$((nb_fail + nb_f))
  else
    echo "notebooks not executed: the Maven tests failed first"
  fi
fi

passed=$(( ${s_tests:-0} + nb_pass )); failed=$(( ${s_fail:-0} + nb_fail ))
[ "$mvn_rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "test suite took $(( $(date +%s) - t0 )) s on $(java_version)"
echo "tests: $passed passed, $failed failed, ${s_skip:-0} skipped"
[ "$failed" -eq 0 ]
