package org.coopt.workbench.coopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopt.workbench.coopt.ProtocolMessages.Manifest;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.Features;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.UserInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every artifact the platform reuses is checked against the hash recorded when it was written (planted truth: the
 * bytes of a correct merge, then a flipped byte, a truncation, NaN targets with a matching manifest, a changed
 * upload, a changed feature-cache entry): a damaged one is rebuilt from valid inputs or refused in one line, never
 * returned.
 */
class ReusedArtifactsTest {
    @TempDir
    Path dir;

    Platform p;
    byte[] goodTargets;

    @BeforeEach
    void mergedPlatform() throws IOException {
        ImageDataset data = PlatformTest.data();
        List<PriorModel> ps = PlatformTest.priors(data);
        try {
            p = Platform.init(dir.resolve("plat"), PlatformFaultsTest.settings(3), DataInfo.of(null, data));
            FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
            for (int k = 0; k < 3; k++) {
                new Participant(p, k, fx).optimize(ps.get(k), data);
            }
            p.align();
            for (int k = 0; k < 3; k++) {
                new Participant(p, k, fx).upload();
            }
        } finally {
            ps.forEach(PriorModel::close);
        }
        p.merge().close();
        goodTargets = Files.readAllBytes(targets());
    }

    Path targets() {
        return p.mergedDir().resolve("targets.npy");
    }

    static void flipByte(Path f, long at) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(at);
            int b = r.read();
            r.seek(at);
            r.write(b ^ 0x01);
        }
    }

    @Test
    void aMergeOverADamagedMergedFolderRebuildsItFromTheUploads() throws IOException {
        flipByte(targets(), goodTargets.length - 3); // one bit of the last target value
        assertTrue(OptimizedDataset.damage(p.mergedDir()).contains("does not match the SHA-256"));
        try (OptimizedDataset od = Platform.open(p.dir()).merge()) {
            assertEquals(300, od.size());
        }
        assertArrayEquals(goodTargets, Files.readAllBytes(targets()), "rebuilt bit for bit");
        assertNull(OptimizedDataset.damage(p.mergedDir()));

        try (RandomAccessFile r = new RandomAccessFile(targets().toFile(), "rw")) {
            r.setLength(goodTargets.length / 2); // truncated
        }
        Platform.open(p.dir()).merge().close();
        assertArrayEquals(goodTargets, Files.readAllBytes(targets()));
    }

    @Test
    void nonFiniteTargetsAreRefusedEvenWhenTheManifestWasRewrittenToMatch() throws IOException {
        float[] nan = new float[300 * PlatformFaultsTest.D];
        java.util.Arrays.fill(nan, Float.NaN);
        Npy.writeFloat32(targets(), nan, 300, PlatformFaultsTest.D);
        Path json = p.mergedDir().resolve("manifest.json");
        Manifest m = Json.read(json, Manifest.class);
        Json.write(json, new Manifest(m.format(), m.source(), m.size(), m.dim(), m.alignment(), m.reference(), m.solver(),
                m.lambda(), m.sharedSize(), m.sharedFraction(), m.participants(), m.seeds(), m.versions(), m.round(),
                Hashing.sha256(targets()), m.idsSha256(), m.created(), m.uploadsSha256()));
        UserInputException e = assertThrows(UserInputException.class, () -> OptimizedDataset.open(p.mergedDir()));
        assertTrue(e.getMessage().contains("NaN at row 0, column 0; every target must be finite"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // merge does not hand it back either: the uploads are valid, so it merges them again
        Platform.open(p.dir()).merge().close();
        assertArrayEquals(goodTargets, Files.readAllBytes(targets()));
    }

    /** Planted: participant 2's upload turned to NaN with its upload.json rewritten to match (a forged upload). */
    @Test
    void aMergeRefusesAnUploadWithNonFiniteTargetsAndKeepsTheGoodMergedFolder() throws IOException {
        Path up = p.uploadDir(2).resolve("targets.npy");
        long rows;
        int cols;
        try (MappedNpy m = Npy.mapMatrix(up, "targets")) {
            rows = m.rows();
            cols = m.cols();
        }
        float[] nan = new float[(int) rows * cols];
        java.util.Arrays.fill(nan, Float.NaN);
        Npy.writeFloat32(up, nan, (int) rows, cols);
        Path json = p.uploadDir(2).resolve("upload.json");
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        o.addProperty("targetsSha256", Hashing.sha256(up));
        Files.writeString(json, o.toString());
        // a new round's merge (the manifest's round differs, so the old merged/ is not simply handed back)
        UserInputException e = assertThrows(UserInputException.class, () -> new Merger(Platform.open(p.dir())).merge(1));
        assertTrue(e.getMessage().startsWith("upload of participant 2 refused: target row 0 (id 9) holds NaN"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(goodTargets, Files.readAllBytes(targets()), "the good merged/ is kept");
    }

    @Test
    void anUploadChangedAfterUploadIsNotReturnedAgain() throws IOException {
        flipByte(p.uploadDir(1).resolve("targets.npy"), 200);
        UserInputException e = assertThrows(UserInputException.class,
                () -> new Participant(p, 1, new FeatureExtractor(dir.resolve("cache"), 64)).upload());
        assertTrue(e.getMessage().contains("does not match the SHA-256 recorded in its upload.json"), e.getMessage());
        assertThrows(UploadRejectedException.class, () -> Platform.open(p.dir()).merge());
    }

    @Test
    void aChangedFeatureCacheEntryIsComputedAgainNotReused() throws IOException {
        ImageDataset data = PlatformTest.data();
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache2"), 64);
        List<PriorModel> ps = PlatformTest.priors(data);
        try {
            PriorModel prior = ps.get(1);
            Features first = fx.extract(prior, data);
            byte[] good = Files.readAllBytes(first.file());
            assertTrue(fx.extract(prior, data).cached(), "an intact entry is reused");
            flipByte(first.file(), good.length - 2);
            Features again = fx.extract(prior, data);
            assertFalse(again.cached(), "a changed entry is recomputed");
            assertArrayEquals(good, Files.readAllBytes(again.file()));
        } finally {
            ps.forEach(PriorModel::close);
        }
    }
}
