package org.coopt.kernel;

import java.util.List;

/** A {@code %name args} line in a cell. */
interface LineMagic {
    /** The name after {@code %}. */
    String name();

    /** One line of usage, shown by {@code %help} and in errors. */
    String usage();

    /** Does the work; returns a message for the cell output (may be empty). */
    String run(List<String> args) throws MagicFailedException;
}
