package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import java.io.IOException;
import java.nio.file.Path;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;

/** Input checks shared by the file commands: float32 N×d matrices with finite values. */
final class NpyChecks {
    private NpyChecks() {}

    /**
     * Maps {@code file} as a float32 matrix and refuses an empty one (0 rows or 0 columns) and non-finite values
     * (one line naming file, row and column).
     */
    static MappedNpy finiteMatrix(Path file, String what) throws IOException {
        MappedNpy m = Npy.mapMatrix(file, what);
        if (m.rows() < 1 || m.cols() < 1) {
            m.close();
            throw new UserInputException(file + ": " + what + " are an empty " + m.rows() + "×" + m.cols()
                    + " matrix; need at least one row and one column");
        }
        org.coopt.workbench.io.NonFinite bad = org.coopt.workbench.io.NonFinite.find(m);
        if (bad != null) {
            m.close();
            throw new UserInputException(file + ": " + what + " hold " + bad + "; every value must be finite");
        }
        return m;
    }

    /** Refuses an output path that is an existing folder, or whose folder cannot be created as one. */
    static Path outputFile(Path out, String option) {
        if (java.nio.file.Files.isDirectory(out)) {
            throw new UserInputException(option + " " + out + " is a folder; give a file name such as "
                    + out.resolve("out.npy"));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && java.nio.file.Files.exists(parent) && !java.nio.file.Files.isDirectory(parent)) {
            throw new UserInputException(option + " " + out + ": " + parent + " is a file, not a folder");
        }
        return out;
    }
}
