package org.coopt.workbench.zoo;

import static org.coopt.workbench.zoo.PriorZoo.*;
import static org.coopt.workbench.zoo.ZooProbe.*;

import ai.djl.ndarray.NDArray;
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
import org.coopt.workbench.util.UserInputException;
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
import org.coopt.workbench.prior.RandomPrior;
import org.coopt.workbench.prior.TorchScriptPrior;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.train.Objective;
import org.coopt.workbench.train.SupervisedObjective;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.train.TrainingCurve;
import org.coopt.workbench.train.TrainingLoop;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.Log;

/**
 * Builds (or completes) a zoo, and adds a user's TorchScript model to one; the zoo's layout and entries are
 * described in {@link PriorZoo}, which reads what this writes.
 */
public final class ZooBuilder {
    private final ZooSettings settings;
    private BiFunction<Block, Integer, Objective> sslObjective = ContrastiveObjective::new;
    private String sslName = DEFAULT_SSL;
    private Path dir;
    private ProbeData probeData;

    ZooBuilder(ZooSettings settings) {
        this.settings = settings;
        this.dir = PriorZoo.buildDir(settings.preset());
    }

    /** The SSL objective for the {@code ssl} entries: (backbone, feature dim) → objective. */
    public ZooBuilder sslObjective(String name, BiFunction<Block, Integer, Objective> factory) {
        this.sslName = name;
        this.sslObjective = factory;
        return this;
    }

    /** Build into {@code dir} instead of {@code $COOPT_CACHE/zoo/<preset>} (tests). */
    public ZooBuilder into(Path folder) {
        this.dir = folder;
        return this;
    }

    public Index build() throws IOException {
        long t0 = System.nanoTime();
        Seeds seeds = new Seeds(settings.seed());
        ProbeData pd = probeData(settings, seeds);
        this.probeData = pd;
        PriorPoolSplit split = pd.split();
        ImageDataset pool = pd.pool();
        ImageDataset test = pd.test();
        Files.createDirectories(dir);
        Path indexFile = dir.resolve(INDEX);
        Index old = Files.isRegularFile(indexFile) ? Json.read(indexFile, Index.class) : null;
        List<ZooEntry> entries = new ArrayList<>();
        double previousSeconds = 0;
        if (old != null) {
            if (!old.priorPoolSha256().equals(split.priorPoolSha256()) || !old.settings().equals(settings)) {
                throw new UserInputException("zoo " + dir + " was built with other settings or another prior pool; "
                        + "delete that folder and run the build again to rebuild it");
            }
            for (ZooEntry e : old.entries()) {
                String fault = TORCHSCRIPT.equals(e.kind()) ? null : PriorZoo.damage(dir, e);
                if (fault == null) {
                    entries.add(e);
                } else {
                    Log.warn("[zoo] " + e.id() + ": " + fault + "; training it again");
                }
            }
            previousSeconds = old.buildSeconds();
        }
        checkData(entries, pool);
        int classes = pool.numClasses();
        Map<String, ImageDataset> trainSets = new LinkedHashMap<>();
        for (ZooSettings.Planned p : settings.plan(sslName)) {
            if (has(entries, p.id())) {
                continue;
            }
            if ("human".equals(p.kind())) {
                entries.add(human(pool, test));
                continue;
            }
            ZooSettings.Arch a = p.arch();
            ArchSpec spec = new ArchSpec(a.name(), a.width(), pool.channels(), pool.height());
            Seeds s = seeds.split(a.base());
            entries.add(switch (p.kind()) {
                case "supervised" -> train(p.id(), p.kind(), spec, pool,
                        new SupervisedObjective(Architectures.backbone(spec), classes), settings.supervisedEpochs(),
                        0, s.child("sup"), pool, test);
                case "ssl" -> ssl(p.id(), p.kind(), spec, pool, s.child("ssl"), test, pool);
                case "supervised-mnist", "supervised-cross" -> {
                    ImageDataset d = trainSets.computeIfAbsent(p.trainingDataset(), x -> crossData(x, seeds, pool));
                    yield train(p.id(), p.kind(), spec, d,
                            new SupervisedObjective(Architectures.backbone(spec), d.numClasses()),
                            "supervised-mnist".equals(p.kind()) ? settings.mnistEpochs() : settings.supervisedEpochs(),
                            0, "supervised-mnist".equals(p.kind()) ? s.child("mnist") : s.split("cross").child(p.id()),
                            pool, test);
                }
                case "ssl-cross" -> {
                    ImageDataset d = trainSets.computeIfAbsent(p.trainingDataset(), x -> crossData(x, seeds, pool));
                    yield ssl(p.id(), p.kind(), spec, d, s.split("cross").child(p.id()), test, pool);
                }
                case "checkpoint" -> train(p.id(), p.kind(), spec, pool,
                        new SupervisedObjective(Architectures.backbone(spec), classes), weakEpochs(pool),
                        settings.weakSteps(), s.child("weak"), pool, test);
                case "random" -> random(p.id(), spec, s.child("random"), pool, test);
                default -> throw new IllegalStateException("unknown planned kind " + p.kind());
            });
            save(indexFile, split, entries, previousSeconds, t0);
        }
        return save(indexFile, split, entries, previousSeconds, t0);
    }

