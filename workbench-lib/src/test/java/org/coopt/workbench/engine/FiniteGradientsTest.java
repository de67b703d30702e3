package org.coopt.workbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.coopt.workbench.nn.Architectures;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.junit.jupiter.api.Test;

/**
 * Backward passes of finite inputs give finite gradients. Planted truth: every input is a standard normal sample,
 * so any NaN comes from the kernels. On AMD EPYC with AVX-512 the oneDNN of libtorch 2.5.1 broke this (161 of 200
 * passes of the small convolution, 23 of 60 of ResNet-18 w8) until {@link Engines} switched oneDNN off.
 */
public class FiniteGradientsTest {

    @Test
    void oneDnnIsOnOnlyInsideInferenceScopesAndTheTrainingPassesThatMayUseIt() {
        assertEquals(Boolean.FALSE, Engines.mkldnnEnabled(), "oneDNN is switched off when the engine loads");
        try (Engines.Scope a = Engines.inference()) {
            assertEquals(Boolean.TRUE, Engines.mkldnnEnabled(), "on for forward-only work");
            try (Engines.Scope b = Engines.inference()) {
                assertEquals(Boolean.TRUE, Engines.mkldnnEnabled());
            }
            assertEquals(Boolean.TRUE, Engines.mkldnnEnabled(), "still on while the outer scope is open");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, Engines::trainingStep);
        }
        assertEquals(Boolean.FALSE, Engines.mkldnnEnabled(), "off again");
        try (Engines.Scope t = Engines.trainingStep(); Engines.Scope monitor = Engines.inference()) {
            assertEquals(Boolean.FALSE, Engines.mkldnnEnabled(), "an inference scope inside a training step keeps it off");
        }
        try (Engines.Scope f = Engines.trainingForward()) {
            assertEquals(Boolean.FALSE, Engines.mkldnnEnabled(), "a forward scope outside a training step does nothing");
        }
        try (Engines.Scope t = Engines.trainingStep()) {
            try (Engines.Scope f = Engines.trainingForward()) {
                assertEquals(Boolean.TRUE, Engines.mkldnnEnabled(), "on for the training step's forward pass");
            }
            assertEquals(Boolean.FALSE, Engines.mkldnnEnabled(), "off again for its backward pass");
            try (Engines.Scope b = Engines.trainingBackward(false)) {
                assertEquals(Boolean.FALSE, Engines.mkldnnEnabled(), "a backward scope of a refused network");
            }
            try (Engines.Scope b = Engines.trainingBackward(true)) {
                assertEquals(Boolean.TRUE, Engines.mkldnnEnabled(), "on for an admitted network's backward pass");
            }
            assertEquals(Boolean.FALSE, Engines.mkldnnEnabled(), "off again after it");
        }
        try (Engines.Scope b = Engines.trainingBackward(true)) {
            assertEquals(Boolean.FALSE, Engines.mkldnnEnabled(), "a backward scope outside a training step does nothing");
        }
    }

    /**
     * A training pass whose forward runs with oneDNN (as {@code TrainingLoop} does) and whose backward runs without it
     * gives finite gradients and the all-ATen pass's forward output (relative difference ≤ 1e-5 in every pass), on
     * 200 passes of the small convolution that gave NaN in 161 of 200 with oneDNN on throughout, and on ResNet-18 w8.
     * The gradients equal the all-ATen ones to rounding (≤ 1e-4 of their norm) in most passes; in a few ResNet passes
     * (2 of 10 measured) they differ by up to 1e-2, with the forward outputs still equal to 6·10⁻⁷: a ReLU or max whose
     * input lies within rounding of its kink routes the gradient the other way, both valid subgradients. So the median
     * pass must agree to rounding and no pass may differ by more than 5e-2.
     */
    @Test
    void aForwardWithOneDnnGivesTheAtenForwardAndFiniteGradients() {
        Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build();
        checkForwardOneDnn(conv, new Shape(8, 4, 4, 4), 200);
        checkForwardOneDnn(Architectures.backbone(new ArchSpec("resnet18", 8, 1, 28)), new Shape(16, 1, 28, 28), 15);
    }

    /**
     * The backward pass on oneDNN too, for every registered architecture that {@link OneDnnBackward} admits at the
     * widths the workbench trains (and the bench's ConvNet w64): finite parameter gradients equal to those of ATen's
     * backward after the same (oneDNN) forward pass, to rounding (≤ 1e-4 of their norm) in every one of 10 passes. As
     * in training, the input needs no gradient (a stem's input channels do not fill oneDNN's blocks, and the loop never
     * asks for the data's gradient), on 32 images (28×28 grey, 32×32 RGB). The rule refuses the shapes measured wrong:
     * with ResNet-18 w8 admitted, every pass's gradients differed from ATen's by 20-29 % without a single NaN.
     */
    @Test
    void aBackwardWithOneDnnGivesTheAtenGradientsWhereverTheRuleAdmitsIt() {
        ArchSpec[] admitted = {new ArchSpec("convnet", 64, 1, 28), new ArchSpec("convnet", 16, 1, 28),
            new ArchSpec("convnet-gap", 32, 1, 28), new ArchSpec("convnet-gap", 32, 3, 28),
            new ArchSpec("resnet18", 16, 1, 28), new ArchSpec("vit", 32, 1, 28), new ArchSpec("mlp", 64, 1, 28),
            new ArchSpec("convnet-gap", 32, 3, 32), new ArchSpec("resnet18", 16, 3, 32),
            new ArchSpec("resnet50", 16, 1, 28)};
        for (ArchSpec spec : admitted) {
            Shape input = new Shape(32, spec.inChannels(), spec.imageSize(), spec.imageSize());
            assertEquals(null, refusal(Architectures.backbone(spec), input), spec + " is admitted");
            checkAgainstAten(Architectures.backbone(spec), input, 10, true);
        }
        ArchSpec[] refused = {new ArchSpec("resnet18", 8, 1, 28), new ArchSpec("convnet", 8, 1, 28),
            new ArchSpec("mobilenetv2", 16, 1, 28), new ArchSpec("efficientnet-b0", 16, 1, 28)};
        for (ArchSpec spec : refused) {
            assertTrue(refusal(Architectures.backbone(spec), new Shape(2, 1, 28, 28)) != null, spec + " is refused");
        }
        int[][] measuredWrong = {{4, 4}, {8, 8}, {1, 8}};
        for (int[] c : measuredWrong) {
            Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .setFilters(c[1]).build();
            assertTrue(refusal(conv, new Shape(8, c[0], 4, 4)) != null, c[0] + " -> " + c[1] + " is refused");
        }
    }

    private static String refusal(Block block, Shape input) {
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            block.initialize(m, DataType.FLOAT32, input);
            return OneDnnBackward.refusal(java.util.List.of(block));
        }
    }

    /**
     * The forward check runs on one intra-op thread with a fixed seed: which ReLU kinks a rounding difference flips
     * (and so how many passes differ beyond rounding) depends on the order of multi-threaded reductions, which the
     * machine's load decides; on one thread with fixed inputs the comparison is the same every run, and the median
     * criterion tests the kernels, not the scheduler.
     */
    private static void checkForwardOneDnn(Block block, Shape input, int passes) {
        int threads = Engines.intraOpThreads();
        try (Engines.Scope one = Engines.intraOpThreads(1)) {
            Engine.getInstance().setRandomSeed(20261208);
            checkAgainstAten(block, input, passes, false);
        } finally {
            Engines.setIntraOpThreads(threads);
        }
    }

    private static void checkAgainstAten(Block block, Shape input, int passes, boolean backwardOneDnn) {
        Engines.get();
        double[] gradDiff = new double[passes];
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(m, DataType.FLOAT32, input);
            ParameterStore ps = new ParameterStore(m, false);
            for (int i = 0; i < passes; i++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.randomNormal(input);
                    // the backward check's reference also runs its forward pass on oneDNN, so that both passes see
                    // the same activations and only the backward kernels differ (no ReLU kink routes them apart)
                    // the backward check mirrors training, where the data needs no gradient
                    float[][] aten = pass(block, ps, x, backwardOneDnn, false, !backwardOneDnn);
                    float[][] fast = pass(block, ps, x, true, backwardOneDnn, !backwardOneDnn);
                    // index 0: the forward output; then the input's gradient (when asked for) and the parameters'
                    double forward = relativeL2(aten, fast, 0, 1);
                    assertTrue(forward <= 1e-5, block + " pass " + i + ": forward outputs differ by " + forward);
                    for (int k = 1; k < fast.length; k++) {
                        for (float v : fast[k]) {
                            assertTrue(Float.isFinite(v), input + " " + block.getClass().getSimpleName() + " pass " + i
                                    + ": a non-finite gradient in array " + k);
                        }
                    }
                    gradDiff[i] = relativeL2(aten, fast, 1, aten.length);
                }
            }
        }
        double[] sorted = gradDiff.clone();
        java.util.Arrays.sort(sorted);
        String all = java.util.Arrays.toString(gradDiff);
        String what = input + " " + block.getClass().getSimpleName() + (backwardOneDnn ? " backward" : " forward");
        assertTrue(sorted[passes / 2] <= 1e-4, what + ": median pass's gradients differ by more than rounding: " + all);
        double max = backwardOneDnn ? 1e-4 : 5e-2; // with the same forward pass no kink can route a gradient apart
        assertTrue(sorted[passes - 1] <= max, what + ": a pass's gradients differ by more than " + max + ": " + all);
    }

    /** ||b − a|| / ||a|| over the arrays {@code from}..{@code to − 1} together. */
    private static double relativeL2(float[][] a, float[][] b, int from, int to) {
        double diff = 0;
        double norm = 0;
        for (int k = from; k < to; k++) {
            for (int j = 0; j < a[k].length; j++) {
                diff += (double) (b[k][j] - a[k][j]) * (b[k][j] - a[k][j]);
                norm += (double) a[k][j] * a[k][j];
            }
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
    }

    /** One training pass on x: its forward output, then the gradients of x and of every parameter (then zeroed). */
    private static float[][] pass(Block block, ParameterStore ps, NDArray x0, boolean forwardOneDnn,
                                  boolean backwardOneDnn, boolean inputGradient) {
        java.util.List<float[]> out = new java.util.ArrayList<>();
        try (NDManager s = x0.getManager().newSubManager(); Engines.Scope step = Engines.trainingStep()) {
            NDArray x = x0.duplicate();
            x.attach(s);
            x.setRequiresGradient(inputGradient);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y;
                try (Engines.Scope f = forwardOneDnn ? Engines.trainingForward() : () -> { }) {
                    y = block.forward(ps, new NDList(x), true).singletonOrThrow();
                }
                out.add(y.toFloatArray());
                try (Engines.Scope b = Engines.trainingBackward(backwardOneDnn)) {
                    gc.backward(y.square().mean());
                }
            }
            if (inputGradient) {
                out.add(x.getGradient().toFloatArray());
            }
            for (Parameter p : block.getParameters().values()) {
                if (p.requiresGradient()) {
                    try (NDArray g = p.getArray().getGradient(); Engines.Scope noGrad = Engines.noGrad()) {
                        out.add(g.toFloatArray());
                        g.muli(0f); // gradients accumulate; the next pass starts from zero
                    }
                }
            }
        }
        return out.toArray(new float[0][]);
    }

    /** How many of {@code passes} backward passes gave a NaN or infinite gradient (input or parameter). */
    public static int badPasses(Block block, Shape input, int passes) {
        Engines.get();
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(m, DataType.FLOAT32, input);
            ParameterStore ps = new ParameterStore(m, false);
            int bad = 0;
            for (int i = 0; i < passes; i++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.randomNormal(input);
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = block.forward(ps, new NDList(x), true).singletonOrThrow();
                        gc.backward(y.square().mean());
                    }
                    boolean nonFinite = !isFinite(x.getGradient());
                    for (Parameter p : block.getParameters().values()) {
                        if (p.requiresGradient()) {
                            try (NDArray g = p.getArray().getGradient()) {
                                nonFinite |= !isFinite(g);
                            }
                        }
                    }
                    if (nonFinite) {
                        bad++;
                    }
                }
            }
            return bad;
        }
    }

    static boolean isFinite(NDArray a) {
        return !a.isNaN().any().getBoolean() && !a.isInfinite().any().getBoolean();
    }

    @Test
    void smallConvolutionGradientsAreFinite() {
        Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build();
        assertEquals(0, badPasses(conv, new Shape(8, 4, 4, 4), 200), "passes with NaN/inf gradients");
    }

    @Test
    void resnet18BackboneGradientsAreFinite() {
        Block b = Architectures.backbone(new ArchSpec("resnet18", 8, 1, 28));
        assertEquals(0, badPasses(b, new Shape(32, 1, 28, 28), 30), "passes with NaN/inf gradients");
    }

    @Test
    void inPlaceParameterUpdatesWorkOnAnyThreadAfterEngines() throws Exception {
        // PyTorch's grad mode is per thread and on by default; a fresh thread that only calls Engines.get() must be
        // able to update a parameter in place (as EMA targets and prototype normalisation do)
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try (NDManager m = NDManager.newBaseManager(Engines.device())) {
                NDArray w = m.ones(new Shape(3, 2));
                w.setRequiresGradient(true);
                w.divi(2f).addi(1f);
                try (Engines.Scope s = Engines.noGrad()) {
                    w.muli(3f);
                }
                assertEquals(4.5f, w.getFloat(0, 0), 1e-6f);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.start();
        t.join();
        assertEquals(null, failed.get());
    }
}
