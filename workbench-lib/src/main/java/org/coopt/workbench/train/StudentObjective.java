package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.util.List;

/**
 * The CoOpt / RELA student (METHOD.md §5): backbone g plus one linear head A, ŷ = A·g(x) + b ∈ ℝ^d,
 * trained on optimized data with {@link Losses#twoViewCosine}:
 * {@code L = ½[(1 − cos(ŷ(x1), y)) + (1 − cos(ŷ(x2), y))]}. Each view is a separate forward pass
 * (batch-norm statistics per view, as in RELA and {@code shared/bench/ref_torch.py}).
 */
public final class StudentObjective implements Objective {
    private final Block backbone;
    private final Linear head;
    private final int targetDim;

    public StudentObjective(Block backbone, int targetDim) {
        if (targetDim < 1) {
            throw new IllegalArgumentException("target dimension must be >= 1, got " + targetDim);
        }
        this.backbone = backbone;
        this.targetDim = targetDim;
        this.head = Linear.builder().setUnits(targetDim).build();
    }

    @Override
    public String name() {
        return "coopt-student";
    }

    @Override
    public void initialize(NDManager manager, Shape inputShape) {
        backbone.initialize(manager, DataType.FLOAT32, inputShape);
        Shape features = backbone.getOutputShapes(new Shape[] {inputShape})[0];
        head.initialize(manager, DataType.FLOAT32, features);
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.of(backbone, head);
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    public Linear head() {
        return head;
    }

    public int targetDim() {
        return targetDim;
    }

    @Override
    public boolean needsTargets() {
        return true;
    }

    /** ŷ(x) = A·g(x) + b. */
    public NDArray predict(StepContext ctx, NDArray x, boolean training) {
        NDList f = backbone.forward(ctx.parameterStore(), new NDList(x), training);
        return head.forward(ctx.parameterStore(), f, training).singletonOrThrow();
    }

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        NDArray p1 = predict(ctx, batch.view1(), true);
        NDArray p2 = predict(ctx, batch.view2(), true);
        return Losses.twoViewCosine(p1, p2, batch.targets());
    }
}
