package org.coopt.workbench.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import java.util.Random;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.train.ArrayImages;
import org.junit.jupiter.api.Test;

/** The weighted kNN probe against a naive loop over test and bank samples. */
class KnnMonitorTest {

    static ArrayImages random(int n, int classes, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 36];
        r.nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
        }
        return new ArrayImages(px, labels, 1, 6, 6, classes);
    }

    /** Naive weighted kNN on the normalised pixels (the identity "backbone"). */
    static double naive(ImageDataset bank, ImageDataset test, int k, double t) {
        double[][] b = unitRows(bank);
        double[][] q = unitRows(test);
        int correct = 0;
        for (int i = 0; i < q.length; i++) {
            double[] sims = new double[b.length];
            Integer[] order = new Integer[b.length];
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int d = 0; d < q[i].length; d++) {
                    s += q[i][d] * b[j][d];
                }
                sims[j] = s;
                order[j] = j;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(sims[y], sims[x]));
            double[] votes = new double[bank.numClasses()];
            for (int n = 0; n < k; n++) {
                votes[bank.label(order[n])] += Math.exp(sims[order[n]] / t);
            }
            int best = 0;
            for (int c = 1; c < votes.length; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            if (best == test.label(i)) {
                correct++;
            }
        }
        return (double) correct / q.length;
    }

    static double[][] unitRows(ImageDataset ds) {
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            float[] flat = ds.batch(m, KnnMonitor.range(0, ds.size())).toFloatArray();
            int d = flat.length / ds.size();
            double[][] out = new double[ds.size()][d];
            for (int i = 0; i < ds.size(); i++) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += (double) flat[i * d + j] * flat[i * d + j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) {
                    out[i][j] = flat[i * d + j] / norm;
                }
            }
            return out;
        }
    }

    @Test
    void weightedKnnMatchesNaiveLoop() {
        ImageDataset bank = random(300, 4, 1);
        ImageDataset test = random(700, 4, 2);   // more than one chunk of 512
        Block identity = Blocks.batchFlattenBlock();
        double got = new KnnMonitor(bank, test, 7, 0.07f).accuracy(identity);
        assertEquals(naive(bank, test, 7, 0.07), got, 1e-12);
        assertEquals("knn7", new KnnMonitor(bank, test, 7, 0.07f).kind());
    }

    @Test
    void plantedClassesAreFoundAndChanceIsNot() {
        Block identity = Blocks.batchFlattenBlock();
        double planted = new KnnMonitor(ArrayImages.planted(200, 1, 8, 4, 1), ArrayImages.planted(100, 1, 8, 4, 2))
                .accuracy(identity);
        assertTrue(planted > 0.9, "planted classes: " + planted);
        double chance = new KnnMonitor(random(200, 4, 3), random(400, 4, 4)).accuracy(identity);
        assertTrue(chance < 0.4, "random labels: " + chance);
    }
}
