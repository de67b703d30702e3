package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.coopt.workbench.coopt.Uniformity;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.MappedNpy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./coopt uniformity --features F.npy [--t 2]}: prints U (Eq. 3) of the rows of F. */
@Command(name = "uniformity", mixinStandardHelpOptions = true,
        description = "Uniformity value U = log mean_{i<j} exp(-t ||z_i - z_j||^2) of L2-normalised features "
                + "(Wang & Isola; paper Eq. 3). Lower = more uniform = better prior. Prints U on the last line.")
final class UniformityCommand implements Callable<Integer> {
    @Option(names = "--features", required = true, description = "float32 N×m .npy of raw prior features")
    Path features;

    @Option(names = "--t", defaultValue = "2", description = "temperature t (default ${DEFAULT-VALUE})")
    double t;

    @Option(names = "--max-samples", defaultValue = "10000", description = "use at most this many rows (default ${DEFAULT-VALUE})")
    int maxSamples;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the row subsample when N > --max-samples")
    long seed;

    @Override
    public Integer call() throws Exception {
        Uniformity.Settings s = new Uniformity.Settings(t, maxSamples, seed);
        try (MappedNpy m = NpyChecks.finiteMatrix(features, "features")) {
            if (m.rows() < 2) {
                throw new UserInputException(features + " has " + m.rows() + " rows; uniformity needs at least 2");
            }
        }
        try (NDManager manager = NDManager.newBaseManager(Engines.device())) {
            System.out.println(new Uniformity(s).value(features, manager));
        }
        return 0;
    }
}
