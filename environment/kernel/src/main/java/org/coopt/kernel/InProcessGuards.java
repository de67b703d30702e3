package org.coopt.kernel;

/**
 * Whether this JVM can guard cells that run in it: stop a thread by force and refuse {@code System.exit}. Both
 * are probed, not read from the version: {@code Thread.stop} on a thread that never starts (JDK 20+ throws
 * {@code UnsupportedOperationException}), and installing {@link CellModes.ExitGuard} (JDK 18-23 refuse it without
 * {@code -Djava.security.manager=allow}, 24+ always).
 */
final class InProcessGuards {

    private static volatile Boolean available;

    private InProcessGuards() {}

    /** True when both guards work here; installs the exit guard as a side effect (once). */
    static synchronized boolean available() {
        if (available == null) {
            available = threadStopWorks() && CellModes.ExitGuard.install();
        }
        return available;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static boolean threadStopWorks() {
        Thread never = new Thread(() -> { }, "coopt-stop-probe");
        try {
            never.stop(); // on an unstarted thread: nothing runs, nothing is stopped
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
