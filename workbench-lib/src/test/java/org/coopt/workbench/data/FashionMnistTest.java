package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real Fashion-MNIST files from the Debian package dataset-fashion-mnist (installed by ./coopt setup). */
class FashionMnistTest {
    static final Path DIR = Path.of(FashionMnist.DEFAULT_DIR);

    static void requireInstalled() {
        assertTrue(FashionMnist.available(DIR), "Fashion-MNIST is missing: " + FashionMnist.INSTALL_HINT);
    }

    @Test
    void trainSplitHas60000ImagesWith6000PerClassAndTheKnownHashes() {
        requireInstalled();
        long t0 = System.nanoTime();
        ImageDataset train = Datasets.load("fashion-mnist", Split.TRAIN);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("Fashion-MNIST train loaded in %.2f s%n", seconds);
        assertEquals(60_000, train.size());
        assertEquals(List.of(1, 28, 28), List.of(train.channels(), train.height(), train.width()));
        assertEquals(FashionMnist.CLASS_NAMES, train.classNames());
        int[] h = DataSummary.histogram(train);
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 0}, h);
        // sha256sum of the Debian package's files (computed once with sha256sum).
        assertEquals("b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7", train.sources().get(0).sha256());
        assertEquals("0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056", train.sources().get(1).sha256());
        assertEquals("65128681544c211e4899a3ecc998c08bf292929f681796ec10f071f817100c54", train.sha256());
        // Published Fashion-MNIST training statistics: mean 0.2860, std 0.3530.
        assertEquals(0.2860, train.mean()[0], 1e-4);
        assertEquals(0.3530, train.std()[0], 1e-4);
        // First training image is an ankle boot (label 9) in the official file.
        assertEquals(9, train.label(0));
        assertTrue(seconds < 10, "loading took " + seconds + " s");
    }

    @Test
    void testSplitHas10000ImagesWith1000PerClassAndTheKnownHashes() {
        requireInstalled();
        ImageDataset test = FashionMnist.load(DIR, Split.TEST);
        assertEquals(10_000, test.size());
        int[] h = DataSummary.histogram(test);
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 0}, h);
        assertEquals("cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa", test.sources().get(0).sha256());
        assertEquals("8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05", test.sources().get(1).sha256());
    }
}
