package org.coopt.experiments.report;

import java.util.List;
import tech.tablesaw.api.Table;

/** Renders a Tablesaw table as a GitHub Markdown table, for {@code figures/ID.md}. */
public final class MarkdownTable {
    private MarkdownTable() {}

    public static String of(Table t) {
        StringBuilder sb = new StringBuilder("|");
        List<String> names = t.columnNames();
        for (String n : names) {
            sb.append(' ').append(n).append(" |");
        }
        sb.append("\n|");
        for (int i = 0; i < names.size(); i++) {
            sb.append("---|");
        }
        sb.append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append('|');
            for (int c = 0; c < names.size(); c++) {
                sb.append(' ').append(t.column(c).getString(r).replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
