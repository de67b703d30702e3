package org.coopt.workbench.util;

import java.util.Locale;

/**
 * A byte count for messages, never rounded to zero: {@code 0 B}, {@code 812 B}, {@code 3.2 KiB}, {@code 41.5 MiB},
 * {@code 1.25 GiB}, {@code 3.00 TiB}. The unit is the largest power of 1024 not above the count; below 10 units two
 * decimals, else one (so two sizes a message compares differ visibly unless they are within 1%).
 */
public final class ByteSize {
    private ByteSize() {}

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    public static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a byte count is >= 0, got " + bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : "%.1f %s", v, UNITS[u]);
    }
}
