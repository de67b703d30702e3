package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.eval.BlockFeatures;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.prior.BlockPrior;
import org.coopt.workbench.run.Provenance;
import org.coopt.workbench.run.RunFolder;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.train.StudentTraining;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./coopt student}: trains a CoOpt student on an optimized-dataset folder (METHOD.md §5), writes the
 * training curve ({@code curve.csv}), the backbone ({@code student/}, a block prior folder) and, unless
 * {@code --probe-epochs 0}, the linear-probe accuracy on the source dataset's labelled train/test splits;
 * prints the probe accuracy (or the final loss) alone on the last line.
 */
@Command(name = "student", mixinStandardHelpOptions = true,
        description = "Train a student on an optimized dataset (targets.npy, ids.npy, manifest.json) and linear-probe it.")
final class StudentCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "optimized-dataset folder")
    Path data;

    @Option(names = "--arch", description = "architecture (default ${DEFAULT-VALUE})")
    String arch = "convnet";

    @Option(names = "--width", description = "width (default: the architecture's)")
    Integer width;

    @Option(names = "--epochs", description = "training epochs (default ${DEFAULT-VALUE})")
    int epochs = 20;

    @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
    int batch = 128;

    @Option(names = "--seed", description = "root seed (default ${DEFAULT-VALUE})")
    long seed = 0;

    @Option(names = "--probe-epochs", description = "linear-probe epochs, 0 = no probe (default ${DEFAULT-VALUE})")
    int probeEpochs = 100;

    @Option(names = "--probe-train-limit", description = "use only the first N labelled train images for the probe (0 = all)")
    int probeTrainLimit = 0;

    @Option(names = "--out", description = "parent of the run folder (default <checkout>/runs)")
    Path out;

    record StudentConfig(String data, String source, String arch, int width, TrainSettings train, long seed,
                         int probeEpochs, int probeTrainLimit) {
    }

    @Override
    public Integer call() throws Exception {
        if (epochs < 1 || batch < 1 || probeEpochs < 0 || probeTrainLimit < 0 || (width != null && width < 1)) {
            throw new UserInputException("need --epochs >= 1, --batch >= 1, --probe-epochs >= 0, --probe-train-limit >= 0"
                    + " and --width >= 1; got " + epochs + ", " + batch + ", " + probeEpochs + ", " + probeTrainLimit
                    + (width == null ? "" : ", " + width));
        }
        if (!Files.isDirectory(data)) {
            throw new UserInputException("optimized dataset folder " + data + " not found");
        }
        try (OptimizedDataset od = OptimizedDataset.open(data)) {
            String sourceName = od.manifest().source().ref().name();
            ImageDataset source = od.manifest().source().ref().load();
            int w = width != null ? width : org.coopt.workbench.nn.Architectures.defaultWidth(arch);
            TrainSettings ts = TrainSettings.defaults(epochs).withBatchSize(batch);
            Seeds seeds = new Seeds(seed);
            StudentConfig config = new StudentConfig(data.toString(), od.manifest().source().ref().toString(), arch, w,
                    ts, seed, probeEpochs, probeTrainLimit);
            Path parent = out != null ? out : Provenance.repoRoot().resolve("runs");
            try (RunFolder run = RunFolder.create(parent, "student", config, seeds);
                 NDManager keep = Engines.get().newBaseManager(Engines.device())) {
                run.dataset(source.name(), source.sha256());
                StudentTraining.Result r = run.stage("train", () -> StudentTraining.train(od, source, arch, w, ts,
                        seeds.child("train"), null, keep));
                r.curve().writeCsv(run.resolve("curve.csv"));
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("trainedOn", data.toString());
                meta.put("epochs", epochs);
                BlockPrior.save(run.resolve("student"), r.backbone(), r.spec(), meta);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("train_seconds", r.seconds());
                result.put("final_loss", r.curve().last().loss());
                String last = String.format(Locale.ROOT, "%.6f", r.curve().last().loss());
                if (probeEpochs > 0) {
                    ImageDataset tr = Datasets.load(sourceName, Split.TRAIN);
                    if (probeTrainLimit > 0 && probeTrainLimit < tr.size()) {
                        int[] idx = new int[probeTrainLimit];
                        java.util.Arrays.setAll(idx, i -> i);
                        tr = tr.subset(idx, tr.name() + "-first" + probeTrainLimit);
                    }
                    ImageDataset te = Datasets.load(sourceName, Split.TEST);
                    ImageDataset trainSet = tr;
                    ProbeResult p = run.stage("probe", () -> {
                        FeatureMatrix ftr = BlockFeatures.extract(r.backbone(), trainSet);
                        FeatureMatrix fte = BlockFeatures.extract(r.backbone(), te);
                        return LinearProbe.fit(ftr, BlockFeatures.labels(trainSet), fte, BlockFeatures.labels(te),
                                ProbeSettings.defaults().withEpochs(probeEpochs).withSeed(seeds.child("probe")));
                    });
                    result.put("probe_accuracy", p.accuracy());
                    result.put("probe_std", p.std());
                    last = String.format(Locale.ROOT, "%.4f", p.accuracy());
                }
                Json.write(run.resolve("result.json"), result);
                System.err.println("[student] run folder " + run.dir());
                System.out.println(last);
            }
        }
        return 0;
    }
}
