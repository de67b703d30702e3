package org.coopt.workbench.util;

/**
 * A problem with what the user gave (a missing file, a wrong shape, a bad option value): the
 * command line prints its message alone on one line and exits with code 2. The message says what is
 * wrong and how to fix it.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
