package org.coopt.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry of line magics and the step that runs them. A magic line is a line whose first
 * non-blank character is {@code %} followed by a letter ({@code %classpath lib/x.jar}); a Java line
 * never starts that way. All magic lines of a cell run first, in order, and are blanked out (keeping
 * line numbers) before the rest of the cell is evaluated as Java.
 */
final class CellMagics {

    private static final Pattern MAGIC_LINE = Pattern.compile("^\\s*%([A-Za-z][A-Za-z0-9_]*)(.*)$");

    private final Map<String, LineMagic> magics = new LinkedHashMap<>();

    /** Line magics that time Java statements; they stay in the cell for {@link CoOptKernel} to run in order. */
    static final java.util.Set<String> TIMED = java.util.Set.of("time", "timeit");

    void register(LineMagic m) {
        magics.put(m.name(), m);
    }

    CellMagics() {
        register(new HelpMagic("lsmagic"));
        register(new HelpMagic("help"));
    }

    /** {@code %lsmagic} and {@code %help}: every magic with its usage. */
    private final class HelpMagic implements LineMagic {
        private final String name;

        HelpMagic(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String usage() {
            return "%" + name;
        }

        @Override
        public String run(List<String> args) {
            return help();
        }
    }

    /** Every magic with its usage, line magics and cell forms. */
    String help() {
        StringBuilder sb = new StringBuilder("line magics:");
        magics.values().forEach(m -> sb.append("\n  ").append(m.usage()));
        sb.append("\n  %time STATEMENT               time one statement (its value is the cell's value if last)")
                .append("\n  %timeit [-n N] [-r R] STATEMENT   repeated timing: mean ± std per loop over R runs (7)")
                .append(" of N loops (chosen so a run takes >= 0.2 s)");
        sb.append("\ncell forms (first line of a cell):\n  %%time   time the whole cell\n  %%timeit [-n N] [-r R]   "
                + "repeated timing of the whole cell\n  %%bash   run the cell with bash")
                .append("\n  !command lines at the top of a cell run with bash, their output in the cell");
        return sb.toString();
    }

    /**
     * Runs the cell's magics, sending their messages to {@code messages}.
     *
     * @return the cell with the magic lines blanked, to be evaluated as Java
     */
    String runMagics(String cell, Consumer<String> messages) throws MagicFailedException {
        String[] lines = cell.split("\n", -1);
        boolean any = false;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MAGIC_LINE.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            if (TIMED.contains(name)) {
                continue; // %time / %timeit time Java: the kernel runs them in their place among the cell's Java
            }
            any = true;
            LineMagic magic = magics.get(name);
            if (magic == null) {
                throw new MagicFailedException("unknown magic %" + name + "; available: "
                        + String.join(", ", magics.values().stream().map(LineMagic::usage).toList()));
            }
            String msg = magic.run(split(m.group(2)));
            if (msg != null && !msg.isEmpty()) {
                messages.accept(msg);
            }
            lines[i] = "";
        }
        return any ? String.join("\n", lines) : cell;
    }

    /** Splits magic arguments on blanks; double or single quotes keep blanks inside one argument. */
    static List<String> split(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean inArg = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (inArg) {
            out.add(cur.toString());
        }
        return out;
    }
}
