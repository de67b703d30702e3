package org.coopt.workbench.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * A multilayer perceptron backbone: flatten, then {@code depth} × [linear(width) → batch norm → ReLU];
 * features = width.
 */
public final class Mlp {
    public static final int DEFAULT_WIDTH = 512;

    private Mlp() {}

    public static Block backbone(int width, int depth) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int i = 0; i < depth; i++) {
            net.add(Linear.builder().setUnits(width).build()).add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        return net;
    }
}
