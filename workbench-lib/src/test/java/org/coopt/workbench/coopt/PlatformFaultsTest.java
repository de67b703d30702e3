package org.coopt.workbench.coopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.coopt.workbench.coopt.MultiProcessProtocolTest.Done;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.data.FashionMnist;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.UserInputException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol faults of the adversarial run (issue 15), each of which was accepted before: concurrent inits,
 * re-optimizing after align, settings that make a folder unusable, files unreadable by a second user, and the
 * races of upload and merge. Concurrency cases run real concurrent processes.
 */
class PlatformFaultsTest {
    @TempDir
    Path dir;

    static final int D = 16;

    static PlatformSettings settings(int k) {
        return PlatformSettings.defaults(k).withDim(D).withSeed(42);
    }

    /** A finished single-round platform of K = 3 over 300 synthetic images. */
    Platform aligned(Path where) throws IOException {
        ImageDataset data = PlatformTest.data();
        List<PriorModel> ps = PlatformTest.priors(data);
        try {
            Platform p = Platform.init(where, settings(3), DataInfo.of(null, data));
            FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
            for (int k = 0; k < 3; k++) {
                new Participant(p, k, fx).optimize(ps.get(k), data);
            }
            p.align();
            return p;
        } finally {
            ps.forEach(PriorModel::close);
        }
    }

    @Test
    void twoConcurrentInitsWithDifferentKLeaveOneConsistentPlatform() throws Exception {
        assumeTrue(FashionMnist.available(Path.of(FashionMnist.DEFAULT_DIR)), "Fashion-MNIST not installed");
        for (int attempt = 0; attempt < 2; attempt++) {
            String plat = dir.resolve("race-" + attempt).toString();
            List<Process> ps = new ArrayList<>();
            for (String k : List.of("3", "4")) {
                ps.add(MultiProcessProtocolTest.coopt("platform", "init", "--dir", plat, "--dataset",
                        "fashion-mnist:train:2000", "--participants", k, "--dim", "16").start());
            }
            List<Done> done = new ArrayList<>();
            for (Process p : ps) {
                done.add(MultiProcessProtocolTest.finish(p));
            }
            long ok = done.stream().filter(d -> d.code() == 0).count();
            assertEquals(1, ok, "exactly one init wins: " + done);
            Done loser = done.stream().filter(d -> d.code() != 0).findFirst().orElseThrow();
            assertEquals(2, loser.code(), loser.err());
            assertTrue(loser.err().contains("already holds a platform with other settings"), loser.err());
            assertEquals(1, loser.err().strip().lines().count(), "one line: " + loser.err());
            Platform p = Platform.open(Path.of(plat));
            Partition part = p.partition();
            assertEquals(p.settings().participants(), part.participants());
            assertEquals(2000, java.util.Arrays.stream(part.subsets()).mapToInt(s -> s.length).sum(),
                    "the subsets of the winning K cover the 2,000 samples once");
            assertEquals(p.info().partitionSha256(), part.sha256());
        }
    }

