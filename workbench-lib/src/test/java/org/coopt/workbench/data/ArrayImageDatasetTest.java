package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.util.Hashing;
import org.junit.jupiter.api.Test;

class ArrayImageDatasetTest {

    /** 6 samples of 2×3×4 with distinct pixel values; labels 0,1,2,0,1,2. */
    static ArrayImageDataset tiny() {
        int n = 6;
        byte[] px = new byte[n * 24];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i * 37 + 11) % 256);
        }
        int[] labels = {0, 1, 2, 0, 1, 2};
        return ArrayImageDataset.of("tiny", 2, 3, 4, px, labels, List.of("a", "b", "c"), "abc123", List.of());
    }

    @Test
    void meanAndStdMatchANaiveLoop() {
        ArrayImageDataset ds = tiny();
        byte[] one = new byte[24];
        for (int c = 0; c < 2; c++) {
            double s = 0;
            double s2 = 0;
            int m = 0;
            for (int i = 0; i < ds.size(); i++) {
                ds.pixels(i, one, 0);
                for (int k = 0; k < 12; k++) {
                    double v = (one[c * 12 + k] & 0xFF) / 255.0;
                    s += v;
                    s2 += v * v;
                    m++;
                }
            }
            double mu = s / m;
            assertEquals(mu, ds.mean()[c], 1e-6);
            assertEquals(Math.sqrt(s2 / m - mu * mu), ds.std()[c], 1e-6);
        }
    }

    @Test
    void batchEqualsNaivePerPixelNormalisation() {
        checkBatchAgainstNaive(tiny(), new int[] {4, 0, 4, 2});
        ArrayImageDataset fm = SyntheticImages.generate(20, 3, 8, 4, 5);
        checkBatchAgainstNaive(fm, new int[] {19, 3, 7});
        checkBatchAgainstNaive(fm.subset(new int[] {5, 6, 7, 8}, "s"), new int[] {3, 1});
    }

    static void checkBatchAgainstNaive(ImageDataset ds, int[] idx) {
        int c = ds.channels();
        int h = ds.height();
        int w = ds.width();
        float[] mean = ds.mean();
        float[] std = ds.std();
        try (NDManager m = Engines.get().newBaseManager(Engines.device())) {
            NDArray b = ds.batch(m, idx);
            assertEquals(new Shape(idx.length, c, h, w), b.getShape());
            assertEquals(DataType.FLOAT32, b.getDataType());
            float[] got = b.toFloatArray();
            byte[] one = new byte[c * h * w];
            for (int n = 0; n < idx.length; n++) {
                ds.pixels(idx[n], one, 0);
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < h * w; k++) {
                        float expected = ((one[ch * h * w + k] & 0xFF) / 255f - mean[ch]) / std[ch];
                        assertEquals(expected, got[n * c * h * w + ch * h * w + k], 1e-5);
                    }
                }
            }
            NDArray l = ds.labels(m, idx);
            assertEquals(DataType.INT64, l.getDataType());
            long[] labels = l.toLongArray();
            for (int n = 0; n < idx.length; n++) {
                assertEquals(ds.label(idx[n]), labels[n]);
            }
        }
    }

    @Test
    void subsetIsAViewInIndexOrderWithParentStatistics() {
        ArrayImageDataset ds = tiny();
        int[] idx = {5, 1, 1};
        ImageDataset sub = ds.subset(idx, "sub");
        assertEquals("sub", sub.name());
        assertEquals(3, sub.size());
        assertArrayEquals(new int[] {2, 1, 1}, sub.labels());
        byte[] a = new byte[24];
        byte[] b = new byte[24];
        sub.pixels(0, a, 0);
        ds.pixels(5, b, 0);
        assertArrayEquals(b, a);
        assertArrayEquals(ds.mean(), sub.mean());
        assertArrayEquals(ds.std(), sub.std());
        assertEquals(ds.classNames(), sub.classNames());
        // sha256 = SHA-256(parent hash + ":" + indices)
        assertEquals(Hashing.sha256("abc123:5,1,1".getBytes(StandardCharsets.UTF_8)), sub.sha256());
        assertNotEquals(sub.sha256(), ds.subset(new int[] {1, 5, 1}, "x").sha256());
        // a subset of a subset maps through both index lists
        ImageDataset sub2 = sub.subset(new int[] {2, 0}, "sub2");
        assertArrayEquals(new int[] {1, 2}, sub2.labels());
        sub2.pixels(1, a, 0);
        assertArrayEquals(b, a);
        assertEquals(Hashing.sha256((sub.sha256() + ":2,0").getBytes(StandardCharsets.UTF_8)), sub2.sha256());
        // idx was copied: changing the caller's array does not change the view
        idx[0] = 0;
        assertEquals(2, sub.label(0));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(new int[] {6}, "bad"));
    }

    @Test
    void constructorRejectsInconsistentData() {
        assertThrows(IllegalArgumentException.class, () -> ArrayImageDataset.of("x", 1, 2, 2, new byte[7],
                new int[] {0, 1}, List.of("a", "b"), "h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ArrayImageDataset.of("x", 1, 2, 2, new byte[8],
                new int[] {0, 2}, List.of("a", "b"), "h", List.of()));
        ArrayImageDataset ok = ArrayImageDataset.of("x", 1, 2, 2, new byte[8], new int[] {0, -1}, List.of("a", "b"), "h",
                List.of());
        assertEquals(-1, ok.label(1));
        // a constant channel gets std 1 rather than a division by zero
        assertEquals(1f, ok.std()[0]);
        ArrayImageDataset renorm = ok.withNormalisation(new float[] {0.5f}, new float[] {0.25f});
        assertEquals(0.5f, renorm.mean()[0]);
        assertEquals(ok.sha256(), renorm.sha256());
    }
}
