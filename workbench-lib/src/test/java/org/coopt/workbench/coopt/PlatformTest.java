package org.coopt.workbench.coopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.SyntheticImages;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformTest {
    @TempDir
    Path dir;

    static final int K = 3;
    static final int D = 16;

    static ImageDataset data() {
        return SyntheticImages.generate(300, 1, 16, 4, 5);
    }

    static PlatformSettings settings() {
        return PlatformSettings.defaults(K).withDim(D).withSeed(42);
    }

    static List<PriorModel> priors(ImageDataset d) throws IOException {
        List<PriorModel> ps = new ArrayList<>();
        ps.add(Priors.open("random:convnet:8:1", d));
        ps.add(Priors.open("random:convnet:8:2", d));
        ps.add(Priors.open("human", d));
        return ps;
    }

    @Test
    void partitionIsDisjointNearEqualAndSeeded() {
        Partition p = Partition.random(103, 4, 10, 1, 2);
        assertArrayEquals(new int[] {26, 26, 26, 25}, p.info().subsetSizes());
        boolean[] seen = new boolean[103];
        for (int[] s : p.subsets()) {
            for (int i = 0; i < s.length; i++) {
                assertFalse(seen[s[i]], "disjoint");
                seen[s[i]] = true;
                assertTrue(i == 0 || s[i] > s[i - 1], "sorted");
            }
        }
        for (boolean b : seen) {
            assertTrue(b, "covers D");
        }
        assertEquals(10, Arrays.stream(p.shared()).distinct().count());
        assertArrayEquals(p.subsets()[2], Partition.random(103, 4, 10, 1, 2).subsets()[2], "seeded");
        assertFalse(Arrays.equals(p.subsets()[2], Partition.random(103, 4, 10, 9, 2).subsets()[2]));
        assertTrue(assertThrows(UserInputException.class, () -> Partition.random(5, 6, 1, 1, 1)).getMessage()
                .contains("K <= 5"));
        PlatformSettings s = PlatformSettings.defaults(2);
        assertEquals(500, s.sharedSize(1_000_000), "0.05% of 1M");
        assertEquals(256, s.sharedSize(60_000), "at least 2·d");
        assertEquals(100, s.sharedSize(100), "at most N");
    }

    /** Merged targets = Y_k T_k with Y = f_k(D_k) P_k and T_k the ridge solution against the best prior. */
    @Test
    void simulationMatchesTheStepsComputedByHand() throws IOException {
        ImageDataset data = data();
        List<PriorModel> ps = priors(data);
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
        try (OptimizedDataset od = Simulation.run(dir.resolve("platform"), settings(), data, null, ps, fx).dataset();
             NDManager m = NDManager.newBaseManager(Engines.device())) {
            Platform platform = Platform.open(dir.resolve("platform"));
            Partition part = platform.partition();
            assertEquals(300, od.size());
            assertEquals(D, od.dim());
            assertArrayEquals(java.util.stream.LongStream.range(0, 300).toArray(), od.ids());
            double[] u = new double[K];
            NDArray[] ys = new NDArray[K];
            NDArray[] y = new NDArray[K];
            for (int k = 0; k < K; k++) {
                NDArray fs = ps.get(k).extract(m, data, part.shared());
                u[k] = new Uniformity(platform.settings().uniformity(platform.uniformitySeed())).value(fs);
                JlProjection proj = new JlProjection(ps.get(k).outputDim(), D, platform.projectionSeed(k));
                ys[k] = proj.apply(fs);
                y[k] = proj.apply(ps.get(k).extract(m, data, part.subsets()[k]));
            }
            int b = Alignment.Choice.BEST.pick(u);
            assertEquals(b, od.manifest().reference());
            for (int k = 0; k < K; k++) {
                assertEquals(u[k], od.manifest().participants().get(k).uniformity(), 1e-5);
                NDArray want = k == b ? y[k] : y[k].matMul(new RidgeAligner().fit(ys[k], ys[b]));
                NDArray got = od.targets(m, part.subsets()[k]);
                assertTrue(want.sub(got).abs().max().getFloat() < 1e-3 * Math.max(1, want.abs().max().getFloat()),
                        "participant " + k);
            }
            assertEquals("human", od.manifest().participants().get(2).priorKind());
            assertEquals(data.sha256(), od.manifest().source().sha256());
            assertEquals("merged", platform.status().platform());
            assertTrue(Files.isRegularFile(od.dir().resolve("provenance.json")));
            // re-running every step is a no-op: same report, same upload, nothing duplicated
            for (int k = 0; k < K; k++) {
                Participant p = new Participant(platform, k, fx);
                UploadInfo before = Json.read(platform.uploadDir(k).resolve("upload.json"), UploadInfo.class);
                assertEquals(p.report(), p.optimize(ps.get(k), data));
                assertEquals(before, p.upload());
            }
            try (Stream<Path> s = Files.list(platform.dir().resolve("uploads"))) {
                assertEquals(List.of("p000", "p001", "p002"), s.map(q -> q.getFileName().toString()).sorted().toList());
            }
        } finally {
            ps.forEach(PriorModel::close);
        }
    }

    @Test
    void alignmentNoneKeepsTheProjectedTargets() throws IOException {
        ImageDataset data = data();
        List<PriorModel> ps = priors(data);
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
        try (OptimizedDataset od = Simulation.run(dir.resolve("none"), settings().withAlignment(Alignment.Choice.NONE),
                data, null, ps, fx).dataset()) {
            Platform platform = Platform.open(dir.resolve("none"));
            assertEquals(-1, od.manifest().reference());
            for (int k = 0; k < K; k++) {
                float[] own = Npy.readFloat32(platform.participantDir(k).resolve("targets.npy")).data();
                int[] ids = platform.partition().subsets()[k];
                float[] row = new float[D];
                od.targets().row(ids[ids.length - 1], row);
                assertArrayEquals(Arrays.copyOfRange(own, own.length - D, own.length), row);
            }
        } finally {
            ps.forEach(PriorModel::close);
        }
    }

    // ------------------------------------------------------------------ refused uploads

    /** Rewrites participant p's upload through {@code edit} and re-records the hashes, as a faulty client would. */
    static void forge(Platform platform, int p, Consumer<long[][]> editIds, java.util.function.UnaryOperator<Npy.FloatMatrix> editTargets)
            throws IOException {
        Path up = platform.uploadDir(p);
        long[][] ids = {Npy.readInt64(up.resolve("ids.npy"))};
        editIds.accept(ids);
        Npy.writeInt64(up.resolve("ids.npy"), ids[0]);
        Npy.FloatMatrix t = editTargets.apply(Npy.readFloat32(up.resolve("targets.npy")));
        Npy.writeFloat32(up.resolve("targets.npy"), t.data(), t.rows(), t.cols());
        UploadInfo i = Json.read(up.resolve("upload.json"), UploadInfo.class);
        Json.write(up.resolve("upload.json"), new UploadInfo(i.participant(), i.priorId(), i.priorKind(), i.priorHash(),
                i.uniformity(), i.featureDim(), i.projectionSeed(), t.rows(), t.cols(), i.reference(), i.solver(),
                i.alignmentLoss(), Hashing.sha256(up.resolve("targets.npy")), Hashing.sha256(up.resolve("ids.npy")),
                i.uploaded(), i.alignSeconds(), i.referenceSha256()));
    }

    static Npy.FloatMatrix dropLast(Npy.FloatMatrix t) {
        return new Npy.FloatMatrix(Arrays.copyOf(t.data(), t.data().length - t.cols()), t.rows() - 1, t.cols());
    }

    @Test
    void everyFaultyUploadIsRefusedNamingParticipantAndFault() throws IOException {
        ImageDataset data = data();
        List<PriorModel> ps = priors(data);
        Path base = dir.resolve("base");
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
        Simulation.run(base, settings(), data, null, ps, fx).close();
        ps.forEach(PriorModel::close);
        Platform b = Platform.open(base);
        int otherId = b.partition().subsets()[0][0];

        record Fault(String name, String expected, Fault.Edit edit) {
            interface Edit {
                void apply(Platform p) throws IOException;
            }
        }
        List<Fault> faults = List.of(
                new Fault("id outside the subset", "is not in its subset (it belongs to participant 0)",
                        p -> forge(p, 1, ids -> ids[0][3] = otherId, t -> t)),
                new Fault("id out of range", "id 300 (row 0) is not in its subset",
                        p -> forge(p, 1, ids -> ids[0][0] = 300, t -> t)),
                new Fault("duplicate id", "appears more than once",
                        p -> forge(p, 1, ids -> ids[0][1] = ids[0][0], t -> t)),
                new Fault("incomplete coverage", "samples; every sample of the subset needs a target",
                        p -> forge(p, 1, ids -> ids[0] = Arrays.copyOf(ids[0], ids[0].length - 1), PlatformTest::dropLast)),
                new Fault("ids and targets differ in length", "target rows (shape mismatch)",
                        p -> forge(p, 1, ids -> { }, PlatformTest::dropLast)),
                new Fault("wrong d", "the platform's d is 16",
                        p -> forge(p, 1, ids -> { }, t -> new Npy.FloatMatrix(Arrays.copyOf(t.data(), t.rows() * 8), t.rows(), 8))),
                new Fault("NaN", "holds NaN; every value must be finite",
                        p -> forge(p, 1, ids -> { }, t -> {
                            t.data()[5 * D + 2] = Float.NaN;
                            return t;
                        })),
                new Fault("infinite", "holds Infinity",
                        p -> forge(p, 1, ids -> { }, t -> {
                            t.data()[0] = Float.POSITIVE_INFINITY;
                            return t;
                        })),
                new Fault("changed after upload", "do not match the SHA-256",
                        p -> Npy.writeInt64(p.uploadDir(1).resolve("ids.npy"), new long[] {1, 2})),
                new Fault("wrong dtype", "must be a float32",
                        p -> {
                            Path f = p.uploadDir(1).resolve("targets.npy");
                            Npy.writeInt64(f, new long[] {1, 2});
                            UploadInfo i = Json.read(p.uploadDir(1).resolve("upload.json"), UploadInfo.class);
                            Json.write(p.uploadDir(1).resolve("upload.json"), new UploadInfo(1, i.priorId(), i.priorKind(),
                                    i.priorHash(), i.uniformity(), i.featureDim(), i.projectionSeed(), 2, D, i.reference(),
                                    i.solver(), i.alignmentLoss(), Hashing.sha256(f), i.idsSha256(), i.uploaded(),
                                    i.alignSeconds(), i.referenceSha256()));
                        }),
                new Fault("missing upload", "nothing uploaded",
                        p -> AtomicFiles.deleteTree(p.uploadDir(1))));
        for (Fault f : faults) {
            Path copy = dir.resolve("fault-" + f.name().replace(' ', '-'));
            copyTree(base, copy);
            Platform p = Platform.open(copy);
            AtomicFiles.deleteTree(p.mergedDir());
            f.edit().apply(p);
            UploadRejectedException e = assertThrows(UploadRejectedException.class, p::merge, f.name());
            assertEquals(1, e.participant(), f.name());
            assertTrue(e.getMessage().startsWith("upload of participant 1 refused: "), e.getMessage());
            assertTrue(e.getMessage().contains(f.expected()), f.name() + ": " + e.getMessage());
            assertFalse(Files.exists(p.mergedDir()), "nothing merged after a refusal: " + f.name());
            try (Stream<Path> s = Files.list(copy)) {
                assertTrue(s.noneMatch(q -> q.getFileName().toString().startsWith(".merged")), "no temp left");
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> w = Files.walk(from)) {
            for (Path src : w.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
    }
}
