#!/usr/bin/env bash
# Reliability check of the Jupyter kernel "coopt-java": starts it headless N times in a row (default 50)
# through jupyter_client, waits for it to be ready (timeout), runs '1+1', checks the result is 2, and
# shuts it down. Prints one line per start, then
#   kernel-starts: N starts, H hangs, F failures, median ready S s, median ready+1+1 S s
# and exits non-zero on any hang or failure.
#   environment/kernel-starts.sh [N] [--timeout SECONDS] [--kernel NAME] [--flood LINES]
# --flood LINES: then, in one more kernel: one cell prints LINES lines and a printf to stderr (every line must
# arrive, in few stream messages (batched output), and the cell must go idle); a progress bar must be one display
# updated in place; and the protocol checks: Shift-Tab Javadoc, %%time, %timeit, !echo, %lsmagic, System.exit
# (refused in-process on JDK 17; on 21+ it ends the child JVM that runs cells, which is replaced), history_request,
# and an interrupt during a training step (reported at its cell line; next cell runs).
# The kernel's Java is the installed kernelspec's: install-kernel.sh takes $JAVA_HOME/bin/java when JAVA_HOME is set.
# Needs the build (./coopt build); installs the kernelspec when missing or stale. Uses the system Python (/usr/bin/python3), where Debian's
# jupyter_client lives.
set -euo pipefail
N=50; TIMEOUT=60; KERNEL=coopt-java; FLOOD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --kernel) KERNEL="$2"; shift 2 ;;
    --flood) FLOOD="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) N="$1"; shift ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$KERNEL" = coopt-java ]; then  # this checkout's spec, in its own folder put first on JUPYTER_PATH (run-notebooks.sh)
  KERNEL_PREFIX="$ROOT/environment/.installed/jupyter"
  bash "$ROOT/environment/install-kernel.sh" --if-needed --prefix "$KERNEL_PREFIX" \
    || { echo "kernel-starts: could not install the kernel (run ./coopt setup)"; exit 1; }
  export JUPYTER_PATH="$KERNEL_PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
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

