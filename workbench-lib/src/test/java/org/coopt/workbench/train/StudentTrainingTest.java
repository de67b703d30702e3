package org.coopt.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.coopt.workbench.augment.AugmentSettings;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.coopt.ProtocolMessages.Manifest;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentTrainingTest {

    @Test
    void trainsOnAnOptimizedDatasetFolderInIdOrder(@TempDir Path dir) throws Exception {
        ArrayImages source = ArrayImages.planted(200, 1, 8, 4, 21);
        // the optimized dataset covers samples 199, 197, ..., 1 (odd ids, reversed); target = one-hot of the label
        int n = 100;
        long[] ids = new long[n];
        float[][] targets = new float[n][4];
        for (int r = 0; r < n; r++) {
            ids[r] = 199 - 2L * r;
            targets[r][source.label((int) ids[r])] = 1;
        }
        Npy.writeInt64(dir.resolve("ids.npy"), ids);
        Npy.writeFloat32(dir.resolve("targets.npy"), targets);
        Json.write(dir.resolve("manifest.json"), new Manifest(Manifest.FORMAT, null, n, 4, null, 0, "ridge", 0.0, 0, 0,
                List.of(), Map.of(), Map.of(), 0, "", "", Instant.now(), null));
        try (OptimizedDataset od = OptimizedDataset.open(dir);
             NDManager keep = Engines.get().newBaseManager()) {
            ImageDataset images = StudentTraining.images(od, source);
            assertEquals(n, images.size());
            byte[] a = new byte[64];
            byte[] b = new byte[64];
            images.pixels(3, a, 0);
            source.pixels(199 - 6, b, 0);
            assertArrayEquals(b, a, "row 3 of the optimized dataset is sample ids[3]");
            TrainSettings s = TrainSettings.defaults(20).withBatchSize(20).withLogEvery(0)
                    .withViews(AugmentSettings.none(), AugmentSettings.none());
            StudentTraining.Result r = StudentTraining.train(od, source, "convnet", 4, s, 3, null, keep);
            assertEquals(100, r.curve().last().step());
            assertTrue(r.curve().last().loss() < 0.7 * r.curve().points().get(0).loss(),
                    "the loss must fall on targets that are a function of the image: " + r.curve().toCsv());
            assertTrue(Files.notExists(dir.resolve("nothing-written-here")));
        }
    }
}
