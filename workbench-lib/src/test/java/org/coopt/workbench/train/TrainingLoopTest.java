package org.coopt.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.coopt.workbench.augment.AugmentSettings;
import org.coopt.workbench.eval.BlockFeatures;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.nn.ConvNet;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    @Test
    void noNativeArrayGrowthOverAThousandSteps() {
        ArrayImages data = ArrayImages.planted(64, 3, 8, 4, 1);
        float[][] targets = new float[64][6];
        Random r = new Random(2);
        for (float[] t : targets) {
            for (int j = 0; j < t.length; j++) {
                t[j] = (float) r.nextGaussian();
            }
        }
        TrainSettings s = TrainSettings.defaults(125).withBatchSize(8).withLogEvery(0)
                .withViews(AugmentSettings.rela(), AugmentSettings.byolView2());
        List<Integer> counts = new ArrayList<>();
        try (TrainingLoop loop = new TrainingLoop(new StudentObjective(ConvNet.backbone(4, 2), 6), s, new Shape(3, 8, 8))) {
            EpochMonitor counter = new EpochMonitor() {
                @Override
                public String kind() {
                    return "arrays";
                }

                @Override
                public double evaluate(Block backbone, int epoch) {
                    counts.add(loop.manager().getManagedArrays().size());
                    return 0;
                }
            };
            TrainingCurve curve = loop.fit(data, TargetSource.inMemory(targets), 7, counter);
            assertEquals(1000, curve.last().step());
        }
        // after the first epoch the optimizer state exists; from then on nothing may accumulate
        assertEquals(counts.get(1), counts.get(counts.size() - 1), "arrays on the loop's manager: " + counts);
    }

    @Test
    void studentOnPlantedLinearTargetsLearnsUsefulFeatures() {
        int n = 512;
        int size = 12;
        ArrayImages data = ArrayImages.planted(n, 1, size, 4, 11);
        ArrayImages test = ArrayImages.planted(256, 1, size, 4, 12);
        // targets y = P·x from a planted random linear map of the (normalised) pixels
        int d = 16;
        int per = size * size;
        Random r = new Random(3);
        float[][] p = new float[d][per];
        for (float[] row : p) {
            for (int j = 0; j < per; j++) {
                row[j] = (float) (r.nextGaussian() / Math.sqrt(per));
            }
        }
        float[][] y = new float[n][d];
        byte[] px = new byte[per];
        for (int i = 0; i < n; i++) {
            data.pixels(i, px, 0);
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int j = 0; j < per; j++) {
                    s += p[k][j] * (((px[j] & 0xff) / 255.0 - 0.5) / 0.25);
                }
                y[i][k] = (float) s;
            }
        }
        TrainSettings s = TrainSettings.defaults(10).withBatchSize(16).withLogEvery(0)
                .withViews(AugmentSettings.rela(), AugmentSettings.rela());
        Block backbone = ConvNet.backbone(8, 2);
        try (ai.djl.ndarray.NDManager keep = org.coopt.workbench.engine.Engines.get().newBaseManager()) {
            try (TrainingLoop loop = new TrainingLoop(new StudentObjective(backbone, d), s, new Shape(1, size, size), keep)) {
                TrainingCurve curve = loop.fit(data, TargetSource.inMemory(y), 5, null);
                assertEquals(320, curve.last().step());
                assertTrue(curve.last().loss() < curve.points().get(0).loss(), curve.toCsv());
            }
            FeatureMatrix ftr = BlockFeatures.extract(backbone, data);
            FeatureMatrix fte = BlockFeatures.extract(backbone, test);
            ProbeResult res = LinearProbe.fit(ftr, BlockFeatures.labels(data), fte, BlockFeatures.labels(test),
                    ProbeSettings.defaults().withEpochs(30).withLearningRate(1e-3));
            assertTrue(res.accuracy() > 0.6, "probe accuracy " + res.accuracy() + " (chance 0.25)");
        }
    }
}
