package org.coopt.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The everyday cell forms of IPython that are not Java: {@code %%time} (time the whole cell), {@code %%bash} (run
 * the cell as a bash script) and leading {@code !command} lines (run by bash, output streamed into the cell), plus
 * JShell-style text for arrays ({@code int[3] { 1, 2, 3 }}, not {@code [I@7f4868}).
 */
final class CellModes {
    private CellModes() {}

    /** The cell without a leading {@code %%time} line, or null when it has none. */
    static String stripTime(String cell) {
        return stripFirst(cell, "%%time");
    }

    /** The arguments of a leading {@code %%timeit} line ("" for none), or null when the cell has none. */
    static String timeitArgs(String cell) {
        String first = firstNonBlankLine(cell);
        return first.equals("%%timeit") || first.startsWith("%%timeit ") ? first.substring(8).strip() : null;
    }

    /** The cell's first non-blank line, stripped. */
    private static String firstNonBlankLine(String cell) {
        String trimmed = cell.stripLeading();
        int nl = trimmed.indexOf('\n');
        return (nl < 0 ? trimmed : trimmed.substring(0, nl)).strip();
    }

    /** The cell after its first non-blank line. */
    static String afterFirstLine(String cell) {
        String trimmed = cell.stripLeading();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? "" : trimmed.substring(nl + 1);
    }

    /** The script of a {@code %%bash} cell, or null when the cell is not one. */
    static String bashScript(String cell) {
        return stripFirst(cell, "%%bash");
    }

    private static String stripFirst(String cell, String magic) {
        return firstNonBlankLine(cell).equals(magic) ? afterFirstLine(cell) : null;
    }

    /**
     * Runs the cell's leading {@code !command} lines (before any Java, as in a shell preamble) with bash, streaming
     * their output to {@code out}; returns the cell with those lines blanked (line numbers kept). A {@code !} further
     * down is Java (a continued boolean expression), never a command.
     */
    static String runShellLines(String cell, PrintStream out) throws MagicFailedException {
        String[] lines = cell.split("\n", -1);
        boolean any = false;
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.startsWith("!")) {
                break;
            }
            bash(t.substring(1), out);
            lines[i] = "";
            any = true;
        }
        return any ? String.join("\n", lines) : cell;
    }

    /** Runs {@code script} with bash; stdout and stderr stream to {@code out}; a non-zero exit is an error. */
    static void bash(String script, PrintStream out) throws MagicFailedException {
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new MagicFailedException("cannot run bash: " + e.getMessage());
        }
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            out.flush();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new MagicFailedException("command exited with status " + rc + ": " + firstLine(script));
            }
        } catch (IOException e) {
            throw new MagicFailedException("reading the command's output failed: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new MagicFailedException("interrupted: " + firstLine(script));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl) + " ...").strip();
    }

    /** "Wall time: 1.23 s" (or ms below one second). */
    static String wallTime(long nanos) {
        double s = nanos / 1e9;
        return s < 1 ? String.format(Locale.ROOT, "Wall time: %.1f ms", s * 1000)
                : String.format(Locale.ROOT, "Wall time: %.2f s", s);
    }

    /** At most this many elements of an array are shown. */
    static final int ARRAY_SHOWN = 100;

    /** JShell's text of an array: {@code int[3] { 1, 2, 3 }}, nested arrays likewise, long ones cut. */
    static String arrayText(Object array) {
        int n = Array.getLength(array);
        String type = array.getClass().getComponentType().getSimpleName();
        StringBuilder sb = new StringBuilder();
        int bracket = type.indexOf('[');
        sb.append(bracket < 0 ? type : type.substring(0, bracket)).append('[').append(n).append(']')
                .append(bracket < 0 ? "" : type.substring(bracket)).append(" { ");
        for (int i = 0; i < Math.min(n, ARRAY_SHOWN); i++) {
            Object e = Array.get(array, i);
            sb.append(i == 0 ? "" : ", ");
            sb.append(e != null && e.getClass().isArray() ? arrayText(e)
                    : e instanceof String str ? "\"" + str + "\"" : String.valueOf(e));
        }
        if (n > ARRAY_SHOWN) {
            sb.append(", ... (").append(n - ARRAY_SHOWN).append(" more)");
        }
        return sb.append(n == 0 ? "}" : " }").toString().replace("{  }", "{ }");
    }

    /**
     * Refuses {@code System.exit} from a cell's code (it would end the kernel, and with it the notebook's state),
     * with a message; exits from the kernel's own threads (shutdown) are allowed. Installed once per kernel JVM;
     * every other permission is granted.
     */
    static final class ExitGuard extends SecurityManager {
        @Override
        public void checkExit(int status) {
            if (Thread.currentThread().getName().startsWith("coopt-snippet")) {
                throw new SecurityException("System.exit(" + status + ") in a cell would end the kernel and lose the "
                        + "notebook's state; it was refused (restart the kernel from the menu to end it)");
            }
        }

        @Override
        public void checkPermission(java.security.Permission perm) {
            // everything else is allowed
        }

        @Override
        public void checkPermission(java.security.Permission perm, Object context) {
            // everything else is allowed
        }

        /** Installs the guard; false where this JDK has no Security Manager (18+ without the flag, 24+). */
        @SuppressWarnings("removal")
        static boolean install() {
            if (System.getSecurityManager() instanceof ExitGuard) {
                return true;
            }
            try {
                System.setSecurityManager(new ExitGuard());
                return true;
            } catch (UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