def messages(kc, mid, on_msg, limit):
    """Feeds on_msg every IOPub message of request mid until its cell goes idle (on_msg returning True stops early);
    returns the seconds to idle, or None on time-out."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        try:
            m = kc.get_iopub_msg(timeout=max(0.1, min(1.0, limit - (time.monotonic() - t0))))
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") != mid:
            continue
        if m["header"]["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return time.monotonic() - t0
        on_msg(m)
    return None

def displays(kc, mid, prefix, limit):
    """The displays of request mid whose id starts with prefix: (new ones, updates, ids, last text, stream texts)."""
    seen = {"shown": 0, "updates": 0, "ids": set(), "last": "", "texts": [], "png": 0}
    def on(m):
        t = m["header"]["msg_type"]
        did = m["content"].get("transient", {}).get("display_id")
        if t in ("display_data", "update_display_data") and (prefix is None or (did or "").startswith(prefix)):
            seen["shown" if t == "display_data" else "updates"] += 1
            seen["ids"].add(did)
            seen["last"] = m["content"]["data"].get("text/plain", "")
            seen["png"] += "image/png" in m["content"]["data"]
        elif t == "stream":
            seen["texts"].append(m["content"]["text"])
    messages(kc, mid, on, limit)
    return seen

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
        out, err, msgs = [], [], [0]
        def on(m):
            if m["header"]["msg_type"] == "stream":
                msgs[0] += 1
                (out if m["content"]["name"] == "stdout" else err).append(m["content"]["text"])
        idle = messages(kc, mid, on, timeout)
        msgs = msgs[0]
        text = "".join(out)
        ok = (idle is not None and text.count("\n") == lines and text.endswith("line %d\n" % (lines - 1))
              and "".join(err) == "[train] x epoch 1 loss 0.5000\n")
        print("flood: %d lines printed, %d received in %d stream messages, %s: %s"
              % (lines, text.count("\n"), msgs, "idle after %.1f s" % idle if idle is not None else "still busy",
                 "ok" if ok else "FAIL"), flush=True)
        # a progress bar is one display, updated in place (update_display_data with the same display_id)
        mid = kc.execute('try (var p = new org.coopt.workbench.util.Progress("demo", 30, "steps")) { '
                         'for (int i = 0; i < 30; i++) { Thread.sleep(25); p.step(1); } }')
        seen = displays(kc, mid, None, timeout)
        shown, updates, ids, last, texts = seen["shown"], seen["updates"], seen["ids"], seen["last"], seen["texts"]
        pok = shown == 1 and updates >= 1 and len(ids) == 1 and None not in ids and "30/30" in last \
            and not any("\r" in x for x in texts)
        print("progress: %d display, %d updates of one display id, last %r: %s"
              % (shown, updates, last, "ok" if pok else "FAIL"), flush=True)
        return ok and pok and protocol_checks(km, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

def run_cell(kc, code, limit=None):
    """Executes code; returns (stream text, error lines or None, text/plain result, seconds to idle)."""
    mid = kc.execute(code)
    got = {"out": [], "err": None, "result": None}
    def on(m):
        t = m["header"]["msg_type"]
        if t == "stream":
            got["out"].append(m["content"]["text"])
        elif t == "error":
            got["err"] = m["content"]["traceback"]
        elif t == "execute_result":
            got["result"] = m["content"]["data"].get("text/plain")
    idle = messages(kc, mid, on, limit or timeout)
    return "".join(got["out"]), got["err"], got["result"], idle

def strip_ansi(lines):
    import re
    return [re.sub(r"\x1b\[[0-9;]*m", "", l) for l in (lines or [])]

def shell_reply(kc, mid):
    """The shell reply to request mid (execute replies of earlier cells are skipped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rep = kc.get_shell_msg(timeout=timeout)
        if rep["parent_header"].get("msg_id") == mid:
            return rep
    raise RuntimeError("no shell reply to %s" % mid)

def protocol_checks(km, kc):
    """The kernel as a researcher meets it: help at the cursor, magics, a refused System.exit, history,
    and an interrupt in the middle of a training step."""
    results = []
    def check(name, ok, detail):
        results.append(ok)
        print("check %s: %s (%s)" % (name, "ok" if ok else "FAIL", detail), flush=True)
    # Shift-Tab on a bare name: the workbench's Javadoc
    mid = kc.inspect("org.coopt.workbench.coopt.Uniformity", 36, detail_level=0)
    rep = shell_reply(kc, mid)
    text = rep["content"].get("data", {}).get("text/plain", "")
    check("inspect", rep["content"].get("found") and "METHOD.md" in text,
          "%d characters of Javadoc for Uniformity" % len(text))
    out, err, _, _ = run_cell(kc, "%%time\nThread.sleep(20);")
    check("%%time", err is None and "Wall time:" in out, out.strip())
    out, err, _, _ = run_cell(kc, "%timeit -n 10 -r 3 Math.sqrt(2.0)")
    check("%timeit", err is None and "per loop (mean" in out, out.strip())
    out, err, _, _ = run_cell(kc, "!echo from-shell")
    check("!echo", err is None and out.strip() == "from-shell", repr(out.strip()))
    out, err, _, _ = run_cell(kc, "%lsmagic")
    check("%lsmagic", err is None and "%timeit" in out and "%%bash" in out, "%d lines" % len(out.splitlines()))
    _, err, _, _ = run_cell(kc, "System.exit(3)")
    _, err2, result, _ = run_cell(kc, "1+1")
    check("System.exit", err is not None and result == "2",
          "refused: %s; next cell %r" % (strip_ansi(err)[:1], result))
    mid = kc.history(hist_access_type="tail", n=3, output=False, raw=True)
    rep = shell_reply(kc, mid)
    hist = rep["content"].get("history", [])
    check("history", len(hist) == 3 and hist[-1][2] == "1+1",
          "tail 3: %r" % ([h[2][:20] for h in hist],))
    # a live training chart: one display per cell, replaced after every epoch
    mid = kc.execute("var small = SyntheticImages.generate(512, 3, 16, 4, 2L);\n"
                     "try (var m = NDManager.newBaseManager()) {\n"
                     "    var sm = org.coopt.workbench.ssl.SslMethods.create(\"simclr\", org.coopt.workbench.ssl.SslSetup.of("
                     "new Architectures.ArchSpec(\"convnet\", 8, 3, 16), small.size(), 1L));\n"
                     "    org.coopt.workbench.ssl.SslTrainer.train(sm, small, org.coopt.workbench.train.TrainSettings.defaults(3), null, new Seeds(2), m);\n"
                     "}")
    seen = displays(kc, mid, "coopt-curve-", timeout * 2)
    shown, updates, ids, png, last_title = seen["shown"], seen["updates"], seen["ids"], seen["png"], seen["last"]
    check("live chart", shown == 1 and updates == 2 and len(ids) == 1 and png == 3,
          "%d display + %d updates of one id, %d PNGs, last %r" % (shown, updates, png, last_title))
    # an interrupt while a training step runs (SimCLR on synthetic images; the fit call is cell line 5)
    cell = ("var data = SyntheticImages.generate(4096, 3, 16, 4, 1L);\n"
            "var spec = new Architectures.ArchSpec(\"convnet\", 8, 3, 16);\n"
            "try (var m = NDManager.newBaseManager()) {\n"
            "    var method = org.coopt.workbench.ssl.SslMethods.create(\"simclr\", org.coopt.workbench.ssl.SslSetup.of(spec, data.size(), 1L));\n"
            "    org.coopt.workbench.ssl.SslTrainer.train(method, data, org.coopt.workbench.train.TrainSettings.defaults(1000), null, new Seeds(1), m);\n"
            "}")
    mid = kc.execute(cell)
    t0, st = time.monotonic(), {"started": None, "sent": None, "err": None}
    def on(m):
        t = m["header"]["msg_type"]
        if st["sent"] is None and (t in ("display_data", "update_display_data")
                                   or (t == "stream" and "[train]" in m["content"]["text"])):
            st["started"] = time.monotonic() - t0
            km.interrupt_kernel()
            st["sent"] = time.monotonic() - t0
        elif t == "error":
            st["err"] = strip_ansi(m["content"]["traceback"])
    idle = messages(kc, mid, on, timeout * 3)
    started, sent, err = st["started"], st["sent"], st["err"]
    _, _, after, _ = run_cell(kc, "40 + 2")
    ok = err is not None and err[0].startswith("Interrupted at cell line 5:") and after == "42" and idle is not None
    check("interrupt", ok, "training started at %s s, interrupt sent at %s s, idle at %s s, report %r, next cell %r"
          % (None if started is None else round(started, 1), None if sent is None else round(sent, 1),
             None if idle is None else round(idle, 1), (err or [None])[:2], after))
    return all(results)

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
