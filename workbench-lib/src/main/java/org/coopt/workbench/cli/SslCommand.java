package org.coopt.workbench.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.coopt.workbench.ssl.SslMethods;
import org.coopt.workbench.ssl.SslRunConfig;
import org.coopt.workbench.ssl.SslRunner;
import org.coopt.workbench.ssl.SslThroughput;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./coopt ssl train|bench}: the self-supervised baselines of Tab. 1. */
@Command(name = "ssl", mixinStandardHelpOptions = true,
        description = "Self-supervised baselines (BYOL, DINO, MoCo v2, SimCLR, SimSiam, SwAV, DCL).",
        subcommands = {SslCommand.Train.class, SslCommand.Bench.class})
public final class SslCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    static String method(String name) {
        String m = name.toLowerCase(Locale.ROOT).replace("mocov2", "moco");
        if (!SslMethods.names().contains(m)) {
            throw new UserInputException("unknown SSL method '" + name + "'; choose one of " + SslMethods.names());
        }
        return m;
    }

    /** Pre-trains one method into a run folder; prints result.json's content as the last line. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Pre-train one SSL method; writes a run folder with curve.csv, result.json and prior/.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--method", required = true, description = "byol, dino, moco, simclr, simsiam, swav or dcl")
        String method;
        @Option(names = "--epochs", defaultValue = "10", description = "epochs (default ${DEFAULT-VALUE})")
        int epochs;
        @Option(names = "--batch", defaultValue = "128", description = "batch size (default ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--width", defaultValue = "64", description = "ConvNet-3 width (default ${DEFAULT-VALUE})")
        int width;
        @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "training data (default ${DEFAULT-VALUE})")
        String dataset;
        @Option(names = "--limit", defaultValue = "0", description = "use the first N training images (0 = all)")
        int limit;
        @Option(names = "--max-steps", defaultValue = "0", description = "stop after N steps (0 = no limit)")
        long maxSteps;
        @Option(names = "--seed", defaultValue = "0", description = "root seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--out", defaultValue = "runs", description = "parent folder of the run folder (default ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            SslRunConfig base = SslRunConfig.defaults(method(method));
            SslRunConfig cfg;
            try {
                cfg = base.with(epochs, batch, width).withData(dataset, limit, base.knnBank(), base.knnTest())
                        .withSeed(seed, maxSteps);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            SslRunner.Result r = SslRunner.run(cfg, out);
            System.out.println(Json.toJson(r).replace('\n', ' '));
            return 0;
        }
    }

    /** Images/s of each method on the bench workload (ConvNet-3 w64, batch 256, 1×28×28, random views). */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Training images/s of SSL methods on fixed random views (the ./coopt bench workload).")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--method", defaultValue = "all", description = "a method or 'all' (default ${DEFAULT-VALUE})")
        String method;
        @Option(names = "--width", defaultValue = "64")
        int width;
        @Option(names = "--batch", defaultValue = "256")
        int batch;
        @Option(names = "--steps", defaultValue = "20")
        int steps;
        @Option(names = "--warmup", defaultValue = "3")
        int warmup;

        @Override
        public Integer call() {
            if (batch < 2 || steps < 1 || warmup < 0 || width < 1) {
                throw new UserInputException("need --batch >= 2, --steps >= 1, --warmup >= 0, --width >= 1");
            }
            ArchSpec spec = new ArchSpec("convnet", width, 1, 28);
            StringBuilder line = new StringBuilder("{");
            for (String m : "all".equals(method) ? SslMethods.names() : java.util.Set.of(method(method))) {
                SslThroughput.Measurement r = SslThroughput.measure(m, spec, batch, warmup, steps, 0);
                System.err.printf(Locale.ROOT, "[ssl bench] %s %.0f img/s (%d steps of %d in %.1f s)%n",
                        m, r.imagesPerSecond(), steps, batch, r.seconds());
                line.append(line.length() > 1 ? ", " : "").append('"').append(m).append("_img_per_s\": ")
                        .append(Math.round(r.imagesPerSecond()));
            }
            System.out.println(line.append('}'));
            return 0;
        }
    }
}
