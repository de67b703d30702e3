package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.coopt.workbench.coopt.DatasetRef;
import org.coopt.workbench.coopt.ParticipantParallelism;
import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.coopt.workbench.util.Log;
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

    @Option(names = "--at-once", paramLabel = "N|auto",
            description = "participants optimizing at the same time, the cores split between them: 'auto' (default: "
                    + "at least 1 core each, so two side by side on 2 cores) or a number; 1 runs them one after another")
    String atOnce = "auto";

    @Mixin
    PlatformOptions options;

    /** The schedule {@code --at-once} asks for on {@code cores} intra-op threads. */
    static ParticipantParallelism schedule(String atOnce, int participants, int cores) {
        if ("auto".equals(atOnce)) {
            return ParticipantParallelism.auto(participants, cores);
        }
        int n;
        try {
            n = Integer.parseInt(atOnce.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new UserInputException("--at-once must be 'auto' or a number >= 1, got '" + atOnce + "'");
        }
        if (n > cores) {
            throw new UserInputException("--at-once " + n + " exceeds the " + cores + " cores PyTorch uses here; give at "
                    + "most " + cores + " (or 'auto')");
        }
        return ParticipantParallelism.atOnce(n, participants, cores);
    }

    @Override
    public Integer call() throws Exception {
        DatasetRef ref = DatasetRef.parse(dataset);
        if (priors.size() != options.participants) {
            throw new UserInputException(priors.size() + " priors given for " + options.participants + " participants");
        }
        ParticipantParallelism schedule = schedule(atOnce, priors.size(), Engines.intraOpThreads());
        ImageDataset data = ref.load();
        List<PriorModel> models = new ArrayList<>();
        try {
            for (String p : priors) {
                models.add(Priors.open(p, data));
            }
            FeatureExtractor fx = new FeatureExtractor(cache == null ? Datasets.cacheDir() : cache,
                    FeatureExtractor.DEFAULT_BATCH);
            long t0 = System.nanoTime();
            try (Simulation.Result r = Simulation.run(dir, options.settings(), data, ref, models, fx, schedule)) {
                Log.info(String.format(java.util.Locale.ROOT, "[simulate] participants %s: optimize steps %.1f s "
                        + "together (each: %s s), whole protocol %.1f s", schedule.describe(),
                        r.protocol().participantsSeconds(), r.protocol().reports().stream()
                                .map(x -> String.format(java.util.Locale.ROOT, "%.1f", x.seconds()))
                                .collect(java.util.stream.Collectors.joining(", ")), (System.nanoTime() - t0) / 1e9));
                System.out.println(r.dataset().dir());
            }
        } finally {
            models.forEach(PriorModel::close);
        }
        return 0;
    }
}
