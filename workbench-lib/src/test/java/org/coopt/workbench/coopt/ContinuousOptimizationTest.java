package org.coopt.workbench.coopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.SyntheticImages;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContinuousOptimizationTest {
    @TempDir
    Path dir;

    @Test
    void eachSubsetKeepsThePriorWithTheBetterUniformity() throws Exception {
        ImageDataset data = SyntheticImages.generate(240, 1, 16, 4, 3);
        PlatformSettings s = PlatformSettings.defaults(3).withDim(8).withSeed(1);
        FeatureExtractor fx = new FeatureExtractor(dir.resolve("cache"), 64);
        List<PriorModel> initial = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            initial.add(Priors.open("random:convnet:4:" + (10 + k), data));
        }
        // the candidates offered: human labels in round 1, other random nets in round 2
        ContinuousOptimization.Upgrades up = (r, k) -> Priors.open(r == 1 ? "human" : "random:convnet:4:" + (20 + k), data);
        List<ContinuousOptimization.Round> rounds;
        try {
            rounds = ContinuousOptimization.run(dir.resolve("co"), s, data, null, initial, up,
                    new ContinuousOptimization.Settings(2, 0.67, 5), fx);
        } finally {
            initial.forEach(PriorModel::close);
        }
        assertEquals(3, rounds.size());
        assertTrue(rounds.get(0).upgrading().isEmpty());
        Platform p0 = Platform.open(rounds.get(0).merged().getParent());
        // independent check of the rule: recompute every candidate's U on S and keep the lower
        double[] u = rounds.get(0).uniformity().clone();
        List<String> ids = new ArrayList<>(rounds.get(0).priorIds());
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            for (int r = 1; r <= 2; r++) {
                ContinuousOptimization.Round round = rounds.get(r);
                assertEquals(2, round.upgrading().size(), "round(0.67·3) = 2 participants upgrade");
                for (int k : round.upgrading()) {
                    try (PriorModel c = up.upgrade(r, k)) {
                        double uc = new Uniformity(s.uniformity(p0.uniformitySeed()))
                                .value(c.extract(m, data, p0.partition().shared()));
                        if (uc < u[k]) {
                            u[k] = uc;
                            ids.set(k, c.id());
                            assertTrue(round.accepted().contains(k));
                        } else {
                            assertTrue(!round.accepted().contains(k));
                        }
                    }
                }
                assertEquals(ids, round.priorIds(), "round " + r);
                for (int k = 0; k < 3; k++) {
                    assertEquals(u[k], round.uniformity()[k], 1e-5);
                }
                try (OptimizedDataset od = OptimizedDataset.open(round.merged())) {
                    assertEquals(r, od.manifest().round());
                    assertEquals(240, od.size());
                }
            }
        }
        assertTrue(rounds.get(1).accepted().size() > 0, "human labels beat an untrained 4-channel net on uniformity");
    }
}
