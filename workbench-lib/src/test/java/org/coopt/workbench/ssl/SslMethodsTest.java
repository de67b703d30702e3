package org.coopt.workbench.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.prior.BlockPrior;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry, one training step of every method, frozen momentum networks, and the prior folder. */
class SslMethodsTest {
    static final ArchSpec SPEC = new ArchSpec("convnet", 4, 1, 28);
    static final int B = 8;

    @Test
    void registryHasTheSevenBaselinesAndRejectsOthersByName() {
        assertEquals(List.of("byol", "dino", "moco", "simclr", "simsiam", "swav", "dcl"), List.copyOf(SslMethods.names()));
        SslSetup setup = SslSetup.of(SPEC, 100, 1);
        assertEquals("moco", SslMethods.create("MoCoV2", setup).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SslMethods.create("barlow", setup));
        assertTrue(e.getMessage().contains("byol"), e.getMessage());
    }

    @Test
    void everyMethodTrainsAStepWithFiniteLossAndOnlyItsOnlineParameters() {
        for (String name : SslMethods.names()) {
            SslMethod method = SslMethods.create(name, SslSetup.of(SPEC, 100, 1));
            try (NDManager manager = NDManager.newBaseManager(Engines.device())) {
                TrainingLoop loop = new TrainingLoop(method, TrainSettings.defaults(1).withBatchSize(B),
                        new Shape(1, 28, 28), manager);
                float[] before = firstConvWeights(method.backbone());
                for (int s = 0; s < 2; s++) {
                    try (NDManager sm = manager.newSubManager()) {
                        NDArray x = sm.randomUniform(0, 1, new Shape(B, 1, 28, 28));
                        StepContext ctx = new StepContext(sm, loop.parameterStore(), s, 10, 0);
                        float loss = loop.step(ctx, new Batch(x, x.flip(3), null, null, java.util.stream.IntStream.range(0, B).toArray()));
                        assertTrue(Float.isFinite(loss), name + " loss " + loss);
                    }
                }
                assertFalse(java.util.Arrays.equals(before, firstConvWeights(method.backbone())),
                        name + ": the backbone is trained");
                int trainable = 0;
                for (Block b : method.trainableBlocks()) {
                    for (var p : b.getParameters()) {
                        trainable += p.getValue().requiresGradient() ? 1 : 0;
                    }
                }
                assertEquals(trainable, loop.parameterCount(), name + ": the optimizer sees the online parameters only");
            }
        }
    }

    @Test
    void momentumNetworksAreFrozenAndMoveTowardsTheOnlineNetwork() {
        Byol byol = new Byol(SslSetup.of(SPEC, 100, 1));
        try (NDManager manager = NDManager.newBaseManager(Engines.device())) {
            TrainingLoop loop = new TrainingLoop(byol, TrainSettings.defaults(1).withBatchSize(B), new Shape(1, 28, 28), manager);
            var target = byol.momentum().target().getParameters().valueAt(0);
            var online = byol.online().getParameters().valueAt(0);
            assertFalse(target.requiresGradient());
            float[] t0 = target.getArray().toFloatArray();
            try (NDManager sm = manager.newSubManager()) {
                NDArray x = sm.randomUniform(0, 1, new Shape(B, 1, 28, 28));
                loop.step(new StepContext(sm, loop.parameterStore(), 0, 10, 0), new Batch(x, x, null, null, java.util.stream.IntStream.range(0, B).toArray()));
            }
            float[] t1 = target.getArray().toFloatArray();
            float[] o1 = online.getArray().toFloatArray();
            double tau = MomentumSchedule.BYOL.tau(1, 10);
            for (int i = 0; i < t0.length; i++) {
                assertEquals(tau * t0[i] + (1 - tau) * o1[i], t1[i], 1e-6);
            }
        }
    }

    @Test
    void dinoWarmsTheTeacherTemperatureOverTheFirstTenthOfTraining() {
        assertEquals(0.04f, Dino.teacherTemperature(0, 1000), 1e-7);
        assertEquals(0.055f, Dino.teacherTemperature(50, 1000), 1e-7);
        assertEquals(0.07f, Dino.teacherTemperature(100, 1000), 1e-7);
        assertEquals(0.07f, Dino.teacherTemperature(999, 1000), 1e-7);
    }

    @Test
    void viewsAreSymmetricOrAsymmetricWithSolarizationOnTheSecond() {
        SslSetup setup = SslSetup.of(SPEC, 100, 1);
        for (String name : List.of("simclr", "simsiam", "swav", "dcl")) {
            SslViews v = SslMethods.create(name, setup).views();
            assertEquals(v.first(), v.second(), name);
        }
        for (String name : List.of("byol", "moco", "dino")) {
            SslViews v = SslMethods.create(name, setup).views();
            assertEquals(0.0, v.first().solarizeP(), name);
            assertEquals(0.2, v.second().solarizeP(), name);
        }
    }

    @Test
    void savedPriorReloadsToTheSameFeatures(@TempDir Path dir) throws Exception {
        SslMethod method = SslMethods.create("simclr", SslSetup.of(SPEC, 100, 1));
        try (NDManager manager = NDManager.newBaseManager(Engines.device())) {
            new TrainingLoop(method, TrainSettings.defaults(1).withBatchSize(B), new Shape(1, 28, 28), manager);
            BlockPrior.save(dir, method.backbone(), SPEC, java.util.Map.of("kind", "block", "training", "ssl-simclr"));
            BlockPrior prior = BlockPrior.load(dir);
            Block loaded = prior.block();
            assertEquals(SPEC, prior.info().arch());
            NDArray x = manager.randomUniform(0, 1, new Shape(3, 1, 28, 28));
            ParameterStore ps = new ParameterStore(manager, false);
            float[] a = method.backbone().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] b = loaded.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(a, b, 1e-6f);
            prior.close();
        }
    }

    private static float[] firstConvWeights(Block backbone) {
        return backbone.getParameters().valueAt(0).getArray().toFloatArray();
    }
}