    private ZooEntry ssl(String id, String kind, ArchSpec spec, ImageDataset data, long seed, ImageDataset test,
                         ImageDataset pool) throws IOException {
        Block bb = Architectures.backbone(spec);
        return train(id, kind, spec, data, sslObjective.apply(bb, Architectures.featureDim(spec)),
                settings.sslEpochs(), 0, seed, pool, test);
    }

    /**
     * The train split of another dataset for cross priors, at the zoo's image geometry: MNIST-10k (a seeded
     * subset; <b>(decision)</b> all of MNIST's train split when the offline source holds fewer images), or a
     * cross dataset's train split capped at {@code crossSize} (seeded subset).
     */
    private ImageDataset crossData(String dataset, Seeds seeds, ImageDataset pool) {
        boolean mnist = "mnist".equals(dataset);
        ImageDataset d = mnist ? Datasets.load("mnist", Split.TRAIN) : Datasets.load(dataset, Split.TRAIN, null, pool.height());
        if (d.channels() != pool.channels() || d.height() != pool.height()) {
            throw new UserInputException("zoo " + settings.preset() + ": " + d.name() + " images are " + d.channels()
                    + "x" + d.height() + ", the zoo's are " + pool.channels() + "x" + pool.height());
        }
        int cap = mnist ? settings.mnistSize() : settings.crossSize();
        if (cap == 0 || cap >= d.size()) {
            return d;
        }
        return PriorPoolSplit.of(d.size(), cap, mnist ? seeds.child("mnist") : seeds.split("cross").child(dataset))
                .priorPool(d);
    }

    /** Enough epochs for {@code weakSteps} steps (the loop stops at the step cap): 1 for the smoke and cpu zoos. */
    private int weakEpochs(ImageDataset pool) {
        int perEpoch = Math.max(1, pool.size() / settings.batchSize());
        return (settings.weakSteps() + perEpoch - 1) / perEpoch;
    }

    /**
     * Fails before any training when a dataset that an entry still to build trains on is missing here (MNIST for
     * the {@code -mnist10k} entries, each cross dataset), with that dataset's one-line message naming what to
     * install or which variable to set, so a build never stops hours in.
     */
    private void checkData(List<ZooEntry> built, ImageDataset pool) {
        java.util.Set<String> needed = new java.util.LinkedHashSet<>();
        for (ZooSettings.Planned p : settings.plan(sslName)) {
            if (!has(built, p.id()) && p.trainingDataset() != null && !p.trainingDataset().equals(settings.dataset())) {
                needed.add(p.trainingDataset());
            }
        }
        for (String x : needed) {
            if ("mnist".equals(x)) {
                Datasets.load("mnist", Split.TRAIN);
            } else {
                Datasets.load(x, Split.TRAIN, null, pool.height());
            }
        }
    }

    private static boolean has(List<ZooEntry> entries, String id) {
        return entries.stream().anyMatch(e -> e.id().equals(id));
    }

