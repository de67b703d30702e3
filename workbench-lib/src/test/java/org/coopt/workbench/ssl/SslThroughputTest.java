package org.coopt.workbench.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.train.TrainingLoop;
import org.junit.jupiter.api.Test;

class SslThroughputTest {

    /**
     * A training step must leave nothing on the long-lived manager that holds parameters, MoCo's queue
     * and DINO's centre. Fails for the bench's fixed views left on that manager (every activation of
     * every forward pass stayed until the end of the measurement, ~300 arrays per BYOL step here) and
     * for per-step {@code stopGradient()} copies of the queue (MoCo) or the centre (DINO).
     */
    @Test
    void benchStepsLeaveNoArraysOnTheLongLivedManager() {
        ArchSpec spec = new ArchSpec("convnet", 8, 1, 28);
        int b = 8;
        for (String name : new String[] {"byol", "moco", "dino", "simclr"}) {
            SslMethod method = SslMethods.create(name, SslSetup.of(spec, 64, 0));
            TrainSettings settings = TrainSettings.defaults(1).withBatchSize(b).withLogEvery(0);
            try (NDManager manager = Engines.get().newBaseManager(Engines.device())) {
                TrainingLoop loop = new TrainingLoop(method, SslTrainer.withViews(settings, method), new Shape(1, 28, 28),
                        manager);
                NDArray x1 = manager.randomNormal(new Shape(b, 1, 28, 28));
                NDArray x2 = manager.randomNormal(new Shape(b, 1, 28, 28));
                int[] idx = new int[b];
                SslThroughput.step(loop, x1, x2, idx, 0, 1, 4); // creates AdamW's state
                int before = manager.getManagedArrays().size();
                SslThroughput.step(loop, x1, x2, idx, 1, 4, 4);
                assertEquals(before, manager.getManagedArrays().size(), name + ": arrays left on the manager by 3 steps");
                assertTrue(x1.getManager() == manager && x2.getManager() == manager, name + ": views back on their manager");
            }
        }
    }
}
