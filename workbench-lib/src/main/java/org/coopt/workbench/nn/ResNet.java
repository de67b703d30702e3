package org.coopt.workbench.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * ResNet-18/50/101 backbones (He et al. 2016), without the classifier; output = global average pool,
 * {@code 8·width·expansion} features (512 for ResNet-18, 2048 for ResNet-50/101 at width 64).
 *
 * <p>Stem: for images of side ≤ 64 the CIFAR stem (3×3 conv, stride 1, no max-pool, as in solo-learn
 * and RELA); for larger images the ImageNet stem (7×7 conv stride 2, 3×3 max-pool stride 2). Stages of
 * widths w, 2w, 4w, 8w with strides 1, 2, 2, 2; basic blocks (ResNet-18: 2-2-2-2) or bottlenecks of
 * expansion 4 (ResNet-50: 3-4-6-3, ResNet-101: 3-4-23-3); projection shortcuts (1×1 conv + BN) where
 * the shape changes.
 */
public final class ResNet {
    private ResNet() {}

    public static int[] blocks(int depth) {
        return switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 50 -> new int[] {3, 4, 6, 3};
            case 101 -> new int[] {3, 4, 23, 3};
            default -> throw new IllegalArgumentException("ResNet depth must be 18, 50 or 101, got " + depth);
        };
    }

    public static int expansion(int depth) {
        return depth == 18 ? 1 : 4;
    }

    public static Block backbone(int depth, int width, int imageSize) {
        int[] blocks = blocks(depth);
        boolean bottleneck = depth != 18;
        SequentialBlock net = new SequentialBlock();
        if (imageSize <= 64) {
            net.add(Layers.convBn(width, 3, 1, 1, Activation.reluBlock()));
        } else {
            net.add(Layers.convBn(width, 7, 2, 1, Activation.reluBlock()))
                    .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        }
        int in = width;
        for (int stage = 0; stage < 4; stage++) {
            int planes = width << stage;
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = (i == 0 && stage > 0) ? 2 : 1;
                int out = bottleneck ? planes * 4 : planes;
                Block main = bottleneck ? bottleneckMain(planes, stride) : basicMain(planes, stride);
                Block shortcut = (stride != 1 || in != out) ? Layers.convBn(out, 1, stride, 1, null) : null;
                net.add(Layers.residual(main, shortcut)).add(Activation.reluBlock());
                in = out;
            }
        }
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    private static Block basicMain(int planes, int stride) {
        return new SequentialBlock()
                .add(Layers.convBn(planes, 3, stride, 1, Activation.reluBlock()))
                .add(Layers.conv(planes, 3, 1, 1)).add(BatchNorm.builder().build());
    }

    private static Block bottleneckMain(int planes, int stride) {
        return new SequentialBlock()
                .add(Layers.convBn(planes, 1, 1, 1, Activation.reluBlock()))
                .add(Layers.convBn(planes, 3, stride, 1, Activation.reluBlock()))
                .add(Layers.conv(planes * 4, 1, 1, 1)).add(BatchNorm.builder().build());
    }

    public static int featureDim(int depth, int width) {
        return 8 * width * expansion(depth);
    }
}
