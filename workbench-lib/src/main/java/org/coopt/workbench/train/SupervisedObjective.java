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
 * Supervised training of a backbone with a linear classifier (used for the zoo's supervised priors):
 * mean cross-entropy over both augmented views, {@code L = ½[CE(z(x1), y) + CE(z(x2), y)]}.
 */
public final class SupervisedObjective implements Objective {
    private final Block backbone;
    private final Linear classifier;
    private final int numClasses;

    public SupervisedObjective(Block backbone, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("supervised training needs >= 2 classes, got " + numClasses);
        }
        this.backbone = backbone;
        this.numClasses = numClasses;
        this.classifier = Linear.builder().setUnits(numClasses).build();
    }

    @Override
    public String name() {
        return "supervised";
    }

    @Override
    public void initialize(NDManager manager, Shape inputShape) {
        backbone.initialize(manager, DataType.FLOAT32, inputShape);
        classifier.initialize(manager, DataType.FLOAT32, backbone.getOutputShapes(new Shape[] {inputShape})[0]);
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.of(backbone, classifier);
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    public int numClasses() {
        return numClasses;
    }

    private NDArray logits(StepContext ctx, NDArray x) {
        NDList f = backbone.forward(ctx.parameterStore(), new NDList(x), true);
        return classifier.forward(ctx.parameterStore(), f, true).singletonOrThrow();
    }

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        NDArray l1 = Losses.crossEntropy(logits(ctx, batch.view1()), batch.labels());
        NDArray l2 = Losses.crossEntropy(logits(ctx, batch.view2()), batch.labels());
        return l1.add(l2).mul(0.5f);
    }
}
