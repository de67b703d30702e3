package org.coopt.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.ConvNet;
import org.junit.jupiter.api.Test;

/** The step profile of {@code ./coopt bench}: hand-computed shares, windows, and a real loop's accounting. */
class StepPhasesTest {
    @Test
    void sharesAndWindowsByHand() {
        StepPhases a = new StepPhases(4, 1.0, 2.0, 0.5, 0.5);
        assertEquals(4.0, a.total(), 1e-12);
        assertEquals(Map.of("forward", 0.25, "backward", 0.5, "optimizer", 0.125, "after_step", 0.125), a.shares());
        StepPhases b = new StepPhases(10, 2.0, 5.0, 1.5, 0.5);
        StepPhases w = b.since(a);
        assertEquals(6, w.steps());
        assertEquals(1.0, w.forward(), 1e-12);
        assertEquals(3.0, w.backward(), 1e-12);
        assertEquals(1.0, w.optimizer(), 1e-12);
        assertEquals(0.0, w.afterStep(), 1e-12);
        assertEquals(0.0, new StepPhases(0, 0, 0, 0, 0).shares().get("forward"));
    }

    /** The loop counts every step, and its phases add up to no more than the wall time of those steps. */
    @Test
    void aLoopAccountsForEachStep() {
        try (NDManager manager = Engines.get().newBaseManager(Engines.device())) {
            NDArray x1 = manager.randomNormal(new Shape(8, 1, 28, 28));
            NDArray x2 = manager.randomNormal(new Shape(8, 1, 28, 28));
            NDArray y = manager.randomNormal(new Shape(8, 16));
            TrainingLoop loop = new TrainingLoop(new StudentObjective(ConvNet.backbone(4, 3), 16),
                    TrainSettings.defaults(1).withBatchSize(8).withLogEvery(0), new Shape(1, 28, 28), manager);
            StepPhases before = loop.phases();
            long t0 = System.nanoTime();
            for (int s = 0; s < 5; s++) {
                try (NDManager sm = manager.newSubManager()) {
                    x1.tempAttach(sm);
                    x2.tempAttach(sm);
                    y.tempAttach(sm);
                    loop.step(new StepContext(sm, loop.parameterStore(), s, 5, 0), new Batch(x1, x2, y, null, new int[8]));
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            StepPhases p = loop.phases().since(before);
            assertEquals(5, p.steps());
            assertTrue(p.forward() > 0 && p.backward() > 0 && p.optimizer() > 0, p.toString());
            assertTrue(p.total() <= wall, p + " within " + wall + " s");
        }
    }
}
