package org.coopt.workbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;

/** Input checks shared by the file commands: float32 N×d matrices with finite values. */
final class NpyChecks {
    private NpyChecks() {}

    /** Maps {@code file} as a float32 matrix and refuses non-finite values (one line naming file, row and column). */
    static MappedNpy finiteMatrix(Path file, String what) throws IOException {
        MappedNpy m = Npy.mapMatrix(file, what);
        int cols = m.cols();
        int block = Math.max(1, (1 << 20) / Math.max(1, cols));
        float[] buf = new float[block * cols];
        for (long from = 0; from < m.rows(); from += block) {
            int n = (int) Math.min(block, m.rows() - from);
            m.readFloats(from, n, buf, 0);
            for (int i = 0; i < n * cols; i++) {
                if (!Float.isFinite(buf[i])) {
                    m.close();
                    throw new UserInputException(file + ": " + what + " hold " + buf[i] + " at row " + (from + i / cols)
                            + ", column " + (i % cols) + "; every value must be finite");
                }
            }
        }
        return m;
    }
}
