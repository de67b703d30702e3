package org.coopt.kernel;

import java.util.Map;
import jdk.jshell.JShell;

/** Snippets in this JVM ({@link CapturingExecutionControl}): values are the real objects. */
final class InProcessEngine implements CellEngine {

    private volatile CapturingExecutionControlProvider provider;

    @Override
    public void configure(JShell.Builder builder) {
        CapturingExecutionControlProvider p = new CapturingExecutionControlProvider();
        provider = p;
        builder.executionEngine(p, Map.of());
    }

    private CapturingExecutionControl control() {
        CapturingExecutionControlProvider p = provider;
        return p == null ? null : p.controlOrNull();
    }

    @Override
    public Object value(String valueString, boolean wanted) {
        CapturingExecutionControl c = control();
        if (c == null || valueString == null || !c.hasResult(valueString)) {
            return null;
        }
        Object v = c.takeResult(valueString);
        return wanted ? v : null;
    }

    @Override
    public void afterSnippet() {
        CapturingExecutionControl c = control();
        if (c != null) {
            c.clearResults();
        }
    }

    @Override
    public void newCell() {
        // the kernel's own LiveCurves is reset by the kernel
    }

    @Override
    public void stop() {
        CapturingExecutionControl c = control();
        if (c != null) {
            c.stop();
        }
    }

    @Override
    public void clearPendingStop() {
        CapturingExecutionControl c = control();
        if (c != null) {
            c.clearPendingStop();
        }
    }

    @Override
    public boolean takeSilentStop() {
        return false; // Thread.stop surfaces as ThreadDeath, which JShell reports
    }

    @Override
    public boolean endedByInterrupt() {
        return false;
    }

    @Override
    public String describe() {
        return "in-process";
    }
}
