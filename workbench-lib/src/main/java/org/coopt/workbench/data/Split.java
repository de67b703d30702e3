package org.coopt.workbench.data;

import java.util.Locale;

/** Which part of a dataset to load. How each dataset forms its splits is said in its loader's Javadoc. */
public enum Split {
    TRAIN,
    TEST;

    /** "train"/"test" (any case) to a split; anything else is a {@link DatasetException}. */
    public static Split parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DatasetException("unknown split '" + s + "': use train or test");
        }
    }

    /** Lower-case name, as used on the command line and in folder names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
