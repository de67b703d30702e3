package org.coopt.workbench.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coopt.workbench.engine.Engines;

/**
 * Where a result came from, written as {@code provenance.json} beside every run's results (after
 * Tribuo's {@code ModelProvenance}): the code (git commit, dirty flag), the data (SHA-256 per
 * dataset), the machine (JDK, OS, CPU, GPU count), the libraries (DJL, PyTorch), the seeds and the
 * wall time of every stage.
 */
public record Provenance(
        String gitCommit,
        boolean gitDirty,
        Map<String, String> datasetSha256,
        String jdk,
        String os,
        String cpu,
        int cpuCores,
        int gpuCount,
        String device,
        String djlVersion,
        String pytorchVersion,
        Map<String, Long> seeds,
        Map<String, Double> wallSeconds,
        Instant started,
        Instant finished,
        String status) {

    /** The code a run starts from: git commit and whether tracked files differ from it. */
    public record Code(String gitCommit, boolean gitDirty) {
        public static Code now() {
            Path repo = repoRoot();
            return new Code(git(repo, "rev-parse", "HEAD"),
                    !git(repo, "status", "--porcelain", "--untracked-files=no").isEmpty());
        }
    }

    /** A snapshot of the machine and code now; data, seeds and timings are filled in by {@link RunFolder}. */
    public static Provenance capture(Map<String, String> datasets, Map<String, Long> seeds,
                                     Map<String, Double> wallSeconds, Instant started, Instant finished,
                                     String status) {
        return capture(Code.now(), datasets, seeds, wallSeconds, started, finished, status);
    }

    /** As {@link #capture(Map, Map, Map, Instant, Instant, String)} with the code taken when the run began. */
    public static Provenance capture(Code code, Map<String, String> datasets, Map<String, Long> seeds,
                                     Map<String, Double> wallSeconds, Instant started, Instant finished,
                                     String status) {
        Engine engine = Engines.get();
        return new Provenance(
                code.gitCommit(),
                code.gitDirty(),
                new LinkedHashMap<>(datasets),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                engine.getGpuCount(),
                Engines.device().toString(),
                Engine.getDjlVersion(),
                engine.getVersion(),
                new LinkedHashMap<>(seeds),
                new LinkedHashMap<>(wallSeconds),
                started,
                finished,
                status);
    }

    /** The workbench checkout: {@code -Dcoopt.repo}, else the first parent of the working folder with a .git. */
    public static Path repoRoot() {
        String prop = System.getProperty("coopt.repo");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
            p = p.getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    static String git(Path repo, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return args[0].equals("status") ? "" : "unknown";
            }
            return out;
        } catch (IOException e) {
            return args[0].equals("status") ? "" : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
