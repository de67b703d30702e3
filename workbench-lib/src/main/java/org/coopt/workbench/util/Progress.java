package org.coopt.workbench.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar for long work, on stderr: {@code extract [#####.....] 3000/6000 1234 img/s 2s left}; a slow rate
 * reads as time per unit ({@code 42 s/cell}), never {@code 0 cells/s}. On a terminal the line is redrawn in place
 * at most every 200 ms; elsewhere (CI logs, notebooks, where other log lines would land on the open bar line) a
 * whole line is printed at most every 10 s. When a {@link ProgressView} is installed (the notebook kernel does),
 * the bar is one display updated in place at most every 200 ms instead. {@link #close()} shows the final line.
 */
public final class Progress implements AutoCloseable {
    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean inPlace;
    private final long minIntervalNs;
    private final long t0 = System.nanoTime();
    private long done;
    private long lastPrint;
    private boolean closed;
    private final ProgressView view = ProgressView.installed();
    private Object handle;

    public Progress(String label, long total, String unit) {
        this(label, total, unit, System.err, System.console() != null
                || "true".equals(System.getProperty("coopt.progress.inplace")));
    }

    Progress(String label, long total, String unit, PrintStream out, boolean inPlace) {
        if (total < 0) {
            throw new IllegalArgumentException("progress total must be >= 0, got " + total);
        }
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.inPlace = inPlace;
        this.minIntervalNs = inPlace || ProgressView.installed() != null ? 200_000_000L : 10_000_000_000L;
        this.lastPrint = System.nanoTime();
    }

    /** Adds {@code n} finished units; redraws when due. Quiet unless {@code coopt.quiet} is unset. */
    public synchronized void step(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastPrint >= minIntervalNs && !Boolean.getBoolean("coopt.quiet")) {
            lastPrint = now;
            print(false);
        }
    }

    public synchronized long done() {
        return done;
    }

    /** Seconds since the bar was created. */
    public double elapsedSeconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The text of the bar now, e.g. for tests and logs. */
    public synchronized String line() {
        double s = Math.max(elapsedSeconds(), 1e-9);
        double rate = done / s;
        int width = 24;
        int filled = total == 0 ? width : (int) Math.min(width, width * done / total);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String left = rate > 0 && total > done ? String.format(Locale.ROOT, " %s left", duration((total - done) / rate)) : "";
        return String.format(Locale.ROOT, "%s [%s] %d/%d %s%s", label, bar, done, total, rate(rate, unit), left);
    }

    private void print(boolean last) {
        if (view != null) {
            try {
                if (handle == null) {
                    handle = view.open(line());
                } else {
                    view.update(handle, line());
                }
                return;
            } catch (RuntimeException e) {
                // the view is gone (cell ended): fall back to text below
            }
        }
        if (inPlace) {
            out.print("\r" + line() + (last ? "\n" : ""));
        } else {
            out.println(line());
        }
        out.flush();
    }

    /** "1234 img/s", "2.5 cells/s", or for a slow rate "42 s/cell" (never "0 cells/s"). */
    static String rate(double perSecond, String unit) {
        if (perSecond <= 0) {
            return "";
        }
        if (perSecond >= 10) {
            return String.format(Locale.ROOT, "%.0f %s/s", perSecond, unit);
        }
        if (perSecond >= 1) {
            return String.format(Locale.ROOT, "%.1f %s/s", perSecond, unit);
        }
        String one = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        return String.format(Locale.ROOT, "%.0f s/%s", 1 / perSecond, one);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (!Boolean.getBoolean("coopt.quiet")) {
                print(true);
            }
        }
    }
}
