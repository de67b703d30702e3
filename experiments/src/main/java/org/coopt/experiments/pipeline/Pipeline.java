package org.coopt.experiments.pipeline;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.coopt.ParticipantParallelism;
import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.eval.BlockFeatures;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.KnnClassifier;
import org.coopt.workbench.eval.FeatureMonitor;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.ssl.SslMethod;
import org.coopt.workbench.ssl.SslMethods;
import org.coopt.workbench.ssl.SslSetup;
import org.coopt.workbench.ssl.SslTrainer;
import org.coopt.workbench.train.EpochMonitor;
import org.coopt.workbench.train.StudentTraining;
import org.coopt.workbench.train.SupervisedObjective;
import org.coopt.workbench.train.TrainingCurve;
import org.coopt.workbench.train.TrainingLoop;
import ai.djl.ndarray.types.Shape;
import org.coopt.workbench.nn.Architectures;

/**
 * The two pre-training paths every comparison runs, under one {@link Budget}, each followed by the same
 * linear probe (METHOD.md §7):
 * <ul>
 *   <li>CoOpt: the five steps over K in-process participants ({@link Simulation}), one prior each, then a
 *       student (backbone + linear head, cosine loss on two views) trained on the optimized dataset;</li>
 *   <li>an SSL baseline from the registry, trained on the same unlabelled images.</li>
 * </ul>
 * Each CoOpt cell extracts features into its own cache folder, so its reported time includes the
 * extraction and never profits from an earlier cell's cache.
 */
public final class Pipeline {
    private Pipeline() {}

    /**
     * Optimizes {@code w.unlabelled()} with {@code priors} (participant k holds prior k) into {@code dir/platform},
     * the participants' optimize steps in parallel where cores allow ({@link ParticipantParallelism#auto(int)}; the
     * schedule is recorded in the protocol and in the rows, {@link Rows}).
     */
    public static Simulation.Result optimize(Workload w, List<? extends PriorModel> priors, PlatformSettings platform,
                                             Path dir) throws IOException {
        return optimize(w, priors, platform, dir, ParticipantParallelism.auto(priors.size()));
    }

