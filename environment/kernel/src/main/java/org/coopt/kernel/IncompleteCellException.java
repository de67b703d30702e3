package org.coopt.kernel;

/** A cell that ends in the middle of a statement (an unclosed brace, string or parenthesis). */
public final class IncompleteCellException extends Exception {
    private static final long serialVersionUID = 1L;

    IncompleteCellException(String rest) {
        super("the cell ends in the middle of a statement (missing ';', '}' or ')'?): " + firstLine(rest));
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }
}