    @Test
    void aPartitionThatDoesNotMatchPlatformJsonIsRefusedByEveryCommand() throws IOException {
        ImageDataset data = PlatformTest.data();
        Platform.init(dir.resolve("a"), settings(3), DataInfo.of(null, data));
        Platform.init(dir.resolve("b"), settings(3).withSeed(7), DataInfo.of(null, data));
        // b's subset 1 copied over a's: the files parse, K and N agree, the content does not
        Files.copy(dir.resolve("b/partition/subset-001.npy"), dir.resolve("a/partition/subset-001.npy"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Platform a = Platform.open(dir.resolve("a"));
        UserInputException e = assertThrows(UserInputException.class, a::partition);
        assertTrue(e.getMessage().contains("does not match the SHA-256 recorded in platform.json"), e.getMessage());
        assertThrows(UserInputException.class, () -> Platform.init(dir.resolve("a"), settings(3), DataInfo.of(null, data)));
        assertThrows(UserInputException.class, () -> Platform.open(dir.resolve("a")).align());
        // a partition of another K under the same platform.json
        Platform.init(dir.resolve("c"), settings(4), DataInfo.of(null, data));
        AtomicFiles.deleteTree(dir.resolve("a/partition"));
        PlatformTest.copyTree(dir.resolve("c/partition"), dir.resolve("a/partition"));
        e = assertThrows(UserInputException.class, () -> Platform.open(dir.resolve("a")).partition());
        assertTrue(e.getMessage().contains("among 4 participants but platform.json says 300 among 3"), e.getMessage());
    }

    @Test
    void aPriorIsFrozenAfterAlignAndMergeChecksTheReferenceEachUploadWasAlignedTo() throws IOException {
        Platform p = aligned(dir.resolve("p"));
        ImageDataset data = PlatformTest.data();
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
        try (PriorModel other = Priors.open("random:convnet:8:99", data)) {
            UserInputException e = assertThrows(UserInputException.class,
                    () -> new Participant(p, 1, fx).optimize(other, data));
            assertTrue(e.getMessage().contains("frozen after align"), e.getMessage());
            assertTrue(e.getMessage().contains("new round"), e.getMessage());
        }
        // re-running optimize with the same prior (a resumed run) is still fine
        List<PriorModel> same = PlatformTest.priors(data);
        try {
            new Participant(p, 1, fx).optimize(same.get(1), data);
        } finally {
            same.forEach(PriorModel::close);
        }
        for (int k = 0; k < 3; k++) {
            new Participant(p, k, fx).upload();
        }
        int victim = p.alignment().reference() == 0 ? 1 : 0;
        Path json = p.uploadDir(victim).resolve("upload.json");
        UploadInfo i = Json.read(json, UploadInfo.class);
        assertEquals(p.alignment().referenceSha256(), i.referenceSha256(), "the upload records its reference");
        Json.write(json, new UploadInfo(i.participant(), i.priorId(), i.priorKind(), i.priorHash(), i.uniformity(),
                i.featureDim(), i.projectionSeed(), i.rows(), i.dim(), i.reference(), i.solver(), i.alignmentLoss(),
                i.targetsSha256(), i.idsSha256(), i.uploaded(), i.alignSeconds(), "0".repeat(64)));
        UploadRejectedException r = assertThrows(UploadRejectedException.class, p::merge);
        assertEquals(victim, r.participant());
        assertTrue(r.getMessage().contains("not the published reference"), r.getMessage());
        Json.write(json, new UploadInfo(i.participant(), i.priorId(), i.priorKind(), i.priorHash(), i.uniformity() + 0.5,
                i.featureDim(), i.projectionSeed(), i.rows(), i.dim(), i.reference(), i.solver(), i.alignmentLoss(),
                i.targetsSha256(), i.idsSha256(), i.uploaded(), i.alignSeconds(), i.referenceSha256()));
        r = assertThrows(UploadRejectedException.class, p::merge);
        assertTrue(r.getMessage().contains("not of the prior the platform aligned with"), r.getMessage());
        Json.write(json, i);
        try (OptimizedDataset od = p.merge()) {
            assertEquals(300, od.size());
        }
    }

    @Test
    void settingsThatMakeAFolderUnusableAreRefusedAtInitAndOptimize() throws IOException {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.5, -2}) {
            UserInputException e = assertThrows(UserInputException.class,
                    () -> settings(3).withSolver("ridge", bad), "λ = " + bad);
            assertTrue(e.getMessage().contains("finite λ >= 0"), e.getMessage());
        }
        settings(3).withSolver("ridge", 0.25);
        settings(3).withSolver("ridge", null);
        ImageDataset data = PlatformTest.data();
        UserInputException e = assertThrows(UserInputException.class,
                () -> Platform.init(dir.resolve("big-d"), settings(3).withDim(100_000), DataInfo.of(null, data)));
        assertTrue(e.getMessage().contains("exceeds the 300 samples"), e.getMessage());
        assertTrue(e.getMessage().contains("use --dim <= 300"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("big-d").resolve("platform.json")));
        assertThrows(UserInputException.class,
                () -> Platform.init(dir.resolve("d301"), settings(3).withDim(301), DataInfo.of(null, data)));
        Platform.init(dir.resolve("d300"), settings(3).withDim(300), DataInfo.of(null, data));
    }

