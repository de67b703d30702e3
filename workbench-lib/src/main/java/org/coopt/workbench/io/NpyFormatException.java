package org.coopt.workbench.io;

import org.coopt.workbench.util.UserInputException;

/**
 * A {@code .npy} file that the workbench cannot use: missing, wrong magic, unsupported dtype, rank or
 * order, or truncated. A {@link UserInputException}, so the command line prints the one-line message and
 * exits with code 2.
 */
public class NpyFormatException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }
}
