package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.run.Provenance;
import org.coopt.workbench.run.RunFolder;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.train.BenchWorkload;
import org.coopt.workbench.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./coopt bench}: images/s of a BYOL step, a CoOpt student step and prior embedding on the fixed
 * workload of {@code shared/bench/ref_torch.py} ({@link BenchWorkload}), interleaved with runs of that
 * PyTorch reference in the same process tree, over several repetitions; medians, ratios (workbench /
 * PyTorch, > 1 = workbench faster) and the fraction of the machine's peak FP32 matmul rate (best of a
 * few 2048×2048 matrix products, same libtorch and thread count) each step reaches. Prints one JSON line
 * and writes it with config and provenance to a run folder. A benchmark, not a test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput (images/s) of BYOL, student and embedding steps vs the PyTorch reference; one JSON line.")
final class BenchCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--reps", description = "repetitions of each measurement (default ${DEFAULT-VALUE})")
    int reps = 3;

    @Option(names = "--threads", description = "intra-op threads for both sides (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--reference", description = "ref_torch.py (default: <checkout>/../shared/bench/ref_torch.py)")
    Path reference;

    @Option(names = "--python", description = "Python with torch (default ${DEFAULT-VALUE})")
    String python = "/usr/bin/python3";

    @Option(names = "--no-torch", description = "skip the PyTorch reference")
    boolean noTorch;

    @Option(names = "--out", description = "parent folder of the run folder (default <checkout>/runs)")
    Path out;

    /** The resolved configuration, written as config.json. */
    record BenchConfig(int reps, int threads, String reference, String python, boolean torch, int batch,
                       String workload) {
    }

    @Override
    public Integer call() throws Exception {
        if (reps < 1 || threads < 1) {
            throw new UserInputException("--reps and --threads must be >= 1");
        }
        Path root = Provenance.repoRoot();
        Path ref = reference != null ? reference : root.resolve("../shared/bench/ref_torch.py").normalize();
        if (!noTorch && !Files.isRegularFile(ref)) {
            throw new UserInputException("PyTorch reference " + ref + " not found; pass --reference PATH or --no-torch");
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        Engines.get();
        JniUtils.setNumThreads(threads);
        BenchConfig config = new BenchConfig(reps, threads, ref.toString(), python, !noTorch, BenchWorkload.BATCH,
                "ConvNet-3 w64 BN, 1x28x28, batch 256, BYOL 576-1024-128 / 128-1024-128, AdamW 1e-3 wd 0.01");
        Path parent = out != null ? out : root.resolve("runs");
        try (RunFolder run = RunFolder.create(parent, "bench", config, new Seeds(0))) {
            double peak = run.stage("peak", this::peakGflops);
            System.err.printf(Locale.ROOT, "[bench] peak FP32 matmul %.1f GFLOP/s on %d threads%n", peak, threads);
            List<double[]> javaRuns = new ArrayList<>();
            List<double[]> torchRuns = new ArrayList<>();
            try (BenchWorkload w = new BenchWorkload();
                 BenchWorkload.Step byol = w.byolStep();
                 BenchWorkload.Step student = w.studentStep();
                 BenchWorkload.Step embed = w.embedStep()) {
                for (int r = 0; r < reps; r++) {
                    double[] j = run.stage("java", () -> new double[] {
                        BenchWorkload.imagesPerSecond(byol, 3, 20),
                        BenchWorkload.imagesPerSecond(student, 3, 20),
                        BenchWorkload.imagesPerSecond(embed, 3, 50)});
                    javaRuns.add(j);
                    System.err.printf(Locale.ROOT, "[bench] rep %d java  byol %.0f student %.0f embed %.0f img/s%n",
                            r + 1, j[0], j[1], j[2]);
                    if (!noTorch) {
                        double[] t = run.stage("torch", () -> torchOnce(ref));
                        torchRuns.add(t);
                        System.err.printf(Locale.ROOT, "[bench] rep %d torch byol %.0f student %.0f embed %.0f img/s%n",
                                r + 1, t[0], t[1], t[2]);
                    }
                }
            }
            double[] flops = {BenchWorkload.byolFlopsPerImage(), BenchWorkload.studentFlopsPerImage(),
                BenchWorkload.embedFlopsPerImage()};
            String[] names = {"byol", "student", "embed"};
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("engine", Engines.describe());
            result.put("threads", threads);
            result.put("reps", reps);
            result.put("peak_gflops", round(peak, 1));
            Map<String, Object> javaMed = new LinkedHashMap<>();
            Map<String, Object> torchMed = new LinkedHashMap<>();
            Map<String, Object> ratio = new LinkedHashMap<>();
            Map<String, Object> javaPeak = new LinkedHashMap<>();
            Map<String, Object> torchPeak = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                double jm = median(javaRuns, i);
                javaMed.put(names[i], Math.round(jm));
                javaPeak.put(names[i], round(jm * flops[i] / 1e9 / peak, 3));
                if (!noTorch) {
                    double tm = median(torchRuns, i);
                    torchMed.put(names[i], Math.round(tm));
                    ratio.put(names[i], round(jm / tm, 3));
                    torchPeak.put(names[i], round(tm * flops[i] / 1e9 / peak, 3));
                }
            }
            result.put("java_img_per_s", javaMed);
            if (!noTorch) {
                result.put("torch_img_per_s", torchMed);
                result.put("ratio_java_over_torch", ratio);
            }
            result.put("java_fraction_of_peak", javaPeak);
            if (!noTorch) {
                result.put("torch_fraction_of_peak", torchPeak);
            }
            result.put("java_runs", javaRuns);
            if (!noTorch) {
                result.put("torch_runs", torchRuns);
            }
            String line = Json.GSON.newBuilder().disableHtmlEscaping().create().toJson(result).replace("\n", "");
            Files.writeString(run.resolve("bench.json"), line + "\n", StandardCharsets.UTF_8);
            System.err.println("[bench] run folder " + run.dir());
            System.out.println(compact(result));
        }
        return 0;
    }

    private static String compact(Map<String, Object> result) {
        return new com.google.gson.GsonBuilder().disableHtmlEscaping().create().toJson(result);
    }

    /** Best of five 2048×2048×2048 float32 matrix products, in GFLOP/s (2n³ FLOPs each). */
    private double peakGflops() {
        int n = 2048;
        double best = 0;
        try (NDManager m = Engines.get().newBaseManager(Engines.device())) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            for (int i = 0; i < 6; i++) {
                try (NDManager sm = m.newSubManager()) {
                    a.tempAttach(sm);
                    b.tempAttach(sm);
                    long t0 = System.nanoTime();
                    a.matMul(b).getFloat(0, 0);
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (i > 0) {
                        best = Math.max(best, 2.0 * n * n * n / s / 1e9);
                    }
                }
            }
        }
        return best;
    }

    private double[] torchOnce(Path ref) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, ref.toString(), Integer.toString(threads));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        p.getOutputStream().close();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new UserInputException("the PyTorch reference failed (" + python + " " + ref
                    + "); is python3-torch installed? use --no-torch to skip it");
        }
        String[] lines = outText.split("\n");
        JsonObject o = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        return new double[] {o.get("byol_img_per_s").getAsDouble(), o.get("student_img_per_s").getAsDouble(),
            o.get("embed_img_per_s").getAsDouble()};
    }

    static double median(List<double[]> runs, int i) {
        double[] v = runs.stream().mapToDouble(r -> r[i]).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    @SuppressWarnings("unused")
    private static String fmt(double[] v) {
        return Arrays.toString(v);
    }
}