    @Test
    void filesAndFoldersFollowTheUmaskSoASecondUserCanReadThem() throws IOException {
        Path probe = Files.createFile(dir.resolve("umask-probe"));
        Path probeDir = Files.createDirectory(dir.resolve("umask-probe-dir"));
        Set<PosixFilePermission> fileMode = Files.getPosixFilePermissions(probe);
        Set<PosixFilePermission> dirMode = Files.getPosixFilePermissions(probeDir);
        assumeTrue(fileMode.contains(PosixFilePermission.OTHERS_READ), "umask hides files from others anyway");
        Platform p = aligned(dir.resolve("shared"));
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
        for (int k = 0; k < 3; k++) {
            new Participant(p, k, fx).upload();
        }
        p.merge().close();
        for (Path f : List.of(p.dir().resolve("platform.json"), p.dir().resolve("partition/shared.npy"),
                p.alignmentFile(), p.mergedDir().resolve("targets.npy"), p.mergedDir().resolve("manifest.json"),
                p.uploadDir(1).resolve("targets.npy"))) {
            assertEquals(fileMode, Files.getPosixFilePermissions(f), f.toString());
        }
        for (Path d : List.of(p.mergedDir(), p.uploadDir(1))) {
            assertEquals(dirMode, Files.getPosixFilePermissions(d), d.toString());
        }
    }

    @Test
    void concurrentSameIdUploadsAndConcurrentMergesAllSucceedWithOneResult() throws Exception {
        Platform p = aligned(dir.resolve("race"));
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
        // threads stand in for processes here (the platform lock is per JVM and per OS); the process variant of
        // upload races runs in MultiProcessProtocolTest
        List<Thread> ts = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 6; t++) {
            int k = t % 3;
            ts.add(started(() -> {
                try {
                    new Participant(p, k, fx).upload();
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(List.of(), errors);
        List<String> merged = java.util.Collections.synchronizedList(new ArrayList<>());
        ts.clear();
        for (int t = 0; t < 3; t++) {
            ts.add(started(() -> {
                try (OptimizedDataset od = Platform.open(p.dir()).merge()) {
                    merged.add(od.manifest().targetsSha256() + " " + od.manifest().created());
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(List.of(), errors);
        assertEquals(1, merged.stream().distinct().count(), "the later merges return the first one's dataset: " + merged);
        try (Stream<Path> s = Files.list(p.dir())) {
            assertEquals(List.of(), s.map(q -> q.getFileName().toString()).filter(n -> n.startsWith(".merged")).toList(),
                    "no temp folders left");
        }
    }

    @Test
    void staleTempFilesOfDeadWritersAreCleanedLiveOnesKept() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        long deadPid = dead.pid();
        Path target = dir.resolve("targets.npy");
        String host = AtomicFiles.HOST;
        Path stale = Files.writeString(dir.resolve(".targets.npy." + deadPid + "@" + host + "-abc.tmp"), "half");
        Path live = Files.writeString(dir.resolve(".targets.npy." + ProcessHandle.current().pid() + "@" + host
                + "-xyz.tmp"), "busy");
        Path other = Files.writeString(dir.resolve(".other.npy." + deadPid + "@" + host + "-abc.tmp"), "not ours");
        Path elsewhere = Files.writeString(dir.resolve(".targets.npy." + deadPid + "@otherhost" + host + "-abc.tmp"),
                "a writer in another container or machine, whose pid means nothing here");
        Npy.writeInt64(target, new long[] {1, 2, 3});
        assertFalse(Files.exists(stale), "a dead writer's temp file of the same target is deleted");
        assertTrue(Files.exists(live), "a live writer's temp file is kept");
        assertTrue(Files.exists(other), "another target's temp files are not touched");
        assertTrue(Files.exists(elsewhere), "another host's temp files are not touched");
        assertEquals(3, Npy.readInt64(target).length);
    }

    @Test
    void aCrashBetweenNewTargetsAndNewReportIsRecomputedNotTrusted() throws IOException {
        ImageDataset data = PlatformTest.data();
        List<PriorModel> ps = PlatformTest.priors(data);
        try {
            Platform p = Platform.init(dir.resolve("crash"), settings(3), DataInfo.of(null, data));
            FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
            for (int k = 0; k < 3; k++) {
                new Participant(p, k, fx).optimize(ps.get(k), data);
            }
            // another prior's optimize died after writing its targets: the old report describes other files
            Npy.writeFloat32(p.participantDir(1).resolve("targets.npy"), new float[100 * D], 100, D);
            new Participant(p, 1, fx).optimize(ps.get(1), data); // the same prior as the report: must recompute
            p.align();
            for (int k = 0; k < 3; k++) {
                new Participant(p, k, fx).upload();
            }
            try (OptimizedDataset od = p.merge()) {
                assertEquals(300, od.size());
            }
        } finally {
            ps.forEach(PriorModel::close);
        }
    }

    static Thread started(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }
}
