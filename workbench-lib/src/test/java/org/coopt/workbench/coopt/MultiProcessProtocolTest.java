package org.coopt.workbench.coopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.coopt.workbench.data.FashionMnist;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.coopt.workbench.util.HangGuard;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol as separate processes: {@code platform init}, 4 concurrent {@code participant optimize}
 * processes (one killed after its features are computed, then re-run), {@code platform align}, 4 concurrent
 * uploads (one re-run over a stale half-written upload folder, one run twice at once and once more after), two
 * concurrent {@code platform merge}. The merged targets must equal the in-process {@link Simulation} with the same
 * seeds and priors.
 */
@Tag("slow")
class MultiProcessProtocolTest {
    @TempDir
    Path dir;

    static final String DATASET = "fashion-mnist:train:2000";
    static final String[] PRIORS = {"random:convnet:8:1", "human", "random:convnet:4:2", "random:convnet:8:3"};
    static final int BATCH = 128;

    static ProcessBuilder coopt(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), "org.coopt.workbench.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    record Done(int code, String out, String err) {
        String last() {
            String[] l = out.strip().split("\n");
            return l[l.length - 1];
        }
    }

    static Done finish(Process p) throws Exception {
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        HangGuard.waitFor(p, "a ./coopt process");
        return new Done(p.exitValue(), out.get(), err.get());
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static Done ok(Done d) {
        assertEquals(0, d.code(), d.err());
        return d;
    }

    @Test
    void fourParticipantProcessesGiveTheInProcessResultAndResumeAfterAKill() throws Exception {
        assumeTrue(FashionMnist.available(Path.of(FashionMnist.DEFAULT_DIR)),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        PlatformSettings settings = PlatformSettings.defaults(4).withDim(32).withSeed(7);
        DatasetRef ref = DatasetRef.parse(DATASET);
        ImageDataset data = ref.load();

        // in-process reference run, own cache
        List<PriorModel> ps = new ArrayList<>();
        for (String p : PRIORS) {
            ps.add(Priors.open(p, data));
        }
        float[] expected;
        try (OptimizedDataset sim = Simulation.run(dir.resolve("sim"), settings, data, ref, ps,
                new FeatureExtractor(dir.resolve("cache-sim"), BATCH)).dataset()) {
            expected = sim.targets().readFloats(0, sim.size());
        } finally {
            ps.forEach(PriorModel::close);
        }

        // separate processes sharing only the platform folder (and a cache of their own)
        String plat = dir.resolve("platform").toString();
        String cache = dir.resolve("cache-proc").toString();
        ok(finish(coopt("platform", "init", "--dir", plat, "--dataset", DATASET, "--participants", "4", "--dim", "32",
                "--seed", "7").start()));

        // participant 2 is killed right after its features are computed
        Process victim = coopt("participant", "optimize", "--dir", plat, "--id", "2", "--prior", PRIORS[2], "--cache", cache,
                "--batch", String.valueOf(BATCH)).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(victim.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && !line.contains("features ready")) {
                // wait for the marker
            }
            victim.destroyForcibly();
        }
        HangGuard.waitFor(victim, "the killed participant");
        assertTrue(victim.exitValue() != 0, "killed, not finished");

        List<Process> procs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            procs.add(coopt("participant", "optimize", "--dir", plat, "--id", String.valueOf(k), "--prior", PRIORS[k],
                    "--cache", cache, "--batch", String.valueOf(BATCH)).start());
        }
        List<Done> optimized = new ArrayList<>();
        for (Process p : procs) {
            optimized.add(ok(finish(p)));
        }
        assertTrue(optimized.get(2).err().contains("cached"), "the re-run resumes from the features the killed run cached: "
                + optimized.get(2).err());
        Platform platform = Platform.open(dir.resolve("platform"));
        for (int k = 0; k < 4; k++) {
            assertEquals(platform.participantDir(k).resolve("report.json").toFile().exists(), true);
            double u = Double.parseDouble(optimized.get(k).last());
            assertTrue(u <= 0 && u >= -8, "U_" + k + " = " + u);
        }

        int b = Integer.parseInt(ok(finish(coopt("platform", "align", "--dir", plat).start())).last());
        assertEquals(Alignment.Choice.BEST.pick(platform.alignment().uniformity()), b);

        // a crash mid-upload left a half-written temp folder behind for participant 3
        Path stale = Files.createDirectories(platform.uploadDir(3).resolveSibling(".p003-" + victim.pid() + "@"
                + org.coopt.workbench.util.AtomicFiles.HOST + "-crashed"));
        Files.writeString(stale.resolve("targets.npy"), "half");
        procs.clear();
        for (int k = 0; k < 4; k++) {
            procs.add(coopt("participant", "upload", "--dir", plat, "--id", String.valueOf(k)).start());
            if (k == 2) { // two processes upload participant 2 at once: both succeed with the one upload
                procs.add(coopt("participant", "upload", "--dir", plat, "--id", "2").start());
            }
        }
        for (Process p : procs) {
            ok(finish(p));
        }
        // uploading again changes nothing
        String again = ok(finish(coopt("participant", "upload", "--dir", plat, "--id", "1").start())).last();
        assertEquals(platform.uploadDir(1).toString(), again);
        try (Stream<Path> s = Files.list(platform.uploadDir(0).getParent())) {
            assertEquals(List.of("p000", "p001", "p002", "p003"), s.map(q -> q.getFileName().toString()).sorted().toList(),
                    "four uploads, no duplicates, no leftovers");
        }
        assertEquals("aligned", ok(finish(coopt("platform", "status", "--dir", plat).start())).last());

        // two merges at once: both succeed and name the same merged folder (the second finds the first's result)
        Process m1 = coopt("platform", "merge", "--dir", plat).start();
        Process m2 = coopt("platform", "merge", "--dir", plat).start();
        String merged = ok(finish(m1)).last();
        assertEquals(merged, ok(finish(m2)).last());
        try (Stream<Path> s = Files.list(Path.of(plat))) {
            assertEquals(List.of(), s.map(q -> q.getFileName().toString()).filter(n -> n.startsWith(".merged")).toList(),
                    "no temp folders left by the concurrent merges");
        }
        try (OptimizedDataset od = OptimizedDataset.open(Path.of(merged))) {
            assertEquals(2000, od.size());
            assertEquals(32, od.dim());
            assertEquals(b, od.manifest().reference());
            assertArrayEquals(expected, od.targets().readFloats(0, od.size()), 1e-5f,
                    "4 processes give the in-process simulation's targets");
        }
        assertEquals("merged", ok(finish(coopt("platform", "status", "--dir", plat).start())).last());
        assertEquals(2000, Npy.readInt64(Path.of(merged, "ids.npy")).length);
    }
}
