package org.coopt.kernel;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Hands JShell one {@link CapturingExecutionControl} and keeps a reference to it, so the evaluator can
 * take the snippets' result objects from it. One provider per JShell instance.
 */
final class CapturingExecutionControlProvider implements ExecutionControlProvider {

    private volatile CapturingExecutionControl control;

    @Override
    public String name() {
        return "coopt-capturing";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        CapturingExecutionControl c = new CapturingExecutionControl();
        control = c;
        return c;
    }

    /** The control JShell is using, or null before JShell has asked for one. */
    CapturingExecutionControl controlOrNull() {
        return control;
    }

    /** The control JShell is using; throws before JShell has asked for one. */
    CapturingExecutionControl control() {
        CapturingExecutionControl c = control;
        if (c == null) {
            throw new IllegalStateException("JShell has not created its execution control yet");
        }
        return c;
    }
}
