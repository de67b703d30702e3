package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.augment.AugmentSettings;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.ConvNet;
import org.coopt.workbench.nn.Inference;

/**
 * The fixed throughput workload of {@code shared/bench/ref_torch.py}, on the workbench's own training
 * loop: ConvNet-3 (width 64, batch norm) on 1×28×28, batch 256, fixed N(0, 1) inputs x1, x2;
 * <ul>
 *   <li>BYOL step: online = backbone → MLP 576→1024 (BN, ReLU)→128, predictor MLP 128→1024→128,
 *       target = copy of online without gradients; loss (2 − 2 cos(p1, z2)) + (2 − 2 cos(p2, z1)) with
 *       batch means; AdamW lr 1e-3 wd 0.01 on online + predictor; EMA τ = 0.99 after the step;</li>
 *   <li>student step: backbone → linear 576→128, target y = normalised N(0, 1), the two-view cosine loss
 *       (METHOD.md §5), AdamW;</li>
 *   <li>embedding: the backbone in eval mode, no gradients.</li>
 * </ul>
 * The BYOL objective here is the reference's, written out so the workload stays identical to the
 * Python file; the SSL package's BYOL is the one used for experiments.
 *
 * <p>FLOP model for the "fraction of peak" figures: multiply–add = 2 FLOPs; convolutions and linear
 * layers only; a backward pass costs twice its forward pass.
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

    /** Forward FLOPs of ConvNet-3 w64 on one 1×28×28 image: Σ 2·Cin·Cout·9·H·W. */
    public static double backboneFlops() {
        return 2.0 * 9 * (1 * 64 * 28 * 28 + 64 * 64 * 14 * 14 + 64 * 64 * 7 * 7);
    }

    static double mlpFlops(int in, int hidden, int out) {
        return 2.0 * ((double) in * hidden + (double) hidden * out);
    }

    /** FLOPs per image of a BYOL step: online+predictor forward/backward on 2 views, target forward on 2. */
    public static double byolFlopsPerImage() {
        double online = backboneFlops() + mlpFlops(FEATURES, 1024, 128);
        double pred = mlpFlops(128, 1024, 128);
        return 2 * 3 * (online + pred) + 2 * online;
    }

    public static double studentFlopsPerImage() {
        return 2 * 3 * (backboneFlops() + 2.0 * FEATURES * 128);
    }

    public static double embedFlopsPerImage() {
        return backboneFlops();
    }

    static SequentialBlock mlp(int hidden, int out) {
        return new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(BatchNorm.builder().build())
                .add(Activation.reluBlock()).add(Linear.builder().setUnits(out).build());
    }

    private static TrainSettings settings() {
        return new TrainSettings(1, BATCH, 1e-3, 0.01, AugmentSettings.none(), AugmentSettings.none(), 0, 0);
    }

    /** A step function measured by {@link #imagesPerSecond}. */
    public interface Step extends AutoCloseable {
        void run();

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

    public Step byolStep() {
        TrainingLoop loop = new TrainingLoop(new ReferenceByol(), settings(), new Shape(1, 28, 28));
        return new LoopStep(loop, x1, x2, null);
    }

    public Step embedStep() {
        Block net = ConvNet.backbone(WIDTH, 3);
        NDManager m = manager.newSubManager();
        net.initialize(m, DataType.FLOAT32, new Shape(BATCH, 1, 28, 28));
        ParameterStore ps = new ParameterStore(m, false);
        return new Step() {
            @Override
            public void run() {
                try (NDManager sm = m.newSubManager()) {
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
        public void close() {
            loop.close();
        }
    }

    /** BYOL exactly as in ref_torch.py (fixed τ = 0.99). */
    static final class ReferenceByol implements Objective {
        private final SequentialBlock online = new SequentialBlock().add(ConvNet.backbone(WIDTH, 3)).add(mlp(1024, 128));
        private final SequentialBlock predictor = mlp(1024, 128);
        private final SequentialBlock target = new SequentialBlock().add(ConvNet.backbone(WIDTH, 3)).add(mlp(1024, 128));
        private final List<NDArray[]> emaPairs = new ArrayList<>();

        @Override
        public String name() {
            return "byol-reference";
        }

        @Override
        public void initialize(NDManager manager, Shape inputShape) {
            online.initialize(manager, DataType.FLOAT32, inputShape);
            target.initialize(manager, DataType.FLOAT32, inputShape);
            predictor.initialize(manager, DataType.FLOAT32, new Shape(inputShape.get(0), 128));
            List<Parameter> on = new ArrayList<>();
            for (Pair<String, Parameter> p : online.getParameters()) {
                on.add(p.getValue());
            }
            int i = 0;
            for (Pair<String, Parameter> p : target.getParameters()) {
                Parameter t = p.getValue();
                Parameter o = on.get(i++);
                o.getArray().copyTo(t.getArray());
                if (t.requiresGradient()) {
                    emaPairs.add(new NDArray[] {o.getArray(), t.getArray()});
                }
                t.freeze(true);
            }
        }

        @Override
        public List<Block> trainableBlocks() {
            return List.of(online, predictor);
        }

        @Override
        public Block backbone() {
            return online.getChildren().get(0).getValue();
        }

        @Override
        public NDArray loss(StepContext ctx, Batch batch) {
            ParameterStore ps = ctx.parameterStore();
            NDArray p1 = predictor.forward(ps, online.forward(ps, new NDList(batch.view1()), true), true).singletonOrThrow();
            NDArray p2 = predictor.forward(ps, online.forward(ps, new NDList(batch.view2()), true), true).singletonOrThrow();
            NDArray z1 = target.forward(ps, new NDList(batch.view1()), true).singletonOrThrow().stopGradient();
            NDArray z2 = target.forward(ps, new NDList(batch.view2()), true).singletonOrThrow().stopGradient();
            NDArray a = Losses.cosine(p1, z2).mean().mul(-2).add(2);
            NDArray b = Losses.cosine(p2, z1).mean().mul(-2).add(2);
            return a.add(b);
        }

        /** target ← 0.99·target + 0.01·online, in place. */
        @Override
        public void afterStep(StepContext ctx) {
            for (NDArray[] pair : emaPairs) {
                try (NDArray scaled = pair[0].mul(0.01f)) {
                    pair[1].muli(0.99f).addi(scaled);
                }
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