    private Index save(Path indexFile, PriorPoolSplit split, List<ZooEntry> entries, double previous, long t0)
            throws IOException {
        if (Files.isRegularFile(indexFile)) { // user entries added (zoo add) while this build ran are kept
            for (ZooEntry e : Json.read(indexFile, Index.class).entries()) {
                if (TORCHSCRIPT.equals(e.kind()) && !has(entries, e.id())) {
                    entries.add(e);
                }
            }
        }
        // plan order, whatever order entries were (re)built in; user entries after the planned ones
        List<String> plan = settings.plan(sslName).stream().map(ZooSettings.Planned::id).toList();
        entries.sort(java.util.Comparator.comparingInt(e -> plan.contains(e.id()) ? plan.indexOf(e.id()) : plan.size()));
        Index idx = new Index(settings.preset(), settings, split.priorPoolSha256(), List.copyOf(entries),
                previous + (System.nanoTime() - t0) / 1e9);
        Json.write(indexFile, idx);
        return idx;
    }

    private ZooEntry train(String id, String kind, ArchSpec spec, ImageDataset data, Objective objective,
                           int epochs, int maxSteps, long seed, ImageDataset pool, ImageDataset test)
            throws IOException {
        Log.infof("[zoo] training %s (%s, %d images, %s)", id, objective.name(), data.size(),
                maxSteps > 0 ? maxSteps + " steps" : epochs + " epochs");
        TrainSettings ts = TrainSettings.defaults(epochs).withBatchSize(settings.batchSize()).withMaxSteps(maxSteps)
                .withLogEvery(0);
        try (NDManager keep = Engines.get().newBaseManager(Engines.device())) {
            Engines.get().setRandomSeed((int) (seed ^ (seed >>> 32)));
            TrainingCurve curve;
            try (TrainingLoop loop = new TrainingLoop(objective, ts, new Shape(spec.inChannels(), spec.imageSize(),
                    spec.imageSize()), keep)) {
                curve = loop.fit(data, null, seed, null);
            }
            Block backbone = objective.backbone();
            ProbeResult probe = probe(backbone, seed);
            double sample = sampleProbe(settings, (d, bs) -> BlockFeatures.extract(backbone, d, bs));
            long steps = curve.last().step();
            double ep = (double) steps / (data.size() / settings.batchSize());
            Map<String, Object> meta = meta(id, kind, data, ep, steps, probe);
            BlockPrior.save(dir.resolve(id), backbone, spec, meta);
            Log.infof("[zoo] %s: probe %.4f (train %.4f, %d epochs), final training loss %.4f, "
                    + "%.0f s", id, probe.accuracy(), probe.trainAccuracy(), probe.epochsRun(), curve.last().loss(),
                    curve.last().wallSeconds());
            boolean labelled = objective.needsLabels();
            long labelledImages = !labelled ? 0 : maxSteps > 0 ? Math.min(data.size(), steps * settings.batchSize())
                    : data.size();
            String recipe = String.format(Locale.ROOT, "%s, RELA augmentation (2 views), AdamW lr %s wd %s, batch %d, "
                            + "%s on %s (%d images%s); final training loss %.4f", objective.name(),
                    ts.learningRate(), ts.weightDecay(), settings.batchSize(),
                    maxSteps > 0 ? steps + " steps" : epochs + " epochs", data.name(), data.size(),
                    labelled ? ", labels used" : ", labels unused", curve.last().loss());
            return new ZooEntry(id, kind, spec, id, data.name(), data.sha256(), data.size(), ep, steps,
                    curve.last().wallSeconds(), probe.accuracy(), probe.std(), Architectures.featureDim(spec), recipe,
                    labelledImages, Hashing.sha256(dir.resolve(id).resolve(org.coopt.workbench.prior.PriorInfo.PARAMS)),
                    probe.trainAccuracy(), probe.trainLoss(), probe.epochsRun(), sample);
        }
    }

    private ZooEntry random(String id, ArchSpec spec, long seed, ImageDataset pool, ImageDataset test)
            throws IOException {
        try (BlockPrior p = RandomPrior.create(spec, seed)) {
            ProbeResult probe = probe(p.block(), seed);
            double sample = sampleProbe(settings, (d, bs) -> BlockFeatures.extract(p.block(), d, bs));
            Map<String, Object> meta = meta(id, "random", null, 0, 0, probe);
            BlockPrior.save(dir.resolve(id), p.block(), spec, meta);
            Log.infof("[zoo] %s: probe %.4f (train %.4f, %d epochs)", id, probe.accuracy(),
                    probe.trainAccuracy(), probe.epochsRun());
            return new ZooEntry(id, "random", spec, id, "none", "", 0, 0, 0, 0, probe.accuracy(), probe.std(),
                    Architectures.featureDim(spec), "untrained (seeded initialisation)", 0,
                    Hashing.sha256(dir.resolve(id).resolve(org.coopt.workbench.prior.PriorInfo.PARAMS)),
                    probe.trainAccuracy(), probe.trainLoss(), probe.epochsRun(), sample);
        }
    }

