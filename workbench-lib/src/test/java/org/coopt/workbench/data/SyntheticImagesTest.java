package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {

    static byte[] all(ImageDataset ds) {
        int[] idx = new int[ds.size()];
        Arrays.setAll(idx, i -> i);
        return ImageBatches.gather(ds, idx);
    }

    @Test
    void sameSeedGivesIdenticalBytesOtherSeedOrSplitDoesNot() {
        ArrayImageDataset a = SyntheticImages.generate(50, 3, 12, 5, 7);
        ArrayImageDataset b = SyntheticImages.generate(50, 3, 12, 5, 7);
        assertArrayEquals(all(a), all(b));
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.sha256(), b.sha256());
        assertFalse(Arrays.equals(all(a), all(SyntheticImages.generate(50, 3, 12, 5, 8))));
        assertFalse(Arrays.equals(all(a), all(SyntheticImages.generate(50, 3, 12, 5, 7, Split.TEST))));
        assertEquals(ArrayImageDataset.contentHash(all(a), a.labels()), a.sha256());
    }

    @Test
    void labelsAreBalanced() {
        ArrayImageDataset a = SyntheticImages.generate(100, 1, 8, 4, 1);
        assertArrayEquals(new int[] {25, 25, 25, 25, 0}, DataSummary.histogram(a));
    }

    /**
     * Nearest class mean on raw pixels, class means from the TRAIN split, accuracy on the TEST split:
     * must be far above chance (1/10), which a linear model can then reach too.
     */
    @Test
    void nearestClassMeanSeparatesClassesFarAboveChance() {
        int classes = 10;
        int size = 16;
        int channels = 3;
        ArrayImageDataset train = SyntheticImages.generate(500, channels, size, classes, 42, Split.TRAIN);
        ArrayImageDataset test = SyntheticImages.generate(300, channels, size, classes, 42, Split.TEST);
        int d = channels * size * size;
        double[][] means = new double[classes][d];
        int[] counts = new int[classes];
        byte[] px = new byte[d];
        for (int i = 0; i < train.size(); i++) {
            train.pixels(i, px, 0);
            int k = train.label(i);
            counts[k]++;
            for (int j = 0; j < d; j++) {
                means[k][j] += px[j] & 0xFF;
            }
        }
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < d; j++) {
                means[k][j] /= counts[k];
            }
        }
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            test.pixels(i, px, 0);
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int k = 0; k < classes; k++) {
                double dist = 0;
                for (int j = 0; j < d; j++) {
                    double diff = (px[j] & 0xFF) - means[k][j];
                    dist += diff * diff;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = k;
                }
            }
            if (best == test.label(i)) {
                correct++;
            }
        }
        double acc = (double) correct / test.size();
        System.err.println("synthetic nearest-class-mean accuracy " + acc + " (chance 0.1)");
        assertTrue(acc > 0.8, "nearest-class-mean accuracy " + acc + " (chance 0.1)");
    }
}