    /**
     * {@link #optimize(Workload, List, PlatformSettings, Path)} on a given schedule: the experiments that account the
     * participants' own times (Tab. 2, Tab. 6) run them one after another, so that each participant's time is
     * measured on all cores without competition, as on its own machine.
     */
    public static Simulation.Result optimize(Workload w, List<? extends PriorModel> priors, PlatformSettings platform,
                                             Path dir, ParticipantParallelism schedule) throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(dir.resolve("feature-cache"), FeatureExtractor.DEFAULT_BATCH);
        return Simulation.run(dir.resolve("platform"), platform, w.unlabelled(), null, priors, extractor, schedule);
    }

    /** CoOpt end to end: optimize, train the student on the result, probe it. */
    public static MethodOutcome coopt(Workload w, List<? extends PriorModel> priors, PlatformSettings platform,
                                      Budget b, Seeds seeds, Path dir) throws IOException {
        return coopt(w, priors, platform, b, seeds, dir, ParticipantParallelism.auto(priors.size()));
    }

    /** {@link #coopt(Workload, List, PlatformSettings, Budget, Seeds, Path)} with the participants on {@code schedule}. */
    public static MethodOutcome coopt(Workload w, List<? extends PriorModel> priors, PlatformSettings platform,
                                      Budget b, Seeds seeds, Path dir, ParticipantParallelism schedule)
            throws IOException {
        long t0 = System.nanoTime();
        try (Simulation.Result optimized = optimize(w, priors, platform, dir, schedule)) {
            double optimizeSeconds = (System.nanoTime() - t0) / 1e9;
            return student("coopt", optimized.dataset(), w, b, seeds, Map.of("optimize", optimizeSeconds))
                    .withProtocol(optimized.protocol());
        }
    }

    /**
     * {@link #coopt} with the zoo priors {@code priorIds} of the workload's zoo (participant k holds the k-th),
     * opened for the cell and closed afterwards.
     */
    public static MethodOutcome cooptZoo(Workload w, List<String> priorIds, PlatformSettings platform, Budget b,
                                         Seeds seeds, Path dir) throws IOException {
        return cooptZoo(w, priorIds, platform, b, seeds, dir, ParticipantParallelism.auto(priorIds.size()));
    }

    /** {@link #cooptZoo(Workload, List, PlatformSettings, Budget, Seeds, Path)} with the participants on {@code schedule}. */
    public static MethodOutcome cooptZoo(Workload w, List<String> priorIds, PlatformSettings platform, Budget b,
                                         Seeds seeds, Path dir, ParticipantParallelism schedule) throws IOException {
        List<PriorModel> priors = ZooPriors.open(w.zooPreset(), priorIds);
        try {
            return coopt(w, priors, platform, b, seeds, dir, schedule);
        } finally {
            ZooPriors.close(priors);
        }
    }

    /** Trains a student on an existing optimized dataset and probes it; {@code earlier} adds to its time. */
    public static MethodOutcome student(String name, OptimizedDataset optimized, Workload w, Budget b, Seeds seeds,
                                        Map<String, Double> earlier) {
        try (NDManager keep = NDManager.newBaseManager(Engines.device())) {
            Engines.get().setRandomSeed((int) seeds.child("student-init"));
            StudentTraining.Result r = StudentTraining.train(optimized, w.unlabelled(), b.arch(), b.width(),
                    b.trainSettings(), seeds.child("student"), monitor(w, b), keep);
            ProbeResult probe = probe(r.backbone(), w, b, seeds.child("probe"));
            Map<String, Double> stages = new LinkedHashMap<>(earlier);
            stages.put("train", r.seconds());
            double total = stages.values().stream().mapToDouble(Double::doubleValue).sum();
            return new MethodOutcome(name, probe, total, stages, r.curve());
        }
    }

    /** An SSL baseline (registry name) pre-trained on {@code w.unlabelled()} under the same budget, then probed. */
    public static MethodOutcome ssl(String method, Workload w, Budget b, Seeds seeds) {
        ImageDataset data = w.unlabelled();
        ArchSpec spec = new ArchSpec(b.arch(), b.width(), data.channels(), data.height());
        try (NDManager keep = NDManager.newBaseManager(Engines.device())) {
            SslMethod m = SslMethods.create(method, SslSetup.of(spec, data.size(), seeds.child("setup")));
            TrainingCurve curve = SslTrainer.train(m, data, b.trainSettings(), monitor(w, b), seeds.split(method), keep);
            ProbeResult probe = probe(m.backbone(), w, b, seeds.child("probe"));
            double seconds = curve.points().isEmpty() ? 0 : curve.last().wallSeconds();
            return new MethodOutcome(method, probe, seconds, Map.of("train", seconds), curve);
        }
    }

    /** Names of the reference variants an experiment may add to its methods (METHOD.md §7b). */
    public static final String RAW_PIXELS = "raw-pixels";
    public static final String UNTRAINED = "untrained";
    public static final String SUPERVISED = "supervised";
    public static final String COOPT_HUMAN = "coopt-human";
    /** Every reference variant name, in report order. */
    public static final List<String> REFERENCES = List.of(RAW_PIXELS, UNTRAINED, SUPERVISED, COOPT_HUMAN);

    /**
     * Reference: the linear probe on the normalised raw pixels (no backbone, no pre-training; time 0). Its
     * features are the images flattened.
     */
    public static MethodOutcome rawPixels(Workload w, Budget b, Seeds seeds) {
        FeatureMatrix train = BlockFeatures.extract((sm, idx) -> w.probeTrain().batch(sm, idx).reshape(idx.length, -1),
                w.probeTrain(), BlockFeatures.BATCH);
        FeatureMatrix test = BlockFeatures.extract((sm, idx) -> w.test().batch(sm, idx).reshape(idx.length, -1),
                w.test(), BlockFeatures.BATCH);
        ProbeResult probe = LinearProbe.fit(train, BlockFeatures.labels(w.probeTrain()), test,
                BlockFeatures.labels(w.test()), probeSettings(seeds.child("probe")).withEpochs(b.probeEpochs()));
        return new MethodOutcome(RAW_PIXELS, probe, 0, Map.of(), new TrainingCurve());
    }

    /** Reference: the budget's backbone, untrained (seeded initialisation), read by the same probe; time 0. */
    public static MethodOutcome untrained(Workload w, Budget b, Seeds seeds) {
        ImageDataset data = w.unlabelled();
        ArchSpec spec = new ArchSpec(b.arch(), b.width(), data.channels(), data.height());
        try (org.coopt.workbench.prior.BlockPrior p = org.coopt.workbench.prior.RandomPrior.create(spec,
                seeds.child("init"))) {
            ProbeResult probe = probe(p.block(), w, b, seeds.child("probe"));
            return new MethodOutcome(UNTRAINED, probe, 0, Map.of(), new TrainingCurve());
        }
    }

    /**
     * Reference, the ceiling: the budget's backbone trained with cross-entropy on the true labels of the
     * unlabelled images (a linear head, both augmented views, {@link SupervisedObjective}) under exactly the same
     * budget and augmentation, then probed like every method.
     */
    public static MethodOutcome supervised(Workload w, Budget b, Seeds seeds) {
        ImageDataset data = w.unlabelled();
        ArchSpec spec = new ArchSpec(b.arch(), b.width(), data.channels(), data.height());
        try (NDManager keep = NDManager.newBaseManager(Engines.device())) {
            Engines.get().setRandomSeed((int) seeds.child("init"));
            SupervisedObjective objective = new SupervisedObjective(Architectures.backbone(spec), data.numClasses());
            TrainingCurve curve;
            try (TrainingLoop loop = new TrainingLoop(objective, b.trainSettings(),
                    new Shape(data.channels(), data.height(), data.width()), keep)) {
                curve = loop.fit(data, null, seeds.child("train"), monitor(w, b));
            }
            ProbeResult probe = probe(objective.backbone(), w, b, seeds.child("probe"));
            double seconds = curve.points().isEmpty() ? 0 : curve.last().wallSeconds();
            return new MethodOutcome(SUPERVISED, probe, seconds, Map.of("train", seconds), curve);
        }
    }

    /** The probe settings of every method and reference: METHOD.md §7 defaults, the given seed. */
    /**
     * The settings every run uses that its config does not set (recorded in each run's config.json, so that a run
     * folder alone says how it was made, and a change of a default in code is a new run, never a reused one):
     * the platform's uniformity t and cap (d, |S|, the alignment, solver and λ are in the config's {@code coopt}
     * group, {@link CooptSettings}); the linear probe; the kNN monitor; the augmentation of
     * every pre-training; the feature batch; PyTorch's oneDNN policy.
     */
    public static com.google.gson.JsonObject defaultsInEffect() {
        com.google.gson.JsonObject d = new com.google.gson.JsonObject();
        PlatformSettings p = PlatformSettings.defaults(1);
        com.google.gson.JsonObject platform = new com.google.gson.JsonObject();
        platform.addProperty("uniformityT", p.uniformityT());
        platform.addProperty("uniformityCap", p.uniformityCap());
        platform.addProperty("lambdaWhenNotSet", "relative: " + org.coopt.workbench.coopt.RidgeAligner.DEFAULT_RELATIVE
                + "·trace(YᵀY)/d");
        d.add("platform", platform);
        d.add("probe", org.coopt.workbench.util.Json.GSON.toJsonTree(ProbeSettings.defaults()));
        com.google.gson.JsonObject knn = new com.google.gson.JsonObject();
        knn.addProperty("k", KnnClassifier.DEFAULT_K);
        knn.addProperty("temperature", KnnClassifier.DEFAULT_TEMPERATURE);
        d.add("knnMonitor", knn);
        d.add("augmentation", org.coopt.workbench.util.Json.GSON.toJsonTree(
                org.coopt.workbench.augment.AugmentSettings.rela()));
        d.addProperty("featureBatch", FeatureExtractor.DEFAULT_BATCH);
        d.addProperty("oneDnn", "on for every forward pass; on for training backward passes whose network OneDnnBackward "
                + "admits (convolutions filling 16-channel blocks), else ATen's backward");
        return d;
    }

    public static ProbeSettings probeSettings(long seed) {
        return ProbeSettings.defaults().withSeed(seed);
    }

    /** Linear probe of a frozen backbone: fit on {@code w.probeTrain()}, scored on {@code w.test()}. */
    public static ProbeResult probe(Block backbone, Workload w, Budget b, long seed) {
        FeatureMatrix train = BlockFeatures.extract(backbone, w.probeTrain());
        FeatureMatrix test = BlockFeatures.extract(backbone, w.test());
        return LinearProbe.fit(train, BlockFeatures.labels(w.probeTrain()), test, BlockFeatures.labels(w.test()),
                probeSettings(seed).withEpochs(b.probeEpochs()));
    }

    static EpochMonitor monitor(Workload w, Budget b) {
        return "knn".equals(b.monitor()) ? FeatureMonitor.knn(w.monitorTrain(), w.test(), KnnClassifier.defaults()) : null;
    }

}
