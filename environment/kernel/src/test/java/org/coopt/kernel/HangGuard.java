package org.coopt.kernel;

/**
 * The one bound on time in the kernel's tests: how long a wait for a cell, a thread or a child JVM may last before
 * the test calls it a hang and fails. It never decides a pass (each test waits for a condition: a marker the cell
 * sets, the cell's end); it only turns "waits forever" into a failure, and is generous (15 minutes) so that no
 * machine, however slow or loaded, reaches it while working. (The workbench's tests have their own, in
 * {@code org.coopt.workbench.util}; this module does not see their test classes.)
 */
final class HangGuard {
    private HangGuard() {}

    static final long SECONDS = 900;

    /** Whether {@code startNanos} lies more than the guard in the past. */
    static boolean passed(long startNanos) {
        return System.nanoTime() - startNanos > SECONDS * 1_000_000_000L;
    }
}
