package org.coopt.workbench.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;

/**
 * ConvNet-3, the dataset-distillation standard backbone: {@code depth} × [conv 3×3 (padding 1) →
 * batch norm → ReLU → average pool 2×2], then flatten. On 1×28×28 with width 64 the feature vector
 * has 64·3·3 = 576 entries, exactly as in {@code shared/bench/ref_torch.py}.
 */
public final class ConvNet {
    private ConvNet() {}

    /** ConvNet-{@code depth} of the given width, without a classifier. */
    public static SequentialBlock backbone(int width, int depth) {
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("ConvNet width and depth must be >= 1, got " + width + ", " + depth);
        }
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            convBnRelu(net, width).add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        net.add(Blocks.batchFlattenBlock());
        return net;
    }

    /**
     * ConvNet-{@code depth} whose feature is the global average of the last block's map ({@code width} values),
     * as a ResNet's: the spatial layout no longer reaches the probe, so an untrained network reads far below a
     * trained one (METHOD.md §7b), at the ConvNet's cost. Registered as {@code convnet-gap}.
     */
    public static SequentialBlock pooledBackbone(int width, int depth) {
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("ConvNet width and depth must be >= 1, got " + width + ", " + depth);
        }
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            convBnRelu(net, width);
            if (i < depth - 1) {
                net.add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    /** Appends conv 3×3 (padding 1) → batch norm → ReLU to {@code net}. */
    private static SequentialBlock convBnRelu(SequentialBlock net, int width) {
        return net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(width)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }

    /** Feature dimension for a square input of side {@code size}: width · (size / 2^depth)². */
    public static int featureDim(int width, int depth, int size) {
        int s = size;
        for (int i = 0; i < depth; i++) {
            s /= 2;
        }
        return width * s * s;
    }
}
