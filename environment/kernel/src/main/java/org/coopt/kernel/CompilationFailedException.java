package org.coopt.kernel;

import java.util.List;

/**
 * A cell that does not compile. The message is the first diagnostic with its cell line
 * ({@code "line 2: cannot find symbol: variable foo"}); {@link #report()} holds every diagnostic with the
 * offending line and a caret under the offending span, ready to show in the notebook.
 */
public final class CompilationFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> report;

    CompilationFailedException(String message, List<String> report) {
        super(message);
        this.report = List.copyOf(report);
    }

    /** The lines shown in the notebook. */
    public List<String> report() {
        return report;
    }
}
