package org.coopt.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.engine.Engines;
import org.junit.jupiter.api.Test;
import smile.classification.LogisticRegression;

class LinearProbeTest {

    /** Normalised raw pixels of the first n images as features. */
    private static FeatureMatrix pixels(ImageDataset d, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        try (NDManager m = Engines.get().newBaseManager()) {
            NDArray x = d.batch(m, idx).reshape(n, -1);
            return new FeatureMatrix(n, (int) x.getShape().get(1), x.toFloatArray());
        }
    }

    private static int[] labels(ImageDataset d, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = d.label(i);
        }
        return y;
    }

    @Test
    void probeOnRawFashionMnistPixelsMatchesMultinomialLogisticRegression() {
        ImageDataset train = Datasets.load("fashion-mnist", Split.TRAIN);
        ImageDataset test = Datasets.load("fashion-mnist", Split.TEST);
        int ntr = 2000;
        int nte = 1000;
        FeatureMatrix xtr = pixels(train, ntr);
        FeatureMatrix xte = pixels(test, nte);
        int[] ytr = labels(train, ntr);
        int[] yte = labels(test, nte);

        ProbeResult probe = LinearProbe.fit(xtr, ytr, xte, yte, ProbeSettings.defaults().withEpochs(40));

        double[][] dtr = new double[ntr][xtr.dim()];
        for (int i = 0; i < ntr; i++) {
            for (int j = 0; j < xtr.dim(); j++) {
                dtr[i][j] = xtr.get(i, j);
            }
        }
        LogisticRegression.Multinomial lr = LogisticRegression.multinomial(dtr, ytr, 0.1, 1e-5, 200);
        int correct = 0;
        double[] row = new double[xte.dim()];
        for (int i = 0; i < nte; i++) {
            for (int j = 0; j < xte.dim(); j++) {
                row[j] = xte.get(i, j);
            }
            if (lr.predict(row) == yte[i]) {
                correct++;
            }
        }
        double reference = (double) correct / nte;
        System.err.printf(java.util.Locale.ROOT, "[probe-test] raw pixels, %d train / %d test: probe %.4f ± %.4f, "
                + "smile multinomial logistic regression %.4f%n", ntr, nte, probe.accuracy(), probe.std(), reference);
        assertTrue(reference > 0.7, "smile reference " + reference);
        assertEquals(reference, probe.accuracy(), 0.03,
                "probe " + probe.accuracy() + " ± " + probe.std() + " vs logistic regression " + reference);
        assertEquals(40, probe.epochAccuracy().length);
    }

    @Test
    void reportedAccuracyIsTheMeanOfTheLastThreeEpochs() {
        ImageDataset train = Datasets.load("fashion-mnist", Split.TRAIN);
        FeatureMatrix x = pixels(train, 300);
        int[] y = labels(train, 300);
        ProbeResult r = LinearProbe.fit(x, y, x, y, ProbeSettings.defaults().withEpochs(6));
        double[] a = r.epochAccuracy();
        double mean = (a[3] + a[4] + a[5]) / 3;
        double std = Math.sqrt(((a[3] - mean) * (a[3] - mean) + (a[4] - mean) * (a[4] - mean)
                + (a[5] - mean) * (a[5] - mean)) / 3);
        assertEquals(mean, r.accuracy(), 1e-12);
        assertEquals(std, r.std(), 1e-12);
    }
}
