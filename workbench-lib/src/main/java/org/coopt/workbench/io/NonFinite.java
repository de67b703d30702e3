package org.coopt.workbench.io;

/**
 * The first non-finite value (NaN or ±∞) of a float32 matrix, found by streaming it in blocks of about a
 * million values (never the whole matrix on the heap). One rule for every reader of targets or features:
 * a command refuses such a file up front instead of training or fitting on it.
 *
 * @param row   row of the value
 * @param col   column of the value
 * @param value the value (NaN, Infinity or -Infinity)
 */
public record NonFinite(long row, int col, float value) {

    /** The first non-finite value of {@code m} in row-major order, or null when every value is finite. */
    public static NonFinite find(MappedNpy m) {
        int cols = m.cols();
        if (cols < 1 || m.rows() < 1) {
            return null;
        }
        int block = Math.max(1, (1 << 20) / cols);
        float[] buf = new float[block * cols];
        for (long from = 0; from < m.rows(); from += block) {
            int n = (int) Math.min(block, m.rows() - from);
            m.readFloats(from, n, buf, 0);
            for (int i = 0; i < n * cols; i++) {
                if (!Float.isFinite(buf[i])) {
                    return new NonFinite(from + i / cols, i % cols, buf[i]);
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value + " at row " + row + ", column " + col;
    }
}
