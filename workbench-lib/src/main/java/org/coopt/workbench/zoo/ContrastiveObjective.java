package org.coopt.workbench.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.Objective;
import org.coopt.workbench.train.StepContext;

/**
 * The zoo's default self-supervised objective: SimCLR (Chen et al. 2020) with a projector
 * h → h (BN, ReLU) → 128 and the NT-Xent loss at temperature T = 0.2 (METHOD.md §6):
 * with z = normalised projections of both views (2B rows) and s_ij = ⟨z_i, z_j⟩ / T,
 * {@code L = (1/2B) Σ_i [ −s_{i,p(i)} + log Σ_{j≠i} exp(s_ij) ]}, p(i) = the other view of sample i.
 *
 * <p>It is the zoo's self-contained SSL prior <b>(decision: a simple method with no momentum network,
 * so the zoo does not depend on the SSL package; {@link ZooBuilder#sslObjective} swaps in any
 * other {@link Objective}, e.g. the SSL package's BYOL)</b>.
 */
public final class ContrastiveObjective implements Objective {
    public static final float TEMPERATURE = 0.2f;
    private final Block backbone;
    private final SequentialBlock projector;

    public ContrastiveObjective(Block backbone, int featureDim) {
        this.backbone = backbone;
        this.projector = new SequentialBlock().add(Linear.builder().setUnits(featureDim).build())
                .add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(128).build());
    }

    @Override
    public String name() {
        return "simclr";
    }

    @Override
    public void initialize(NDManager manager, Shape inputShape) {
        backbone.initialize(manager, DataType.FLOAT32, inputShape);
        projector.initialize(manager, DataType.FLOAT32, backbone.getOutputShapes(new Shape[] {inputShape})[0]);
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.of(backbone, projector);
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        NDArray x = batch.view1().concat(batch.view2(), 0);
        NDArray z = projector.forward(ctx.parameterStore(), backbone.forward(ctx.parameterStore(), new NDList(x), true),
                true).singletonOrThrow();
        return ntXent(z, TEMPERATURE);
    }

    /**
     * NT-Xent of 2B projections, rows 0..B−1 = view 1 and B..2B−1 = view 2 of the same samples.
     */
    public static NDArray ntXent(NDArray z, float temperature) {
        long n = z.getShape().get(0);
        long b = n / 2;
        NDManager m = z.getManager();
        NDArray zn = z.div(z.square().sum(new int[] {1}, true).sqrt().maximum(1e-8f));
        NDArray s = zn.matMul(zn.transpose()).div(temperature);
        NDArray eye = m.eye((int) n);
        NDArray masked = s.sub(eye.mul(1e9f));
        long[] pos = new long[(int) n];
        for (int i = 0; i < n; i++) {
            pos[i] = i < b ? i + b : i - b;
        }
        NDArray positive = m.create(pos).oneHot((int) n, DataType.FLOAT32);
        NDArray logProb = masked.logSoftmax(1);
        return logProb.mul(positive).sum(new int[] {1}).neg().mean();
    }
}
