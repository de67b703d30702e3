package org.coopt.workbench.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.coopt.workbench.coopt.JlProjection;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.MappedNpy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./coopt project --features F.npy --dim D --seed S --out T.npy}: JL targets Y = F P. */
@Command(name = "project", mixinStandardHelpOptions = true,
        description = "Johnson-Lindenstrauss projection of features to d dimensions: Y = F P, P ~ N(0, 1/d) from "
                + "the seed. Streams block by block. Prints the output path on the last line.")
final class ProjectCommand implements Callable<Integer> {
    @Option(names = "--features", required = true, description = "float32 N×m .npy")
    Path features;

    @Option(names = "--dim", defaultValue = "" + org.coopt.workbench.coopt.PlatformSettings.DEFAULT_DIM, description = "target dimension d <= m (default ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--seed", required = true, description = "seed of P (record it)")
    long seed;

    @Option(names = "--out", required = true, description = "output float32 N×d .npy")
    Path out;

    @Override
    public Integer call() throws Exception {
        NpyChecks.outputFile(out, "--out");
        int m;
        try (MappedNpy f = NpyChecks.finiteMatrix(features, "features")) {
            m = f.cols();
        }
        JlProjection p = new JlProjection(m, dim, seed).requireReduction();
        try (NDManager manager = NDManager.newBaseManager(Engines.device())) {
            p.apply(features, out, manager);
        }
        System.out.println(out);
        return 0;
    }
}
