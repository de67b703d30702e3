package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.FloatWriter;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./coopt apply --targets T.npy --matrix W.npy --out T2.npy}: aligned targets T W. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Applies an alignment matrix to targets, T2 = T W, streamed block by block. Prints the output "
                + "path on the last line.")
final class ApplyCommand implements Callable<Integer> {
    @Option(names = "--targets", required = true, description = "float32 N×d .npy")
    Path targets;

    @Option(names = "--matrix", required = true, description = "float32 d×d' .npy (from 'coopt align')")
    Path matrix;

    @Option(names = "--out", required = true, description = "output float32 N×d' .npy")
    Path out;

    @Override
    public Integer call() throws Exception {
        NpyChecks.outputFile(out, "--out");
        try (MappedNpy t = NpyChecks.finiteMatrix(targets, "targets");
             MappedNpy w = NpyChecks.finiteMatrix(matrix, "alignment matrix");
             NDManager m = NDManager.newBaseManager(Engines.device());
             FloatWriter out = Npy.floatWriter(this.out, w.cols())) {
            if (w.rows() != t.cols()) {
                throw new UserInputException("targets " + t.header() + " and matrix " + w.header()
                        + " do not chain: the matrix needs " + t.cols() + " rows");
            }
            NDArray wm = w.rows(m, 0, (int) w.rows());
            int block = 16_384;
            for (long from = 0; from < t.rows(); from += block) {
                int n = (int) Math.min(block, t.rows() - from);
                try (NDManager b = m.newSubManager()) {
                    NDArray prod = t.rows(b, from, n).matMul(wm);
                    if (!Float.isFinite(prod.abs().max().getFloat())) {
                        throw new UserInputException("targets × matrix overflows float32 in rows " + from + ".."
                                + (from + n - 1) + " (values beyond ±3.4e38); the matrix is not an alignment matrix "
                                + "for these targets. Nothing was written");
                    }
                    out.append(prod);
                }
            }
            out.finish();
        }
        System.out.println(out);
        return 0;
    }
}
