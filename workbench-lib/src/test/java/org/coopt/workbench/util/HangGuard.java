package org.coopt.workbench.util;

import java.util.concurrent.TimeUnit;

/**
 * The one bound on time that tests may use: how long a wait for a thread or a child process may last before the test
 * calls it a hang and fails. It never decides a pass: every test waits for a condition (a process's exit, a latch, a
 * marker line), and the guard only turns "waits forever" into a failure with a message. It is generous (15 minutes) so
 * that no machine, however slow or loaded, reaches it while working; a test that asserts "finished in under N seconds"
 * measures the machine, not the code, and belongs in a benchmark command instead.
 */
public final class HangGuard {
    private HangGuard() {}

    /** The guard in seconds. */
    public static final long SECONDS = 900;

    /** Waits for {@code p} to exit; kills it and throws an AssertionError naming {@code what} past the guard. */
    public static int waitFor(Process p, String what) throws InterruptedException {
        if (!p.waitFor(SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not exit within the hang guard of " + SECONDS + " s");
        }
        return p.exitValue();
    }
}
