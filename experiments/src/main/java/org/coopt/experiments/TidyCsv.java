package org.coopt.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.coopt.workbench.util.AtomicFiles;

/**
 * Reads and writes {@link ResultRow}s as CSV with the header {@code experiment,variant,seed,metric,step,value}
 * (step empty for single values). Files of the earlier five-column layout, whose curve points were named
 * {@code METRIC@STEP}, are read as well and give the same rows.
 */
public final class TidyCsv {
    public static final String HEADER = "experiment,variant,seed,metric,step,value";
    static final String HEADER_V1 = "experiment,variant,seed,metric,value";

    private TidyCsv() {}

    public static void write(Path file, List<ResultRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ResultRow r : rows) {
            sb.append(fields(r)).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static List<ResultRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean v1 = !lines.isEmpty() && lines.get(0).equals(HEADER_V1);
        if (lines.isEmpty() || !(lines.get(0).equals(HEADER) || v1)) {
            throw new IOException(file + " is not a tidy results file (expected header '" + HEADER + "')");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            List<String> f = split(lines.get(i));
            int want = v1 ? 5 : 6;
            if (f.size() != want) {
                throw new IOException(file + " line " + (i + 1) + ": expected " + want + " fields, found " + f.size());
            }
            String metric = f.get(3);
            int step = ResultRow.NO_STEP;
            if (v1) {
                java.util.regex.Matcher m = V1_POINT.matcher(metric);
                if (m.matches()) {
                    metric = m.group(1);
                    step = Integer.parseInt(m.group(2));
                }
            } else if (!f.get(4).isEmpty()) {
                step = Integer.parseInt(f.get(4));
            }
            rows.add(new ResultRow(f.get(0), f.get(1), Long.parseLong(f.get(2)), metric,
                    Double.parseDouble(f.get(v1 ? 4 : 5)), step));
        }
        return rows;
    }

    /** A curve point of the five-column layout: {@code METRIC@STEP}. */
    private static final java.util.regex.Pattern V1_POINT = java.util.regex.Pattern.compile("(.+)@(\\d+)");

    /** One row's fields in {@link #HEADER} order, comma-separated (no line end). */
    static String fields(ResultRow r) {
        return quote(r.experiment()) + ',' + quote(r.variant()) + ',' + r.seed() + ',' + quote(r.metric()) + ','
                + (r.hasStep() ? Integer.toString(r.step()) : "") + ',' + format(r.value());
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
