package org.coopt.scaleout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.coopt.workbench.coopt.DatasetRef;
import org.coopt.workbench.coopt.JlProjection;
import org.coopt.workbench.coopt.Participant;
import org.coopt.workbench.coopt.Participant.PriorInfo;
import org.coopt.workbench.coopt.Partition;
import org.coopt.workbench.coopt.Platform;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.FloatWriter;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.Log;
import org.coopt.workbench.util.UserInputException;

/**
 * Step 2 of the protocol (targets, METHOD.md §1) for every participant as Apache Spark tasks, computing exactly what
 * {@link Participant#optimize} computes in-process:
 * <ol>
 *   <li>the driver cuts each participant's subset D_k (in partition order) and the shared set S into chunks of
 *       {@code chunkRows} dataset indices, a multiple of {@link JlProjection#BLOCK_ROWS};</li>
 *   <li>one task per chunk loads the participant's prior once per executor JVM ({@link #PRIORS}, keyed by the prior
 *       spec and checked by its content hash), extracts features in batches of the feature batch (256) in its own
 *       NDManager scope, projects them with the participant's seeded JL matrix P_k in row blocks of
 *       {@link JlProjection#BLOCK_ROWS}, and writes {@code targets}, {@code ids} (and, for S, raw {@code features})
 *       shards by temp file and rename, then a sidecar naming their checksums. A retried or speculative attempt
 *       finds a complete shard and returns it, or rewrites the same bytes; a killed attempt leaves only a temp file.
 *       Tasks return (paths, rows, checksum), never the floats;</li>
 *   <li>the driver checks every shard's ids against the partition (no row missing, none twice), concatenates the
 *       shards in order, streaming, into the participant's {@code targets.npy} and {@code shared-targets.npy}, and
 *       records the participant's report and U_k on S's raw features through {@link Participant#optimizeExternal}.</li>
 * </ol>
 * Chunks start at multiples of the feature batch and of the projection block, so every forward pass and every matrix
 * product sees the same rows as in-process: the targets are bit-identical to {@code ./coopt simulate}'s (a test checks
 * it). Alignment, upload and the validated merge then run where they always run ({@link Platform}).
 */
public final class SparkTargets {
    private SparkTargets() {}

    /** Planted failures so far in this JVM (the test hook {@link Job#failOnce}). */
    static final java.util.concurrent.atomic.AtomicInteger PLANTED_FAILURES = new java.util.concurrent.atomic.AtomicInteger();

    /** Rows per task by default: 4 projection blocks (16,384 images). */
    public static final int DEFAULT_CHUNK_ROWS = 4 * JlProjection.BLOCK_ROWS;

    /**
     * What every task needs, by value (small, serialisable): where the platform and the data are, and the priors.
     *
     * @param platformDir the platform folder (a shared filesystem on a cluster)
     * @param dataset     the data as {@code name:split[:limit]} ({@link DatasetRef}), read by path in each executor
     * @param priors      participant k's prior spec ({@link Priors#open}: a prior folder, {@code human}, ...)
     * @param chunkRows   rows per task, a positive multiple of {@link JlProjection#BLOCK_ROWS}
     * @param failOnce    test hook: the chunk ({@code k/index}) whose first attempt dies half-way, or null
     */
    public record Job(String platformDir, String dataset, List<String> priors, int chunkRows, String failOnce)
            implements Serializable {
        public Job {
            priors = List.copyOf(priors);
            if (chunkRows < 1 || chunkRows % JlProjection.BLOCK_ROWS != 0) {
                throw new UserInputException("--chunk-rows must be a positive multiple of " + JlProjection.BLOCK_ROWS
                        + " (the projection block), got " + chunkRows);
            }
        }
    }

    /** One task's rows: participant k's chunk {@code index} of D_k, or of S when {@code shared}. */
    public record Chunk(int participant, int index, boolean shared, int[] ids) implements Serializable {
        String key() {
            return participant + "/" + (shared ? "s" : "") + index;
        }
    }

    /** What a task returns: its shard files, row count and checksum, and the prior it used. */
    public record Shard(int participant, int index, boolean shared, String targets, String ids, String features,
                        long rows, String targetsSha256, double seconds, String priorId, String priorKind,
                        String priorHash, int priorDim) implements Serializable {}

    /** The chunks of every participant's subset and shared set, in participant and row order. */
    public static List<Chunk> plan(Partition part, int chunkRows) {
        List<Chunk> out = new ArrayList<>();
        for (int k = 0; k < part.subsets().length; k++) {
            int[] own = part.subsets()[k];
            for (int i = 0, c = 0; i < own.length; i += chunkRows, c++) {
                out.add(new Chunk(k, c, false, Arrays.copyOfRange(own, i, Math.min(own.length, i + chunkRows))));
            }
            int[] s = part.shared();
            for (int i = 0, c = 0; i < s.length; i += chunkRows, c++) {
                out.add(new Chunk(k, c, true, Arrays.copyOfRange(s, i, Math.min(s.length, i + chunkRows))));
            }
        }
        return out;
    }

