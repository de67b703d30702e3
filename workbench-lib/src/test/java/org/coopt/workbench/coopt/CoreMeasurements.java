package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.coopt.ProtocolMessages.UniformityReport;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.FloatWriter;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.Features;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;

/**
 * Hand-run measurements for the core issue's note (time and peak heap), not part of the tests:
 * <pre>
 *   java -Xmx512m -cp CP:TEST_CLASSES org.coopt.workbench.coopt.CoreMeasurements merge WORKDIR [N] [d] [K]
 *   java -cp CP:TEST_CLASSES org.coopt.workbench.coopt.CoreMeasurements extract WORKDIR [prior] [d]
 * </pre>
 * {@code extract}: targets (features + JL projection to d) for all 60,000 Fashion-MNIST training images with one
 * prior (default {@code random:convnet:32:0}), into a fresh cache under WORKDIR, then once more from the cache.
 * {@code merge}: K uploads of synthetic N×d targets (default 1,000,000×128, K = 10) written as participants
 * would, then validated and merged by {@link Merger}. Peak heap is the maximum of the heap pools' peak usage
 * (JVM-wide, includes garbage not yet collected); VmHWM is the process's peak resident memory.
 */
public final class CoreMeasurements {
    private CoreMeasurements() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CoreMeasurements extract|merge WORKDIR [...]");
            System.exit(2);
        }
        Path work = Path.of(args[1]);
        Files.createDirectories(work);
        if (args[0].equals("extract")) {
            extract(work, args.length > 2 ? args[2] : "random:convnet:32:0", args.length > 3 ? Integer.parseInt(args[3]) : 128);
        } else {
            merge(work, args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000, args.length > 3 ? Integer.parseInt(args[3]) : 128,
                    args.length > 4 ? Integer.parseInt(args[4]) : 10);
        }
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    static long peakHeap() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                s += p.getPeakUsage().getUsed();
            }
        }
        return s;
    }

    static String vmHwm() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "VmHWM: ?";
        }
    }

    static void report(String what, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %.2f s, peak heap %.0f MiB (max heap %.0f MiB), %s%n", what, s, peakHeap() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0, vmHwm());
    }

    static void extract(Path work, String priorSpec, int d) throws IOException {
        ImageDataset data = DatasetRef.parse("fashion-mnist:train").load();
        System.out.println("Engine: " + Engines.describe() + ", cores " + Runtime.getRuntime().availableProcessors());
        FeatureExtractor fx = new FeatureExtractor(work.resolve("cache"), FeatureExtractor.DEFAULT_BATCH);
        try (PriorModel prior = Priors.open(priorSpec, data); NDManager m = NDManager.newBaseManager(Engines.device())) {
            for (int run = 1; run <= 2; run++) {
                resetPeaks();
                long t0 = System.nanoTime();
                Features f = fx.extract(prior, data);
                JlProjection proj = new JlProjection(prior.outputDim(), d, 1);
                proj.apply(f.file(), work.resolve("targets.npy"), m);
                double s = (System.nanoTime() - t0) / 1e9;
                report(String.format("run %d: %d targets (%s, m=%d -> d=%d, features %s, %.0f images/s)", run, f.rows(),
                        prior.id(), prior.outputDim(), d, f.cached() ? "from cache" : "computed", f.rows() / s), t0);
            }
        }
    }

    static void merge(Path work, int n, int d, int k) throws IOException {
        Path dir = work.resolve("platform");
        if (Files.exists(dir)) {
            AtomicFiles.deleteTree(dir);
        }
        long t0 = System.nanoTime();
        String sha = Hashing.sha256(("synthetic ids " + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PlatformSettings s = PlatformSettings.defaults(k).withDim(d).withAlignment(Alignment.Choice.NONE);
        Platform platform = Platform.init(dir, s, new DataInfo(null, "synthetic-" + n, sha, n));
        for (int p = 0; p < k; p++) {
            Files.createDirectories(platform.uniformityFile(p).getParent());
            Json.write(platform.uniformityFile(p), new UniformityReport(p, "synthetic", "synthetic", sha, -3.0));
        }
        platform.align();
        SplittableRandom r = new SplittableRandom(1);
        for (int p = 0; p < k; p++) {
            int[] ids = platform.partition().subsets()[p];
            Path up = platform.uploadDir(p);
            Files.createDirectories(up);
            try (FloatWriter w = Npy.floatWriter(up.resolve("targets.npy"), d)) {
                float[] row = new float[d];
                for (int i = 0; i < ids.length; i++) {
                    for (int j = 0; j < d; j++) {
                        row[j] = (float) r.nextGaussian();
                    }
                    w.append(row, 0, 1);
                }
                w.finish();
            }
            Npy.writeInt64(up.resolve("ids.npy"), ids);
            Json.write(up.resolve("upload.json"), new UploadInfo(p, "synthetic", "synthetic", sha, -3.0, d, 0, ids.length, d,
                    -1, "ridge", Double.NaN, Hashing.sha256(up.resolve("targets.npy")), Hashing.sha256(up.resolve("ids.npy")),
                    Instant.now()));
        }
        report(String.format("wrote %d synthetic uploads of %d×%d in total", k, n, d), t0);
        resetPeaks();
        long t1 = System.nanoTime();
        try (OptimizedDataset od = platform.merge()) {
            report(String.format("merge (validate %d uploads + write) of %d×%d targets", k, od.size(), od.dim()), t1);
            System.out.println("merged: " + od.dir() + " (" + Files.size(od.dir().resolve("targets.npy")) + " bytes)");
        }
    }
}
