package org.coopt.workbench.coopt;

import org.coopt.workbench.util.UserInputException;

/** The platform refuses an upload; the message names the participant and the fault. */
public class UploadRejectedException extends UserInputException {
    private static final long serialVersionUID = 1L;
    private final int participant;

    public UploadRejectedException(int participant, String fault) {
        super("upload of participant " + participant + " refused: " + fault);
        this.participant = participant;
    }

    public int participant() {
        return participant;
    }
}