    /** Priors loaded in this JVM (an executor), by spec; each is used by one task at a time. */
    static final Map<String, PriorModel> PRIORS = new ConcurrentHashMap<>();
    /** Datasets loaded in this JVM, by spec. */
    static final Map<String, ImageDataset> DATA = new ConcurrentHashMap<>();

    private static ImageDataset data(String spec) {
        return DATA.computeIfAbsent(spec, s -> DatasetRef.parse(s).load());
    }

    private static PriorModel prior(String spec, ImageDataset data) {
        return PRIORS.computeIfAbsent(spec, s -> {
            try {
                return Priors.open(s, data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The shard folder of participant k (inside its private work folder). */
    static Path shardDir(Platform platform, int k) {
        return platform.participantDir(k).resolve("shards");
    }

    /** The task body: extract, project and write one chunk's shards (see the class comment). */
    public static Shard extract(Job job, Chunk c, int attempt) throws IOException {
        long t0 = System.nanoTime();
        Platform platform = Platform.open(Path.of(job.platformDir()));
        ImageDataset data = data(job.dataset());
        if (!data.sha256().equals(platform.info().data().sha256())) {
            throw new UserInputException("executor data " + job.dataset() + " differs from the platform's "
                    + platform.info().data().name() + " (SHA-256); every executor must read the same files");
        }
        PriorModel prior = prior(job.priors().get(c.participant()), data);
        int k = c.participant();
        Path dir = shardDir(platform, k);
        Files.createDirectories(dir);
        String stem = (c.shared() ? "shared-" : "") + String.format("%05d", c.index());
        Path targets = dir.resolve("targets-" + stem + ".npy");
        Path ids = dir.resolve("ids-" + stem + ".npy");
        Path features = c.shared() ? dir.resolve("features-" + stem + ".npy") : null;
        Path sidecar = dir.resolve("shard-" + stem + ".json");
        Shard done = existing(sidecar, prior, c);
        if (done != null) {
            return done;
        }
        int d = platform.settings().dim();
        JlProjection proj = new JlProjection(prior.outputDim(), d, platform.projectionSeed(k));
        int batch = FeatureExtractor.DEFAULT_BATCH;
        boolean fail = attempt == 0 && c.key().equals(job.failOnce());
        synchronized (prior) {
            try (Engines.Scope fast = Engines.inference();
                 NDManager m = NDManager.newBaseManager(Engines.device());
                 FloatWriter tw = Npy.floatWriter(targets, d);
                 FloatWriter fw = features == null ? null : Npy.floatWriter(features, prior.outputDim())) {
                NDArray p = proj.matrix(m);
                int[] all = c.ids();
                for (int from = 0; from < all.length; from += JlProjection.BLOCK_ROWS) {
                    int to = Math.min(all.length, from + JlProjection.BLOCK_ROWS);
                    try (NDManager block = m.newSubManager()) {
                        NDList parts = new NDList();
                        for (int b = from; b < to; b += batch) {
                            org.coopt.workbench.util.Interrupts.check("feature extraction of chunk " + c.key());
                            int[] idx = Arrays.copyOfRange(all, b, Math.min(to, b + batch));
                            // float32 as the in-process path stores its features file
                            parts.add(prior.extract(block, data, idx).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
                        }
                        NDArray f = parts.size() == 1 ? parts.head() : ai.djl.ndarray.NDArrays.concat(parts);
                        if (fw != null) {
                            fw.append(f);
                        }
                        tw.append(f.matMul(p));
                    }
                }
                tw.finish();
                if (fw != null) {
                    fw.finish();
                }
            }
        }
        if (fail) {
            // the test's killed attempt: targets renamed into place, ids and sidecar never written
            PLANTED_FAILURES.incrementAndGet();
            throw new IllegalStateException("planted failure of task " + c.key() + ", attempt 0");
        }
        Npy.writeInt64(ids, c.ids());
        Shard s = new Shard(k, c.index(), c.shared(), targets.toString(), ids.toString(),
                features == null ? null : features.toString(), c.ids().length, Hashing.sha256(targets),
                (System.nanoTime() - t0) / 1e9, prior.id(), prior.kind(), prior.contentHash(), prior.outputDim());
        Json.write(sidecar, s);
        return s;
    }

    /** A complete shard of an earlier attempt (sidecar present, same prior, files as recorded), or null. */
    private static Shard existing(Path sidecar, PriorModel prior, Chunk c) throws IOException {
        if (!Files.isRegularFile(sidecar)) {
            return null;
        }
        Shard s = Json.read(sidecar, Shard.class);
        Path t = Path.of(s.targets());
        if (s.priorHash().equals(prior.contentHash()) && s.rows() == c.ids().length && Files.isRegularFile(t)
                && Files.isRegularFile(Path.of(s.ids())) && Hashing.sha256(t).equals(s.targetsSha256())
                && (s.features() == null || Files.isRegularFile(Path.of(s.features())))) {
            return s;
        }
        return null;
    }

    /** The run's outcome: each participant's report and the shard count. */
    public record Result(List<ParticipantReport> reports, int tasks, double seconds) {}

    /**
     * Runs step 2 of every participant of the platform at {@code job.platformDir()} on {@code sc}: the tasks, then each
     * participant's target files and report. The platform must be initialised (as {@code ./coopt platform init} or
     * {@link org.coopt.workbench.coopt.Simulation} do).
     */
    public static Result run(JavaSparkContext sc, Job job) throws IOException {
        long t0 = System.nanoTime();
        Platform platform = Platform.open(Path.of(job.platformDir()));
        if (job.priors().size() != platform.settings().participants()) {
            throw new UserInputException(job.priors().size() + " priors for the platform's "
                    + platform.settings().participants() + " participants");
        }
        Partition part = platform.partition();
        List<Chunk> chunks = plan(part, job.chunkRows());
        Log.info("[spark] " + chunks.size() + " tasks for " + part.subsets().length + " participants ("
                + job.chunkRows() + " rows each at most)");
        List<Shard> shards = sc.parallelize(chunks, chunks.size())
                .map(c -> extract(job, c, TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber()))
                .collect();
        ImageDataset data = data(job.dataset());
        List<ParticipantReport> reports = new ArrayList<>();
        for (int k = 0; k < part.subsets().length; k++) {
            final int kk = k;
            List<Shard> own = shards.stream().filter(s -> s.participant() == kk && !s.shared()).toList();
            List<Shard> shared = shards.stream().filter(s -> s.participant() == kk && s.shared()).toList();
            Shard first = own.isEmpty() ? shared.get(0) : own.get(0);
            PriorInfo info = new PriorInfo(first.priorId(), first.priorKind(), first.priorHash(), first.priorDim());
            for (Shard s : shards) {
                if (s.participant() == k && !s.priorHash().equals(info.contentHash())) {
                    throw new UserInputException("participant " + k + ": tasks used different priors ("
                            + info.contentHash() + " and " + s.priorHash() + "); the prior changed during the run");
                }
            }
            double seconds = shards.stream().filter(s -> s.participant() == kk).mapToDouble(Shard::seconds).sum();
            Participant p = new Participant(platform, k, new FeatureExtractor());
            reports.add(p.optimizeExternal(info, data, (targets, sharedTargets, sharedFeatures) -> {
                concat(own, part.subsets()[kk], Shard::targets, targets);
                concat(shared, part.shared(), Shard::targets, sharedTargets);
                concat(shared, part.shared(), Shard::features, sharedFeatures);
            }, seconds));
            AtomicFiles.deleteTree(shardDir(platform, k));
        }
        return new Result(reports, chunks.size(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Concatenates the shards' {@code which} files in chunk order into {@code out}, streaming, after checking that
     * their ids are exactly {@code expected} in order (no row missing, none twice).
     */
    static void concat(List<Shard> shards, int[] expected, java.util.function.Function<Shard, String> which, Path out)
            throws IOException {
        List<Shard> ordered = new ArrayList<>(shards);
        ordered.sort(java.util.Comparator.comparingInt(Shard::index));
        int at = 0;
        FloatWriter w = null;
        try {
            for (Shard s : ordered) {
                long[] ids = Npy.readInt64(Path.of(s.ids()));
                for (long id : ids) {
                    if (at >= expected.length || expected[at] != id) {
                        throw new IllegalStateException("shard " + s.participant() + "/" + s.index() + " holds sample "
                                + id + " where the partition has " + (at < expected.length ? expected[at] : "no more rows"));
                    }
                    at++;
                }
                try (MappedNpy m = Npy.mapMatrix(Path.of(which.apply(s)), "shard")) {
                    if (w == null) {
                        w = Npy.floatWriter(out, m.cols());
                    }
                    float[] buf = new float[m.cols() * 1024];
                    for (long r = 0; r < m.rows(); r += 1024) {
                        int n = (int) Math.min(1024, m.rows() - r);
                        m.readFloats(r, n, buf, 0);
                        w.append(buf, 0, n);
                    }
                }
            }
            if (at != expected.length) {
                throw new IllegalStateException("shards hold " + at + " of the partition's " + expected.length + " rows");
            }
            w.finish();
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }
}
