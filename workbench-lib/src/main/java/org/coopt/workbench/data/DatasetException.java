package org.coopt.workbench.data;

import org.coopt.workbench.util.UserInputException;

/**
 * A dataset that is missing, incomplete or corrupt. The message is one line naming the file (or
 * folder) and the fault, and says how to fix it (what to install, which file to replace). It is a
 * {@link UserInputException}, so {@code ./coopt} prints it alone and exits with code 2.
 */
public class DatasetException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
