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
import org.coopt.workbench.train.StepPhases;
import org.coopt.workbench.util.Log;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.ssl.SslThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./coopt bench}: training images/s of every timed path of the workbench (the seven SSL baselines of Tab. 1
 * through {@link SslThroughput}, the CoOpt student step and prior feature extraction through {@link BenchWorkload})
 * on one fixed workload (ConvNet-3 w64, batch 256, 1×28×28, two fixed random views), interleaved rep by rep with
 * {@code environment/bench/ref_ssl.py}, the same nine paths in plain PyTorch (Debian's python3-torch) with the same
 * backbone, heads, views, losses and optimizer. Reports medians, ratios (workbench / PyTorch, &gt; 1 = workbench
 * faster) and each side's fraction of the machine's peak FP32 matmul rate (best of a few 2048² products, same libtorch
 * and thread count), with the reference's analytic FLOPs per image for both sides, and for the eight training paths
 * the Java side's split of a step into forward, backward, AdamW and after-step ({@code java_step_phases},
 * {@link StepPhases}; the profile of issue 14), whether each path's backward pass ran on oneDNN
 * ({@code java_backward_onednn}, {@link org.coopt.workbench.engine.OneDnnBackward}) and the native settings both sides
 * ran under ({@code native_env}, environment/native.env). Prints one JSON line and writes it
 * with config and provenance to a run folder. A benchmark, not a test: its targets (every path ≥ 1.0×, student and
 * extraction ≥ 35 % of peak) are read from the JSON, never asserted in a unit test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput (images/s) of the seven SSL methods, the CoOpt student step and prior extraction "
                + "against their PyTorch references, interleaved; one JSON line with ratios and fractions of peak.")
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    /** The nine timed paths, in report order. */
    static final List<String> PATHS = List.of("byol", "dcl", "dino", "moco", "simclr", "simsiam", "swav", "student",
            "embed");

    @Option(names = "--reps", description = "repetitions of each measurement (default ${DEFAULT-VALUE})")
    int reps = 3;

    @Option(names = "--threads", description = "intra-op threads for both sides (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--paths", split = ",", description = "a subset of " + "byol,dcl,dino,moco,simclr,simsiam,swav,"
            + "student,embed (default: all)")
    List<String> paths;

    @Option(names = "--steps", description = "timed steps per path and rep (default ${DEFAULT-VALUE})")
    int steps = 20;

    @Option(names = "--reference", description = "the PyTorch reference (default <checkout>/environment/bench/ref_ssl.py)")
    Path reference;

    @Option(names = "--python", description = "Python with torch (default ${DEFAULT-VALUE})")
    String python = "/usr/bin/python3";

    @Option(names = "--no-torch", description = "skip the PyTorch reference")
    boolean noTorch;

    @Option(names = "--out", description = "parent folder of the run folder (default <checkout>/runs)")
    Path out;

    /** Per path, where the Java side's timed steps of the last repetition spent their time. */
    private final Map<String, StepPhases> phases = new LinkedHashMap<>();
    private final Map<String, Boolean> backwardOneDnn = new LinkedHashMap<>();

    /** The resolved configuration, written as config.json. */
    record BenchConfig(int reps, int threads, List<String> paths, int steps, String reference, String python,
                       boolean torch, int batch, String workload) {
    }

    @Override
    public Integer call() throws Exception {
        List<String> todo = paths == null || paths.isEmpty() ? PATHS : List.copyOf(paths);
        for (String p : todo) {
            if (!PATHS.contains(p)) {
                throw new UserInputException("unknown bench path '" + p + "'; known: " + String.join(",", PATHS));
            }
        }
        if (reps < 1 || threads < 1 || steps < 1) {
            throw new UserInputException("--reps, --threads and --steps must be >= 1");
        }
        Path root = Provenance.repoRoot();
        Path ref = reference != null ? reference : root.resolve("environment/bench/ref_ssl.py");
        if (!noTorch && !Files.isRegularFile(ref)) {
            throw new UserInputException("PyTorch reference " + ref + " not found; pass --reference PATH or --no-torch");
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        Engines.get();
        JniUtils.setNumThreads(threads);
        BenchConfig config = new BenchConfig(reps, threads, todo, steps, ref.toString(), python, !noTorch,
                BenchWorkload.BATCH, "ConvNet-3 w64 BN, 1x28x28, batch 256, two fixed random views, AdamW 1e-3 wd 0.01");
        Path parent = out != null ? out : root.resolve("runs");
        try (RunFolder run = RunFolder.create(parent, "bench", config, new Seeds(0))) {
            double peak = run.stage("peak", this::peakGflops);
            Log.infof("[bench] peak FP32 matmul %.1f GFLOP/s on %d threads; load %s", peak, threads, loadAverage());
            List<Map<String, Double>> javaRuns = new ArrayList<>();
            List<Map<String, Double>> torchRuns = new ArrayList<>();
            Map<String, Double> gflop = new LinkedHashMap<>();
            try (BenchWorkload w = new BenchWorkload();
                 BenchWorkload.Step student = w.studentStep();
                 BenchWorkload.Step embed = w.embedStep()) {
                for (int r = 0; r < reps; r++) {
                    Map<String, Double> j = run.stage("java", () -> javaOnce(todo, student, embed));
                    javaRuns.add(j);
                    Log.info("[bench] rep " + (r + 1) + " java  " + rounded(j));
                    if (!noTorch) {
                        Map<String, Double> t = run.stage("torch", () -> torchOnce(ref, todo, gflop));
                        torchRuns.add(t);
                        Log.info("[bench] rep " + (r + 1) + " torch " + rounded(t));
                    }
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("engine", Engines.describe());
            result.put("threads", threads);
            result.put("reps", reps);
            result.put("load_average", loadAverage());
            result.put("native_env", nativeEnv());
            result.put("peak_gflops", round(peak, 1));
            Map<String, Object> javaMed = new LinkedHashMap<>();
            Map<String, Object> torchMed = new LinkedHashMap<>();
            Map<String, Object> ratio = new LinkedHashMap<>();
            Map<String, Object> javaPeak = new LinkedHashMap<>();
            Map<String, Object> torchPeak = new LinkedHashMap<>();
            for (String p : todo) {
                double jm = median(javaRuns, p);
                javaMed.put(p, Math.round(jm));
                if (!noTorch) {
                    double tm = median(torchRuns, p);
                    torchMed.put(p, Math.round(tm));
                    ratio.put(p, round(jm / tm, 3));
                    Double g = gflop.get(p);
                    if (g != null) {
                        javaPeak.put(p, round(jm * g / peak, 3));
                        torchPeak.put(p, round(tm * g / peak, 3));
                    }
                }
            }
            result.put("java_img_per_s", javaMed);
            if (!noTorch) {
                result.put("torch_img_per_s", torchMed);
                result.put("ratio_java_over_torch", ratio);
                result.put("gflop_per_image", gflop);
                result.put("java_fraction_of_peak", javaPeak);
                result.put("torch_fraction_of_peak", torchPeak);
            }
            Map<String, Object> shares = new LinkedHashMap<>();
            phases.forEach((k, v) -> shares.put(k, v.shares()));
            result.put("java_step_phases", shares);
            result.put("java_backward_onednn", backwardOneDnn);
            result.put("java_runs", javaRuns);
            if (!noTorch) {
                result.put("torch_runs", torchRuns);
            }
            String line = compact(result);
            Files.writeString(run.resolve("bench.json"), line + "\n", StandardCharsets.UTF_8);
            Log.info("[bench] run folder " + run.dir());
            System.out.println(line);
        }
        return 0;
    }

    /** One rep of the workbench side: images/s of each path. */
    private Map<String, Double> javaOnce(List<String> todo, BenchWorkload.Step student, BenchWorkload.Step embed) {
        Map<String, Double> out = new LinkedHashMap<>();
        ArchSpec spec = new ArchSpec("convnet", BenchWorkload.WIDTH, 1, 28);
        for (String p : todo) {
            double v;
            switch (p) {
                case "student" -> {
                    for (int i = 0; i < 3; i++) {
                        student.run(); // warm-up, outside the phases as in SslThroughput
                    }
                    StepPhases before = student.phases();
                    v = BenchWorkload.imagesPerSecond(student, 0, steps);
                    phases.put(p, student.phases().since(before));
                    backwardOneDnn.put(p, student.backwardOneDnn());
                }
                case "embed" -> v = BenchWorkload.imagesPerSecond(embed, 3, Math.max(steps, 50));
                default -> {
                    SslThroughput.Measurement m = SslThroughput.measure(p, spec, BenchWorkload.BATCH, 3, steps, 0);
                    v = m.imagesPerSecond();
                    phases.put(p, m.phases());
                    backwardOneDnn.put(p, m.backwardOneDnn());
                }
            }
            out.put(p, v);
        }
        return out;
    }

    private static String rounded(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append(' ').append(Math.round(v)).append("  "));
        return sb.append("img/s").toString();
    }

    /**
     * The OpenMP and glibc malloc settings this process started with (environment/native.env, set by ./coopt); the
     * PyTorch reference inherits the same environment, so both sides run under the same allocator settings.
     */
    static Map<String, String> nativeEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> keys = new java.util.ArrayList<>(List.of("OMP_WAIT_POLICY"));
        keys.addAll(Engines.MALLOC_SETTINGS);
        for (String k : keys) {
            env.put(k, System.getenv().getOrDefault(k, "unset"));
        }
        return env;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
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

    /** One run of the PyTorch reference: images/s of each path; its FLOPs per image go to {@code gflop}. */
    private Map<String, Double> torchOnce(Path ref, List<String> todo, Map<String, Double> gflop)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, ref.toString(), "--methods", String.join(",", todo),
                "--width", Integer.toString(BenchWorkload.WIDTH), "--batch", Integer.toString(BenchWorkload.BATCH),
                "--steps", Integer.toString(steps), "--warmup", "3", "--threads", Integer.toString(threads));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        p.getOutputStream().close();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || outText.isEmpty()) {
            throw new UserInputException("the PyTorch reference failed (" + python + " " + ref
                    + "); is python3-torch installed (./coopt bench installs it)? use --no-torch to skip it");
        }
        String[] lines = outText.split("\n");
        JsonObject o = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String path : todo) {
            out.put(path, o.get(path + "_img_per_s").getAsDouble());
            if (o.has(path + "_gflop_per_image")) {
                gflop.put(path, o.get(path + "_gflop_per_image").getAsDouble());
            }
        }
        return out;
    }

    static double median(List<Map<String, Double>> runs, String path) {
        double[] v = runs.stream().mapToDouble(r -> r.get(path)).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

}
