package org.coopt.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.List;
import org.coopt.workbench.augment.AugmentSettings;
import org.coopt.workbench.engine.Engines;
import org.junit.jupiter.api.Test;

/**
 * The training loop's check of oneDNN's backward passes: a finite loss with a non-finite gradient redoes the step on
 * ATen's kernels and keeps them. Planted: an objective whose first loss is √(Σw²) at w = 0 (finite value 0, gradient
 * w/√(Σw²) = 0/0 = NaN), then Σw² (gradient 2w = 0).
 */
class OneDnnGuardTest {

    /** A bias-free linear layer with zero weights, and the planted losses above. */
    private static final class Planted implements Objective {
        private final Block layer = Linear.builder().setUnits(1).optBias(false).build();
        int calls;

        @Override
        public String name() {
            return "planted";
        }

        @Override
        public void initialize(NDManager manager, Shape inputShape) {
            layer.setInitializer(new ConstantInitializer(0f), ai.djl.nn.Parameter.Type.WEIGHT);
            layer.initialize(manager, DataType.FLOAT32, new Shape(inputShape.get(0), 4));
        }

        @Override
        public List<Block> trainableBlocks() {
            return List.of(layer);
        }

        @Override
        public Block backbone() {
            return layer;
        }

        @Override
        public NDArray loss(StepContext ctx, Batch batch) {
            NDArray w = layer.getParameters().get("weight").getArray();
            NDArray sq = w.square().sum();
            return calls++ == 0 ? sq.sqrt() : sq;
        }
    }

    @Test
    void aNonFiniteGradientWithAFiniteLossRedoesTheStepOnAtenAndKeepsIt() {
        Engines.get();
        Planted objective = new Planted();
        TrainSettings settings = new TrainSettings(1, 2, 1e-3, 0.0, AugmentSettings.none(), AugmentSettings.none(), 0, 0);
        try (TrainingLoop loop = new TrainingLoop(objective, settings, new Shape(4))) {
            assertNull(loop.oneDnnBackwardRefusal(), "no convolution: admitted");
            try (NDManager sm = loop.manager().newSubManager()) {
                NDArray x = sm.zeros(new Shape(2, 4));
                float loss = loop.step(new StepContext(sm, loop.parameterStore(), 0, 10, 0),
                        new Batch(x, x, null, null, new int[2]));
                assertEquals(0f, loss, "the redone step's loss");
            }
            assertEquals(2, objective.calls, "the step ran twice");
            assertTrue(loop.oneDnnBackwardRefusal().contains("non-finite gradient"), loop.oneDnnBackwardRefusal());
            assertFalse(loop.backwardOneDnn());
            NDArray w = objective.layer.getParameters().get("weight").getArray();
            for (float v : w.toFloatArray()) {
                assertTrue(Float.isFinite(v), "the update used the redone step's finite gradient");
            }
        }
    }

    @Test
    void finiteGradientsKeepOneDnn() {
        Engines.get();
        Planted objective = new Planted();
        objective.calls = 1; // only the smooth loss
        TrainSettings settings = new TrainSettings(1, 2, 1e-3, 0.0, AugmentSettings.none(), AugmentSettings.none(), 0, 0);
        try (TrainingLoop loop = new TrainingLoop(objective, settings, new Shape(4))) {
            for (int i = 0; i < 3; i++) {
                try (NDManager sm = loop.manager().newSubManager()) {
                    NDArray x = sm.zeros(new Shape(2, 4));
                    loop.step(new StepContext(sm, loop.parameterStore(), i, 10, 0), new Batch(x, x, null, null, new int[2]));
                }
            }
            assertEquals(4, objective.calls, "one forward pass a step");
            assertNull(loop.oneDnnBackwardRefusal());
        }
    }
}