    /** The human prior's features are the one-hot labels; its probe is computed like any other. */
    private ZooEntry human(ImageDataset pool, ImageDataset test) {
        int k = pool.numClasses();
        ImageDataset tr = probeData.probeTrain();
        FeatureMatrix ftr = oneHot(BlockFeatures.labels(tr), k);
        FeatureMatrix fte = oneHot(BlockFeatures.labels(test), k);
        ProbeResult probe = LinearProbe.fit(ftr, BlockFeatures.labels(tr), fte, BlockFeatures.labels(test),
                probeSettings(0));
        return new ZooEntry("human", "human", null, "", pool.name() + " labels", pool.sha256(), pool.size(), 0, 0, 0,
                probe.accuracy(), probe.std(), k, "the true labels as one-hot features (needs every sample's label)",
                pool.size(), "", probe.trainAccuracy(), probe.trainLoss(), probe.epochsRun(), probe.accuracy());
    }

    private static FeatureMatrix oneHot(int[] labels, int k) {
        float[] v = new float[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            v[i * k + labels[i]] = 1;
        }
        return new FeatureMatrix(labels.length, k, v);
    }

    private ProbeSettings probeSettings(long seed) {
        return ZooProbe.probeSettings(settings, seed);
    }

    private ProbeResult probe(Block backbone, long seed) {
        return ZooProbe.probe(settings, probeData, (d, bs) -> BlockFeatures.extract(backbone, d, bs), seed);
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

    /** Adds the user's TorchScript model {@code pt} to the built zoo of {@code preset}; see {@link #addTorchScript(Path, Path, String, int, int)}. */
    public static ZooEntry addTorchScript(String preset, Path pt, String id, int channels, int size) throws IOException {
        Path zooDir = dir(preset);
        if (!zooDir.equals(buildDir(preset))) { // a shipped zoo: add to a copy in the cache, never to the repository
            copyZoo(zooDir, buildDir(preset));
            zooDir = buildDir(preset);
        }
        return addTorchScript(zooDir, pt, id, channels, size);
    }

    /** Copies a zoo folder (its index last, so an interrupted copy is no zoo). */
    static void copyZoo(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else if (!f.getFileName().toString().equals(INDEX)) {
                    Files.copy(f, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.copy(from.resolve(INDEX), to.resolve(INDEX), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Adds a user's TorchScript model to the built zoo in {@code zooDir}, by path ({@code channels} and
     * {@code size} 0: the zoo's own image geometry): checks that the file loads
     * and maps a batch of the zoo's images to an N×m matrix, computes its own linear probe exactly as for the
     * zoo's other entries ({@link #probe}: same probe-train split, test data and probe settings; probe seed
     * {@code new Seeds(settings.seed()).split("user").child(id)}), and appends a {@link ZooEntry} of kind
     * {@code torchscript} to {@code zoo.json} (atomic rewrite). The entry records the file's absolute path
     * ({@code folder}), {@code trainingData = "user"}, the file's SHA-256 ({@code trainingDataSha256}) and
     * {@code arch = ArchSpec("torchscript", 1, channels, size)} (width unused). Nothing is copied: the file
     * stays where it is, and {@link #open} refuses it once it changes or vanishes.
     *
     * @throws UserInputException zoo not built, id empty/invalid or taken, file missing, not TorchScript,
     *                            input shape not the zoo's, or output not N×m
     */
    public static ZooEntry addTorchScript(Path zooDir, Path pt, String id, int channels, int size) throws IOException {
        Path indexFile = zooDir.resolve(INDEX);
        String preset = zooDir.getFileName().toString();
        if (!Files.isRegularFile(indexFile)) {
            throw new UserInputException("zoo '" + preset + "' is not built (no " + indexFile + "); run "
                    + "'./coopt zoo build --preset " + preset + "' first");
        }
        Index idx = Json.read(indexFile, Index.class);
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UserInputException("zoo id '" + id + "' is not valid; use letters, digits, '.', '_' and '-'");
        }
        if (idx.entries().stream().anyMatch(e -> e.id().equals(id))) {
            throw new UserInputException("zoo '" + preset + "' already has an entry '" + id + "'; choose another --id");
        }
        Path file = pt.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such TorchScript file; export one with torch.jit.trace(...).save()");
        }
        String sha = Hashing.sha256(file);
        ZooSettings settings = idx.settings();
        ProbeData pd = probeData(settings, new Seeds(settings.seed()));
        if (!pd.split().priorPoolSha256().equals(idx.priorPoolSha256())) {
            throw new UserInputException("zoo " + zooDir + " was built from another prior pool than "
                    + settings.dataset() + " now gives; delete " + zooDir + " and rebuild it with 'coopt zoo build --preset " + idx.preset() + "'");
        }
        ImageDataset pool = pd.pool();
        channels = channels > 0 ? channels : pool.channels(); // 0: the zoo's own geometry
        size = size > 0 ? size : pool.height();
        if (channels != pool.channels() || size != pool.height() || size != pool.width()) {
            throw new UserInputException("the zoo's images are " + pool.channels() + "×" + pool.height() + "×"
                    + pool.width() + ", not " + channels + "×" + size + "×" + size + "; pass --channels "
                    + pool.channels() + " --size " + pool.height() + " with a model that takes them");
        }
        Log.infof("[zoo] adding %s from %s", id, file);
        long t0 = System.nanoTime();
        ProbeResult probe;
        int dim;
        try (TorchScriptPrior p = TorchScriptPrior.load(file, channels, size)) {
            dim = checkOutput(p, pool, file);
            probe = ZooProbe.probe(settings, pd, (d, bs) -> BlockFeatures.extract((sm, ix) -> p.extract(sm, d, ix), d, bs),
                    new Seeds(settings.seed()).split("user").child(id));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ZooEntry entry = new ZooEntry(id, TORCHSCRIPT, new ArchSpec(TORCHSCRIPT, 1, channels, size), file.toString(),
                "user", sha, 0, 0, 0, 0, probe.accuracy(), probe.std(), dim, "user's TorchScript model " + file, 0, "",
                probe.trainAccuracy(), probe.trainLoss(), probe.epochsRun(), Double.NaN);
        Index now = Json.read(indexFile, Index.class); // re-read: a build may have added entries meanwhile
        if (now.entries().stream().anyMatch(e -> e.id().equals(id))) {
            throw new UserInputException("zoo '" + preset + "' already has an entry '" + id + "'; choose another --id");
        }
        List<ZooEntry> entries = new ArrayList<>(now.entries());
        entries.add(entry);
        Json.write(indexFile, new Index(now.preset(), now.settings(), now.priorPoolSha256(), List.copyOf(entries),
                now.buildSeconds()));
        Log.infof("[zoo] %s: probe %.4f, m = %d, %.1f s", id, probe.accuracy(), dim, seconds);
        return entry;
    }

    /** Runs two images through the model; its output must be a 2×m matrix (m ≥ 1); returns m. */
    private static int checkOutput(TorchScriptPrior p, ImageDataset pool, Path file) {
        try (NDManager m = Engines.get().newBaseManager(Engines.device())) {
            NDArray raw;
            try {
                raw = p.features(pool.batch(m, new int[] {0, 1}));
            } catch (RuntimeException e) {
                throw new UserInputException(file + ": the model fails on a batch of the zoo's " + pool.channels() + "×"
                        + pool.height() + "×" + pool.width() + " images (" + firstLine(e.getMessage()) + ")", e);
            }
            Shape s = raw.getShape();
            if (s.dimension() != 2 || s.get(0) != 2 || s.get(1) < 1 || s.get(1) != p.outputDim()) {
                throw new UserInputException(file + ": output for a batch of 2 images is " + s
                        + ", expected 2×m features (N×m for N images)");
            }
            return (int) s.get(1);
        }
    }

    private static String firstLine(String msg) {
        if (msg == null) {
            return "no message";
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
