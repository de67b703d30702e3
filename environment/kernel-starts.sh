#!/usr/bin/env bash
# Reliability check of the Jupyter kernel "coopt-java": starts it headless N times in a row (default 50)
# through jupyter_client, waits for it to be ready (timeout), runs '1+1', checks the result is 2, and
# shuts it down. Prints one line per start, then
#   kernel-starts: N starts, H hangs, F failures, median ready S s, median ready+1+1 S s
# and exits non-zero on any hang or failure.
#   environment/kernel-starts.sh [N] [--timeout SECONDS] [--kernel NAME] [--flood LINES]
# --flood LINES: then one cell prints LINES lines and a printf to stderr; every line must arrive, in few
# stream messages (batched output), and the cell must go idle within the timeout.
# Needs the build (./coopt build); installs the kernelspec when missing or stale. Uses the system Python (/usr/bin/python3), where Debian's
# jupyter_client lives.
set -euo pipefail
N=50; TIMEOUT=60; KERNEL=coopt-java; FLOOD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --kernel) KERNEL="$2"; shift 2 ;;
    --flood) FLOOD="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) N="$1"; shift ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$KERNEL" = coopt-java ]; then  # make sure the installed spec is this checkout's
  bash "$ROOT/environment/install-kernel.sh" --if-needed || { echo "kernel-starts: could not install the kernel (run ./coopt setup)"; exit 1; }
fi
exec /usr/bin/python3 - "$N" "$TIMEOUT" "$KERNEL" "$FLOOD" <<'PY'
import statistics, sys, time, queue
from jupyter_client.manager import KernelManager

n, timeout, name, flood = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
ready_times, total_times, hangs, failures = [], [], 0, 0

def run_one(i):
    km = KernelManager(kernel_name=name)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        try:
            kc.wait_for_ready(timeout=timeout)
        except RuntimeError as e:
            return "hang", "not ready within %.0f s (%s)" % (timeout, e), None, None
        t_ready = time.monotonic() - t0
        msg_id = kc.execute("1+1", silent=False, store_history=False)
        result, deadline = None, time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "hang", "'1+1' gave no reply within %.0f s" % timeout, t_ready, None
            try:
                msg = kc.get_iopub_msg(timeout=left)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            t = msg["header"]["msg_type"]
            if t == "execute_result":
                result = msg["content"]["data"].get("text/plain")
            elif t == "error":
                return "fail", "error %s: %s" % (msg["content"]["ename"], msg["content"]["evalue"]), t_ready, None
            elif t == "status" and msg["content"]["execution_state"] == "idle":
                break
        t_total = time.monotonic() - t0
        if result != "2":
            return "fail", "'1+1' gave %r" % (result,), t_ready, t_total
        return "ok", "", t_ready, t_total
    finally:
        kc.stop_channels()
        try:
            km.shutdown_kernel(now=False)
        except Exception:
            km.shutdown_kernel(now=True)

for i in range(1, n + 1):
    try:
        status, why, t_ready, t_total = run_one(i)
    except Exception as e:  # the kernel process died, could not start, ...
        status, why, t_ready, t_total = "fail", "%s: %s" % (type(e).__name__, e), None, None
    if status == "ok":
        ready_times.append(t_ready); total_times.append(t_total)
        print("start %d/%d ok: ready %.2f s, 1+1 answered at %.2f s" % (i, n, t_ready, t_total), flush=True)
    else:
        hangs += status == "hang"; failures += status == "fail"
        print("start %d/%d %s: %s" % (i, n, status.upper(), why), flush=True)

def flood_check(lines):
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        t0 = time.monotonic()
        mid = kc.execute('for (int i = 0; i < %d; i++) { System.out.println("line " + i); } '
                         'System.err.printf("[train] %%s epoch %%d loss %%.4f%%n", "x", 1, 0.5);' % lines)
        msgs, out, err, idle = 0, [], [], None
        while idle is None:
            left = t0 + timeout - time.monotonic()
            if left <= 0:
                break
            try:
                m = kc.get_iopub_msg(timeout=left)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") != mid:
                continue
            t = m["header"]["msg_type"]
            if t == "stream":
                msgs += 1
                (out if m["content"]["name"] == "stdout" else err).append(m["content"]["text"])
            elif t == "status" and m["content"]["execution_state"] == "idle":
                idle = time.monotonic() - t0
        text = "".join(out)
        ok = (idle is not None and text.count("\n") == lines and text.endswith("line %d\n" % (lines - 1))
              and "".join(err) == "[train] x epoch 1 loss 0.5000\n")
        print("flood: %d lines printed, %d received in %d stream messages, %s: %s"
              % (lines, text.count("\n"), msgs, "idle after %.1f s" % idle if idle is not None else "still busy",
                 "ok" if ok else "FAIL"), flush=True)
        # a progress bar is one display, updated in place (update_display_data with the same display_id)
        mid = kc.execute('try (var p = new org.coopt.workbench.util.Progress("demo", 30, "steps")) { '
                         'for (int i = 0; i < 30; i++) { Thread.sleep(25); p.step(1); } }')
        shown, updates, ids, last, texts = 0, 0, set(), "", []
        t1 = time.monotonic()
        while time.monotonic() - t1 < timeout:
            try:
                m = kc.get_iopub_msg(timeout=timeout)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") != mid:
                continue
            t = m["header"]["msg_type"]
            if t in ("display_data", "update_display_data"):
                shown += t == "display_data"
                updates += t == "update_display_data"
                ids.add(m["content"].get("transient", {}).get("display_id"))
                last = m["content"]["data"].get("text/plain", "")
            elif t == "stream":
                texts.append(m["content"]["text"])
            elif t == "status" and m["content"]["execution_state"] == "idle":
                break
        pok = shown == 1 and updates >= 1 and len(ids) == 1 and None not in ids and "30/30" in last \
            and not any("\r" in x for x in texts)
        print("progress: %d display, %d updates of one display id, last %r: %s"
              % (shown, updates, last, "ok" if pok else "FAIL"), flush=True)
        return ok and pok
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

flood_ok = True
if flood > 0:
    try:
        flood_ok = flood_check(flood)
    except Exception as e:
        print("flood: FAIL %s: %s" % (type(e).__name__, e), flush=True)
        flood_ok = False

med = lambda xs: ("%.2f" % statistics.median(xs)) if xs else "n/a"
print("kernel-starts: %d starts, %d hangs, %d failures, median ready %s s, median ready+1+1 %s s"
      % (n, hangs, failures, med(ready_times), med(total_times)))
sys.exit(1 if hangs or failures or not flood_ok else 0)
PY
