package org.coopt.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.SyntheticImages;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.prior.BlockPrior;
import org.coopt.workbench.prior.RandomPrior;
import org.junit.jupiter.api.Test;

/** The one monitor gives what its scorer computes on the backbone's features, for both scorers. */
class FeatureMonitorTest {
    @Test
    void knnAndProbeScorersMatchTheDirectComputation() {
        ImageDataset train = SyntheticImages.generate(120, 1, 16, 4, 1);
        ImageDataset test = SyntheticImages.generate(60, 1, 16, 4, 2);
        try (BlockPrior random = RandomPrior.create(new ArchSpec("convnet", 8, 1, 16), 3)) {
            FeatureMatrix ftr = BlockFeatures.extract(random.block(), train);
            FeatureMatrix fte = BlockFeatures.extract(random.block(), test);
            int[] ytr = BlockFeatures.labels(train);
            int[] yte = BlockFeatures.labels(test);
            KnnClassifier knn = KnnClassifier.defaults();
            FeatureMonitor k = FeatureMonitor.knn(train, test, knn);
            assertEquals("knn" + knn.k(), k.kind());
            assertEquals(knn.accuracy(ftr, ytr, fte, yte), k.evaluate(random.block(), 1), 1e-12);
            ProbeSettings ps = ProbeSettings.defaults().withEpochs(5).withSeed(9);
            FeatureMonitor p = FeatureMonitor.probe(train, test, ps);
            assertEquals("probe5", p.kind());
            assertEquals(LinearProbe.fit(ftr, ytr, fte, yte, ps).accuracy(), p.evaluate(random.block(), 1), 1e-12);
        }
    }
}
