package org.coopt.scaleout;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.coopt.workbench.cli.Main;
import org.coopt.workbench.cli.PlatformOptions;
import org.coopt.workbench.coopt.DataInfo;
import org.coopt.workbench.coopt.DatasetRef;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.coopt.Participant;
import org.coopt.workbench.coopt.Platform;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.util.Log;
import org.coopt.workbench.util.UserInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./coopt spark optimize}: the protocol of {@code ./coopt simulate} with step 2 (every participant's targets)
 * run as Spark tasks ({@link SparkTargets}); distribute, align, upload and the validated merge run in the driver, on
 * the platform folder, as always. With {@code spark-submit} the same class runs on a cluster (see scale-out/README.md).
 */
@Command(name = "spark", mixinStandardHelpOptions = true, subcommands = SparkCommand.Optimize.class,
        description = "Participants' target extraction as Apache Spark tasks (the scale-out module).")
public final class SparkCommand implements Runnable, Main.CommandProvider {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Override
    public Iterable<Object> commands() {
        return List.of(new SparkCommand());
    }

    @Command(name = "optimize", mixinStandardHelpOptions = true,
            description = "Initialises the platform folder (or reuses it with the same settings), runs every "
                    + "participant's step 2 as Spark tasks, then align, upload and merge. Prints the merged folder.")
    static final class Optimize implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "platform folder (a shared filesystem on a cluster)")
        Path dir;

        @Option(names = "--dataset", required = true, description = "name:split[:limit], read by path in every executor")
        String dataset;

        @Option(names = "--priors", required = true, split = ",",
                description = "one prior per participant: prior folders (e.g. zoo/cpu/convnet-w32-sup-fmnist), human, random:...")
        List<String> priors;

        @Option(names = "--master", defaultValue = "local[*]",
                description = "Spark master (default ${DEFAULT-VALUE}; ignored under spark-submit, which sets it)")
        String master;

        @Option(names = "--chunk-rows", defaultValue = "" + SparkTargets.DEFAULT_CHUNK_ROWS,
                description = "rows per task, a multiple of 4096 (default ${DEFAULT-VALUE})")
        int chunkRows;

        @Mixin
        PlatformOptions options;

        @Override
        public Integer call() throws Exception {
            if (priors.size() != options.participants) {
                throw new UserInputException(priors.size() + " priors given for " + options.participants + " participants");
            }
            SparkTargets.Job job = new SparkTargets.Job(dir.toAbsolutePath().toString(), dataset, priors, chunkRows, null);
            DatasetRef ref = DatasetRef.parse(dataset);
            ImageDataset data = ref.load();
            Platform platform = Platform.init(dir, options.settings(), new DataInfo(ref, data.name(), data.sha256(),
                    data.size()));
            SparkConf conf = new SparkConf().setAppName("coopt-targets").set("spark.ui.showConsoleProgress", "true");
            if (!conf.contains("spark.master")) {
                conf.setMaster(master);
            }
            long t0 = System.nanoTime();
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                sc.setLogLevel("WARN");
                SparkTargets.Result r = SparkTargets.run(sc, job);
                Log.infof("[spark] step 2 of %d participants in %d tasks: %.1f s", r.reports().size(), r.tasks(),
                        r.seconds());
            }
            platform.align();
            for (int k = 0; k < options.participants; k++) {
                new Participant(platform, k, new FeatureExtractor()).upload();
            }
            try (OptimizedDataset od = platform.merge()) {
                Log.infof("[spark] optimize, align, upload and merge: %.1f s", (System.nanoTime() - t0) / 1e9);
                System.out.println(od.dir());
            }
            return 0;
        }
    }
}
