package org.coopt.kernel;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML {@code <table>}: a caption with the table's name and size, one header
 * row of column names, and the first {@value #MAX_ROWS} rows (a note says how many were left out).
 * Numbers are right-aligned; every value is HTML-escaped.
 */
final class TableHtml {

    static final int MAX_ROWS = 100;

    private TableHtml() {}

    static String render(Table t) {
        return render(t, MAX_ROWS);
    }

    static String render(Table t, int maxRows) {
        int rows = Math.min(t.rowCount(), maxRows);
        int cols = t.columnCount();
        boolean[] numeric = new boolean[cols];
        for (int c = 0; c < cols; c++) {
            ColumnType type = t.column(c).type();
            numeric[c] = type == ColumnType.INTEGER || type == ColumnType.LONG || type == ColumnType.SHORT
                    || type == ColumnType.DOUBLE || type == ColumnType.FLOAT;
        }
        StringBuilder sb = new StringBuilder(256 + rows * cols * 24);
        sb.append("<table class=\"coopt-table\">\n<caption>").append(escape(t.name() == null ? "" : t.name()))
                .append(" (").append(t.rowCount()).append(" rows \u00d7 ").append(cols).append(" columns)</caption>\n");
        sb.append("<thead><tr>");
        for (Column<?> col : t.columns()) {
            sb.append("<th>").append(escape(col.name())).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows; r++) {
            sb.append("<tr>");
            for (int c = 0; c < cols; c++) {
                sb.append(numeric[c] ? "<td style=\"text-align:right\">" : "<td>")
                        .append(escape(t.getString(r, c))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>");
        if (t.rowCount() > rows) {
            sb.append("\n<p>").append(t.rowCount() - rows).append(" more rows not shown</p>");
        }
        return sb.toString();
    }

    /** Plain-text form: Tablesaw's own printout of the same rows. */
    static String text(Table t) {
        return t.rowCount() > MAX_ROWS ? t.print(MAX_ROWS) : t.printAll();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
