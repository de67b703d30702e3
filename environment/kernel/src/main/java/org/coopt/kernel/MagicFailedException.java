package org.coopt.kernel;

/** A {@code %magic} line that could not do its job; the message says what to fix. */
public final class MagicFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    MagicFailedException(String message) {
        super(message);
    }

    MagicFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
