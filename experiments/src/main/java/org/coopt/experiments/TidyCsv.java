package org.coopt.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.coopt.workbench.util.AtomicFiles;

/** Reads and writes {@link ResultRow}s as CSV with the header {@code experiment,variant,seed,metric,value}. */
public final class TidyCsv {
    public static final String HEADER = "experiment,variant,seed,metric,value";

    private TidyCsv() {}

    public static void write(Path file, List<ResultRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ResultRow r : rows) {
            sb.append(quote(r.experiment())).append(',').append(quote(r.variant())).append(',')
                    .append(r.seed()).append(',').append(quote(r.metric())).append(',')
                    .append(format(r.value())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static List<ResultRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a tidy results file (expected header '" + HEADER + "')");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            List<String> f = split(lines.get(i));
            if (f.size() != 5) {
                throw new IOException(file + " line " + (i + 1) + ": expected 5 fields, found " + f.size());
            }
            rows.add(new ResultRow(f.get(0), f.get(1), Long.parseLong(f.get(2)), f.get(3), Double.parseDouble(f.get(4))));
        }
        return rows;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return Double.toString(v);
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
