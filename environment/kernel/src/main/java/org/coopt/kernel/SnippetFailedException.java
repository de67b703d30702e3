package org.coopt.kernel;

import java.util.List;

/**
 * A cell that threw at run time. The message names the original exception class and its message
 * ({@code "java.lang.IllegalArgumentException: k must be positive"}); {@link #report()} adds the stack
 * trace cut down to the user's code and the libraries it called (no JShell or reflection frames), with
 * the causes.
 */
public final class SnippetFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String exceptionClass;
    private final List<String> report;

    SnippetFailedException(String exceptionClass, String message, List<String> report) {
        super(message == null || message.isEmpty() ? exceptionClass : exceptionClass + ": " + message);
        this.exceptionClass = exceptionClass;
        this.report = List.copyOf(report);
    }

    /** Fully qualified name of the exception the cell threw. */
    public String exceptionClass() {
        return exceptionClass;
    }

    /** The lines shown in the notebook. */
    public List<String> report() {
        return report;
    }
}
