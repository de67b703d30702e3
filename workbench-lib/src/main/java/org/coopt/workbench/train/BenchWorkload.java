package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.augment.AugmentSettings;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.ConvNet;
import org.coopt.workbench.nn.Inference;

/**
 * The fixed throughput workload of {@code ./coopt bench} for the two CoOpt paths, on the workbench's own training
 * loop: ConvNet-3 (width 64, batch norm) on 1×28×28, batch 256, fixed N(0, 1) inputs x1, x2 (the seven SSL methods
 * are measured on the same inputs by {@link org.coopt.workbench.ssl.SslThroughput}; the PyTorch side of all nine is
 * {@code environment/bench/ref_ssl.py}):
 * <ul>
 *   <li>student step: backbone → linear 576→128, target y = normalised N(0, 1), the two-view cosine loss
 *       (METHOD.md §5), AdamW;</li>
 *   <li>embedding: the backbone in eval mode, no gradients, under {@link Engines#inference()} as prior extraction.</li>
 * </ul>
 * FLOPs per image for the "fraction of peak" figures come from the reference script, the same for both sides.
 */
public final class BenchWorkload implements AutoCloseable {
    public static final int BATCH = 256;
    public static final int WIDTH = 64;
    public static final int FEATURES = 576;
    private final NDManager manager;
    private final NDArray x1;
    private final NDArray x2;
    private final NDArray y;

    public BenchWorkload() {
        manager = Engines.get().newBaseManager(Engines.device());
        manager.getEngine().setRandomSeed(0);
        x1 = manager.randomNormal(new Shape(BATCH, 1, 28, 28));
        x2 = manager.randomNormal(new Shape(BATCH, 1, 28, 28));
        NDArray r = manager.randomNormal(new Shape(BATCH, 128));
        y = r.div(r.square().sum(new int[] {1}, true).sqrt());
    }

    private static TrainSettings settings() {
        return new TrainSettings(1, BATCH, 1e-3, 0.01, AugmentSettings.none(), AugmentSettings.none(), 0, 0);
    }

    /** A step function measured by {@link #imagesPerSecond}. */
    public interface Step extends AutoCloseable {
        void run();

        /** Where this step's runs so far spent their time, or null when it does not train (embedding). */
        default StepPhases phases() {
            return null;
        }

        /** Whether this step's backward pass runs on oneDNN (false when it has none). */
        default boolean backwardOneDnn() {
            return false;
        }

        @Override
        void close();
    }

    /** Images per second of {@code n} steps after {@code warm} warm-up steps (as ref_torch.py's timeit). */
    public static double imagesPerSecond(Step step, int warm, int n) {
        for (int i = 0; i < warm; i++) {
            step.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            step.run();
        }
        return n * (double) BATCH / ((System.nanoTime() - t0) / 1e9);
    }

    public Step studentStep() {
        TrainingLoop loop = new TrainingLoop(new StudentObjective(ConvNet.backbone(WIDTH, 3), 128), settings(),
                new Shape(1, 28, 28));
        return new LoopStep(loop, x1, x2, y);
    }

    public Step embedStep() {
        Block net = ConvNet.backbone(WIDTH, 3);
        NDManager m = manager.newSubManager();
        net.initialize(m, DataType.FLOAT32, new Shape(BATCH, 1, 28, 28));
        ParameterStore ps = new ParameterStore(m, false);
        return new Step() {
            @Override
            public void run() {
                // as prior extraction runs (FeatureExtractor, BlockFeatures): forward only, oneDNN on
                try (Engines.Scope fast = Engines.inference(); NDManager sm = m.newSubManager()) {
                    x1.tempAttach(sm); // intermediates are created on the input's manager: the step's
                    Inference.forward(net, ps, x1).getFloat(0, 0);
                }
            }

            @Override
            public void close() {
                m.close();
            }
        };
    }

    private record LoopStep(TrainingLoop loop, NDArray x1, NDArray x2, NDArray y) implements Step {
        private static long counter;

        @Override
        public void run() {
            try (NDManager sm = loop.manager().newSubManager()) {
                x1.tempAttach(sm); // back to their manager when the step's closes
                x2.tempAttach(sm);
                if (y != null) {
                    y.tempAttach(sm);
                }
                StepContext ctx = new StepContext(sm, loop.parameterStore(), counter, 1_000_000, 0);
                loop.step(ctx, new Batch(x1, x2, y, null, new int[BATCH]));
                counter++;
            }
        }

        @Override
        public StepPhases phases() {
            return loop.phases();
        }

        @Override
        public boolean backwardOneDnn() {
            return loop.backwardOneDnn();
        }

        @Override
        public void close() {
            loop.close();
        }
    }

    /** BYOL exactly as in ref_torch.py (fixed τ = 0.99). */
    @Override
    public void close() {
        manager.close();
    }
}
