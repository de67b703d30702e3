package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.coopt.workbench.coopt.DatasetRef;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./coopt simulate}: the whole protocol with K in-process participants. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Runs distribute, optimize, align, upload and merge with K in-process participants over a "
                + "platform folder. Prints the merged folder.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "platform folder (new)")
    Path dir;

    @Option(names = "--dataset", required = true, description = "name:split[:limit]")
    String dataset;

    @Option(names = "--priors", required = true, split = ",", description = "one prior per participant, comma-separated")
    List<String> priors;

    @Option(names = "--cache", description = "feature cache (default $COOPT_CACHE)")
    Path cache;

    @Mixin
    PlatformOptions options;

    @Override
    public Integer call() throws Exception {
        DatasetRef ref = DatasetRef.parse(dataset);
        if (priors.size() != options.participants) {
            throw new UserInputException(priors.size() + " priors given for " + options.participants + " participants");
        }
        ImageDataset data = ref.load();
        List<PriorModel> models = new ArrayList<>();
        try {
            for (String p : priors) {
                models.add(Priors.open(p, data));
            }
            FeatureExtractor fx = new FeatureExtractor(cache == null ? Datasets.cacheDir() : cache,
                    FeatureExtractor.DEFAULT_BATCH);
            try (OptimizedDataset od = Simulation.run(dir, options.settings(), data, ref, models, fx).dataset()) {
                System.out.println(od.dir());
            }
        } finally {
            models.forEach(PriorModel::close);
        }
        return 0;
    }
}
