package org.coopt.workbench.ssl;

import org.coopt.workbench.eval.KnnClassifier;
import org.coopt.workbench.eval.FeatureMonitor;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.prior.BlockPrior;
import org.coopt.workbench.run.RunFolder;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.train.CurvePoint;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.train.TrainingCurve;
import org.coopt.workbench.util.Json;

/**
 * One SSL pre-training run end to end, into a {@link RunFolder}: {@code config.json},
 * {@code provenance.json} (dataset SHA-256, seeds, wall time of stage {@code ssl-pretrain}),
 * {@code curve.csv} (per epoch: loss, images/s, kNN accuracy), {@code result.json} ({@link Result}) and
 * the trained backbone as a prior in {@code prior/} (core's {@link BlockPrior} format, kind {@code block},
 * meta {@code training = ssl-<method>}, epochs, steps, dataset SHA-256, kNN accuracy).
 */
public final class SslRunner {
    private SslRunner() {}

    /** What a run produced. */
    public record Result(String method, Path runDir, Path priorDir, int epochs, long steps, double trainSeconds,
                         double imagesPerSecond, double finalLoss, double knnAccuracy, String knnKind) {}

    public static Result run(SslRunConfig cfg, Path outParent) throws Exception {
        ImageDataset full = Datasets.load(cfg.dataset(), Split.TRAIN);
        ImageDataset testFull = Datasets.load(cfg.dataset(), Split.TEST);
        ImageDataset train = cfg.trainLimit() > 0 && cfg.trainLimit() < full.size()
                ? full.subset(java.util.stream.IntStream.range(0, cfg.trainLimit()).toArray(), full.name() + "-first" + cfg.trainLimit()) : full;
        ImageDataset bank = full.subset(java.util.stream.IntStream.range(0, Math.min(cfg.knnBank(), full.size())).toArray(), "knn-bank");
        ImageDataset test = testFull.subset(java.util.stream.IntStream.range(0, Math.min(cfg.knnTest(), testFull.size())).toArray(), "knn-test");
        Seeds seeds = new Seeds(cfg.seed());
        try (RunFolder run = RunFolder.create(outParent, "ssl-" + cfg.method(), cfg, seeds)) {
            run.dataset("train", train.sha256()).dataset("knn-test", test.sha256());
            try {
                Result r = run.stage("ssl-pretrain", () -> train(cfg, train, bank, test, seeds, run.dir()));
                Json.write(run.resolve("result.json"), r);
                return r;
            } catch (Exception | Error e) {
                run.fail(e);
                throw e;
            }
        }
    }

    static Result train(SslRunConfig cfg, ImageDataset train, ImageDataset bank, ImageDataset test, Seeds seeds,
                        Path dir) throws IOException {
        ArchSpec spec = new ArchSpec(cfg.arch(), cfg.width(), train.channels(), train.height());
        SslMethod method = SslMethods.create(cfg.method(), SslSetup.of(spec, train.size(), seeds.child("method")));
        TrainSettings settings = TrainSettings.defaults(cfg.epochs()).withBatchSize(cfg.batchSize())
                .withLearningRate(cfg.learningRate(), cfg.weightDecay()).withMaxSteps(cfg.maxSteps());
        FeatureMonitor knn = FeatureMonitor.knn(bank, test, KnnClassifier.defaults());
        try (NDManager manager = Engines.get().newBaseManager(Engines.device())) {
            TrainingCurve curve = SslTrainer.train(method, train, settings, knn, seeds, manager);
            curve.writeCsv(dir.resolve("curve.csv"));
            CurvePoint last = curve.last();
            double seconds = last.wallSeconds();
            double imagesPerSecond = last.step() * (double) cfg.batchSize() / seconds;
            Path prior = dir.resolve("prior");
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("id", "ssl-" + cfg.method() + "-" + dir.getFileName());
            meta.put("kind", "block");
            meta.put("training", "ssl-" + cfg.method());
            meta.put("dataset", train.name());
            meta.put("dataset_sha256", train.sha256());
            meta.put("epochs", last.epoch());
            meta.put("steps", last.step());
            meta.put("seed", cfg.seed());
            meta.put(knn.kind(), last.accuracy());
            BlockPrior.save(prior, method.backbone(), spec, meta);
            return new Result(cfg.method(), dir, prior, last.epoch(), last.step(), seconds, imagesPerSecond,
                    last.loss(), last.accuracy(), knn.kind());
        }
    }
}
