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

        ProbeResult probe = LinearProbe.fit(xtr, ytr, xte, yte, ProbeSettings.defaults().withEpochs(40).withPlateau(5, 0));

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
        ProbeResult r = LinearProbe.fit(x, y, x, y, ProbeSettings.defaults().withEpochs(6).withPlateau(5, 0));
        double[] a = r.epochAccuracy();
        double mean = (a[3] + a[4] + a[5]) / 3;
        double std = Math.sqrt(((a[3] - mean) * (a[3] - mean) + (a[4] - mean) * (a[4] - mean)
                + (a[5] - mean) * (a[5] - mean)) / 3);
        assertEquals(mean, r.accuracy(), 1e-12);
        assertEquals(std, r.std(), 1e-12);
    }

    @Test
    void standardizerUsesTheTrainStatisticsOnBothSplits() {
        // columns: (1, 2, 3) → μ 2, σ √(2/3); (5, 5, 5) constant → only centred
        FeatureMatrix train = new FeatureMatrix(3, 2, new float[] {1, 5, 2, 5, 3, 5});
        Standardizer z = Standardizer.fit(train);
        assertEquals(2, z.mean()[0], 1e-12);
        assertEquals(Math.sqrt(2.0 / 3), z.std()[0], 1e-12);
        assertEquals(5, z.mean()[1], 1e-12);
        assertEquals(1, z.std()[1], 1e-12);
        FeatureMatrix t = z.apply(new FeatureMatrix(1, 2, new float[] {4, 7}));
        assertEquals((4 - 2) / Math.sqrt(2.0 / 3), t.get(0, 0), 1e-6);
        assertEquals(2, t.get(0, 1), 1e-6);
    }

    @Test
    void standardisingMakesTheProbeScaleInvariant() {
        ImageDataset train = Datasets.load("fashion-mnist", Split.TRAIN);
        FeatureMatrix x = pixels(train, 400);
        int[] y = labels(train, 400);
        float[] scaled = x.values().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = scaled[i] * 1000 + 50;
        }
        FeatureMatrix xs = new FeatureMatrix(x.n(), x.dim(), scaled);
        ProbeSettings s = ProbeSettings.defaults().withEpochs(5).withPlateau(5, 0);
        assertEquals(LinearProbe.fit(x, y, x, y, s).accuracy(), LinearProbe.fit(xs, y, xs, y, s).accuracy(), 0.01);
    }

    @Test
    void stopsOnceTheLossPlateausAndReportsTrainLossAndAccuracy() {
        ImageDataset train = Datasets.load("fashion-mnist", Split.TRAIN);
        FeatureMatrix x = pixels(train, 300);
        int[] y = labels(train, 300);
        // tolerance 0.99: any epoch whose loss fell by less than 99% over 2 epochs is a plateau → stops after epoch 3
        ProbeResult flat = LinearProbe.fit(x, y, x, y, ProbeSettings.defaults().withEpochs(50).withPlateau(2, 0.99));
        assertEquals(3, flat.epochsRun());
        assertEquals(3, flat.epochLoss().length);
        assertTrue(flat.converged());
        double[] l = flat.epochLoss();
        assertTrue(l[0] - l[2] < 0.99 * l[0]);
        // an unreachable tolerance never stops early and says so
        ProbeResult capped = LinearProbe.fit(x, y, x, y, ProbeSettings.defaults().withEpochs(4).withPlateau(1, 1e-9));
        assertEquals(4, capped.epochsRun());
        assertTrue(capped.trainLoss() > 0 && capped.trainLoss() < l[2] + 1, "train loss " + capped.trainLoss());
        assertTrue(capped.trainAccuracy() > 0.5, "train accuracy " + capped.trainAccuracy());
    }
}
