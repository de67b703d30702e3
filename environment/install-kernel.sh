#!/usr/bin/env bash
# Installs the Jupyter kernelspec "coopt-java" ("Java (CoOpt Workbench)") for the checkout this script
# lives in. Called by './coopt setup' after the Maven build; idempotent (--replace).
# The kernel runs in one JVM with the workbench's runtime classpath (environment/kernel/target/classpath.txt
# plus the kernel's classes), DJL offline, and the repository root as -Dcoopt.repo.
# JVM options: COOPT_JAVA_OPTS (default -Xmx8g), read when this script runs.
# Java: $JAVA_HOME/bin/java when JAVA_HOME is set, else `java` on PATH resolved to its absolute path; the kernel runs
# cells in-process on JDK 17 and in a child JVM of the same Java on 21+ (environment/kernel/README.md, "Where cells
# run"); COOPT_KERNEL_CELLS=in-process|child-jvm|auto, when set here, is written into kernel.json's env.
#   environment/install-kernel.sh [--if-needed] [--prefix DIR]
#     --if-needed: do nothing when the installed spec is already exactly this checkout's
#     --prefix DIR: install into DIR/share/jupyter/kernels instead of the user's kernels (the test scripts use a
#                   folder of this checkout with JUPYTER_PATH, so another checkout's set-up, which re-registers
#                   the user's kernel, cannot swap the kernel under a running test)
set -euo pipefail
IF_NEEDED=0; PREFIX=""
while [ $# -gt 0 ]; do
  case "$1" in
    --if-needed) IF_NEEDED=1; shift ;;
    --prefix) [ -n "${2:-}" ] || { echo "install-kernel: --prefix needs a folder" >&2; exit 2; }; PREFIX="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "install-kernel: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CP_FILE="$ROOT/environment/kernel/target/classpath.txt"
CLASSES="$ROOT/environment/kernel/target/classes"
NAME=coopt-java

die() { echo "install-kernel: $*" >&2; exit 2; }

[ -s "$CP_FILE" ] || die "$CP_FILE is missing: build first with './coopt build'"
[ -f "$CLASSES/org/coopt/kernel/KernelMain.class" ] || die "kernel classes missing in $CLASSES: build first with './coopt build'"

if [ -n "${JAVA_HOME:-}" ]; then [ -x "$JAVA_HOME/bin/java" ] || die "JAVA_HOME=$JAVA_HOME has no bin/java"; JAVA="$(readlink -f "$JAVA_HOME/bin/java")";
else JAVA="$(command -v java || true)"; [ -n "$JAVA" ] || die "java not found: install default-jdk-headless"; JAVA="$(readlink -f "$JAVA")"; fi
JUPYTER="$(command -v jupyter || true)"; [ -n "$JUPYTER" ] || JUPYTER=/usr/bin/jupyter
[ -x "$JUPYTER" ] || die "jupyter not found: install the Debian packages jupyter-client and jupyter-notebook"

# the native settings as ./coopt exports them (a value already set wins), for kernel.json's env
source "$ROOT/environment/native-env.sh"
load_native_env "$ROOT/environment/native.env" || exit 2
NATIVE_ENV=()
for key in "${NATIVE_ENV_KEYS[@]}"; do NATIVE_ENV+=("$key=${!key}"); done
[ -n "${COOPT_KERNEL_CELLS:-}" ] && NATIVE_ENV+=("COOPT_KERNEL_CELLS=$COOPT_KERNEL_CELLS")

SPEC_DIR="$(mktemp -d)"
trap 'rm -rf "$SPEC_DIR"' EXIT
mkdir -p "$SPEC_DIR/$NAME"

# kernel.json written by the system Python so paths are JSON-escaped properly.
/usr/bin/python3 - "$SPEC_DIR/$NAME/kernel.json" "$JAVA" "$(cat "$CP_FILE"):$CLASSES" "$ROOT" "${COOPT_JAVA_OPTS:--Xmx8g}" "${NATIVE_ENV[@]}" <<'PY'
import json, shlex, sys
out, java, cp, root, opts = sys.argv[1:6]
native_env = dict(kv.split("=", 1) for kv in sys.argv[6:])
argv = [java, *shlex.split(opts),
        "--enable-native-access=ALL-UNNAMED",  # JDK 24+ warns about JNA's and DJL's native loading without it
        "-Djava.awt.headless=true",
        "-Dai.djl.offline=true",
        "-Dcoopt.repo=" + root,
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", cp,
        "org.coopt.kernel.KernelMain", "{connection_file}"]
spec = {
    "argv": argv,
    "display_name": "Java (CoOpt Workbench)",
    "language": "java",
    "interrupt_mode": "message",
    # OpenMP waiting and glibc malloc settings, as ./coopt sets them (why: environment/native.env)
    "env": {"COOPT_HOME": root, **native_env},
    "metadata": {"coopt_repo": root},
}
with open(out, "w") as f:
    json.dump(spec, f, indent=1)
PY

if [ -n "$PREFIX" ]; then
  target="$PREFIX/share/jupyter/kernels/$NAME"
  if [ "$IF_NEEDED" = 1 ] && cmp -s "$target/kernel.json" "$SPEC_DIR/$NAME/kernel.json"; then exit 0; fi
  "$JUPYTER" kernelspec install --prefix "$PREFIX" --replace --name "$NAME" "$SPEC_DIR/$NAME" >/dev/null 2>&1 \
    || "$JUPYTER" kernelspec install --prefix "$PREFIX" --replace --name "$NAME" "$SPEC_DIR/$NAME"
  echo "installed Jupyter kernel '$NAME' for $ROOT into $PREFIX (found through JUPYTER_PATH=$PREFIX/share/jupyter)" >&2
  exit 0
fi
if [ "$IF_NEEDED" = 1 ]; then
  installed="$("$JUPYTER" kernelspec list --json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
spec = json.load(sys.stdin)["kernelspecs"].get(sys.argv[1])
print(spec["resource_dir"] if spec else "")' "$NAME" || true)"
  if [ -n "$installed" ] && cmp -s "$installed/kernel.json" "$SPEC_DIR/$NAME/kernel.json"; then
    exit 0
  fi
fi

"$JUPYTER" kernelspec install --user --replace --name "$NAME" "$SPEC_DIR/$NAME" >/dev/null 2>&1 \
  || "$JUPYTER" kernelspec install --user --replace --name "$NAME" "$SPEC_DIR/$NAME"
echo "installed Jupyter kernel '$NAME' (Java (CoOpt Workbench)) for $ROOT" >&2
