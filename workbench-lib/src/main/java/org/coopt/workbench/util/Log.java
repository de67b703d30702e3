package org.coopt.workbench.util;

import java.util.Locale;

/**
 * The workbench's log lines ({@code [train] ...}, {@code [features] ...}). Progress and information go to
 * standard error on the command line (standard output stays for results) and to standard output in a notebook,
 * where standard error is painted as an error ({@link #infoToStdout}, which the kernel calls); warnings go to
 * standard error in both. The stream is looked up at each call, so a kernel that redirects {@code System.out}
 * per cell gets each line in the right cell.
 */
public final class Log {
    private Log() {}

    private static volatile boolean infoToStdout;

    /** Information lines to standard output from now on (the notebook kernel). */
    public static void infoToStdout(boolean on) {
        infoToStdout = on;
    }

    /** One information line, as is. */
    public static void info(String line) {
        (infoToStdout ? System.out : System.err).println(line);
    }

    /** One information line from a format ({@link Locale#ROOT}, so decimals always use a dot). */
    public static void infof(String format, Object... args) {
        info(String.format(Locale.ROOT, format, args));
    }

    /** A warning: always standard error. */
    public static void warn(String line) {
        System.err.println(line);
    }
}
