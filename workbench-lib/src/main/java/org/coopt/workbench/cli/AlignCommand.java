package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.coopt.workbench.coopt.Aligner;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.RidgeAligner;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./coopt align --source A.npy --reference B.npy --out W.npy}: the alignment matrix of Eq. 4. */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = "Alignment matrix T = argmin (1/n)(||A T - B||^2 + lambda ||T||^2) on shared-set targets "
                + "(paper Eq. 4); ridge closed form (default) or Adam. Prints the objective value on the last line.")
final class AlignCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, description = "this participant's targets on S (float32 n×d)")
    Path source;

    @Option(names = "--reference", required = true, description = "the reference targets on S (float32 n×d)")
    Path reference;

    @Option(names = "--out", required = true, description = "output d×d matrix .npy")
    Path out;

    @Option(names = "--solver", defaultValue = org.coopt.workbench.coopt.PlatformSettings.DEFAULT_SOLVER, description = "ridge or gradient (default ${DEFAULT-VALUE})")
    String solver;

    /** Null when not given: the relative default (no number selects it). */
    @Option(names = "--lambda", description = "absolute lambda >= 0; not given: 1e-3 * trace(A^T A) / d")
    Double lambda;

    @Override
    public Integer call() throws Exception {
        if (lambda != null) {
            Aligner.checkLambda(lambda, "--lambda");
        }
        NpyChecks.outputFile(out, "--out");
        Aligner aligner = Alignment.solver(solver, lambda);
        try (MappedNpy a = NpyChecks.finiteMatrix(source, "source targets");
             MappedNpy b = NpyChecks.finiteMatrix(reference, "reference targets");
             NDManager m = NDManager.newBaseManager(Engines.device())) {
            if (a.rows() != b.rows() || a.cols() != b.cols()) {
                throw new UserInputException("source " + a.header() + " and reference " + b.header()
                        + " must have the same shape n×d (the same shared samples, the same d)");
            }
            NDArray x = a.rows(m, 0, (int) a.rows());
            NDArray y = b.rows(m, 0, (int) b.rows());
            NDArray t = aligner.fit(x, y);
            Npy.writeFloat32(out, t);
            double lam = Aligner.lambda(x, aligner.lambda(), RidgeAligner.DEFAULT_RELATIVE);
            System.err.println("wrote " + out + " (" + aligner.name() + ", lambda " + lam + ")");
            System.out.println(Aligner.loss(x, y, t, lam));
        }
        return 0;
    }
}
