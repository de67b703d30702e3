package org.coopt.workbench.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.ssl.loss.ByolLoss;
import org.coopt.workbench.ssl.loss.Ops;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MomentumAndQueueTest {
    private NDManager m;
    private final Shape in = new Shape(4, 6);
    private final Supplier<Block> factory = () -> Heads.mlp(false, 6, 8, 3);

    @BeforeEach
    void setUp() {
        // the initial weights and inputs come from the engine's global generator: seed it so the test does not
        // depend on what earlier tests in the same JVM drew (it failed once in a full suite run, never alone)
        Engines.get().setRandomSeed(11);
        m = NDManager.newBaseManager(Engines.device());
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    private Block online() {
        Block b = factory.get();
        b.initialize(m, DataType.FLOAT32, in);
        return b;
    }

    private static List<float[]> values(Block b, boolean trainableOnly) {
        List<float[]> out = new ArrayList<>();
        for (var p : b.getParameters()) {
            if (!trainableOnly || MomentumNetwork.isTrainable(p.getValue())) {
                out.add(p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    @Test
    void cosineScheduleMatchesTheFormula() {
        MomentumSchedule s = new MomentumSchedule(0.99, 1.0);
        int k = 100;
        for (int step : new int[] {0, 1, 25, 50, 77, 100}) {
            double expected = 1.0 - (1.0 - 0.99) * (Math.cos(Math.PI * step / k) + 1) / 2;
            assertEquals(expected, s.tau(step, k), 1e-12);
        }
        assertEquals(0.99, s.tau(0, k), 1e-12);
        assertEquals(0.995, s.tau(50, k), 1e-12);
        assertEquals(1.0, s.tau(100, k), 1e-12);
        assertEquals(0.999, MomentumSchedule.MOCO.tau(7, 7), 1e-12);
    }

    @Test
    void momentumCopyStartsEqualAndFollowsTheEmaFormula() {
        Block online = online();
        MomentumNetwork net = MomentumNetwork.of(online, factory, m, in);
        List<float[]> o = values(online, false);
        List<float[]> t = values(net.target(), false);
        for (int i = 0; i < o.size(); i++) {
            assertArrayEquals(o.get(i), t.get(i), "parameter " + i + " copied");
        }
        // Move the online network, then θ' ← τθ' + (1−τ)θ.
        for (var p : online.getParameters()) {
            if (MomentumNetwork.isTrainable(p.getValue())) {
                p.getValue().getArray().addi(m.randomNormal(p.getValue().getArray().getShape()));
            }
        }
        List<float[]> before = values(net.target(), true);
        List<float[]> moved = values(online, true);
        float tau = 0.9f;
        net.update(tau);
        List<float[]> after = values(net.target(), true);
        for (int i = 0; i < after.size(); i++) {
            for (int j = 0; j < after.get(i).length; j++) {
                assertEquals(tau * before.get(i)[j] + (1 - tau) * moved.get(i)[j], after.get(i)[j], 1e-5);
            }
        }
    }

    @Test
    void noGradientReachesTheMomentumNetwork() {
        Block online = online();
        MomentumNetwork net = MomentumNetwork.of(online, factory, m, in);
        try (NDManager step = m.newSubManager()) {
            NDArray x = step.randomNormal(in);
            ParameterStore ps = new ParameterStore(step, false);
            try (GradientCollector gc = Engines.get().newGradientCollector()) {
                NDArray p = online.forward(ps, new NDList(x), true).singletonOrThrow();
                NDArray z = net.target().forward(ps, new NDList(x.add(0.1f)), true).singletonOrThrow();
                gc.backward(ByolLoss.loss(p, z));
            }
            double onlineGrad = 0;
            for (var p : online.getParameters()) {
                if (MomentumNetwork.isTrainable(p.getValue())) {
                    onlineGrad += p.getValue().getArray().getGradient().abs().sum().getFloat();
                }
            }
            assertTrue(onlineGrad > 1e-6, "online network gets a gradient");
            for (var p : net.target().getParameters()) {
                Parameter param = p.getValue();
                NDArray a = param.getArray();
                assertFalse(param.requiresGradient(), "momentum parameter " + param.getName() + " is frozen");
                assertFalse(a.hasGradient() && a.getGradient().abs().sum().getFloat() > 0,
                        "momentum parameter " + param.getName() + " must get no gradient");
            }
        }
    }

    @Test
    void prototypesAreNormalisedInPlace() {
        Block protos = Heads.prototypes(5);
        protos.initialize(m, DataType.FLOAT32, new Shape(2, 3));
        Heads.normalizePrototypes(protos);
        NDArray w = protos.getParameters().valueAt(0).getArray();
        float[] norms = w.norm(new int[] {1}).toFloatArray();
        for (float n : norms) {
            assertEquals(1f, n, 1e-5);
        }
    }

    @Test
    void queueIsFifoWithWraparound() {
        try (MoCoQueue q = new MoCoQueue(m, 5, 2, 1)) {
            float[] norms = q.keys().norm(new int[] {1}).toFloatArray();
            for (float n : norms) {
                assertEquals(1f, n, 1e-5, "starts with unit keys");
            }
            // Keys are unit vectors at distinct angles, so each row is recognisable.
            q.enqueue(angles(0, 1, 2));       // rows 0..2
            assertEquals(3, q.pointer());
            q.enqueue(angles(3, 4, 5));       // rows 3,4 then wraps: 5 overwrites row 0 (the oldest)
            assertEquals(1, q.pointer());
            assertArrayEquals(new int[] {5, 1, 2, 3, 4}, rowIds(q.keys()));
            q.enqueue(angles(6));             // next oldest is row 1
            assertArrayEquals(new int[] {5, 6, 2, 3, 4}, rowIds(q.keys()));
            q.enqueue(angles(7, 8, 9, 10, 11, 12, 13));  // more than K: the last K remain
            assertArrayEquals(new int[] {9, 10, 11, 12, 13}, rowIds(q.keys()));
        }
    }

    private NDArray angles(int... ids) {
        float[][] x = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            double a = ids[i] * 0.2;
            x[i] = new float[] {(float) (3 * Math.cos(a)), (float) (3 * Math.sin(a))};
        }
        return m.create(x);
    }

    private static int[] rowIds(NDArray keys) {
        float[] f = keys.toFloatArray();
        int[] ids = new int[f.length / 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) Math.round(Math.atan2(f[2 * i + 1], f[2 * i]) / 0.2);
        }
        return ids;
    }

    @Test
    void headSizesScaleWithWidth() {
        var w64 = HeadSizes.forBackbone(new org.coopt.workbench.nn.Architectures.ArchSpec("convnet", 64, 1, 28));
        assertEquals(576, w64.featureDim());
        assertEquals(1152, w64.hidden());
        assertEquals(256, w64.out());
        var w8 = HeadSizes.forBackbone(new org.coopt.workbench.nn.Architectures.ArchSpec("convnet", 8, 1, 28));
        assertEquals(72, w8.featureDim());
        assertEquals(32, w8.out());
        assertEquals(240, w8.prototypes());
    }
}
