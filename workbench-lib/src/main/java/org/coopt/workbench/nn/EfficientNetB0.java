package org.coopt.workbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * EfficientNet-B0 backbone (Tan &amp; Le 2019): stem 3×3 conv 32·α, MBConv stages (expand, kernel,
 * stride, channels, repeats) = (1,3,1,16,1) (6,3,2,24,2) (6,5,2,40,2) (6,3,2,80,3) (6,5,1,112,3)
 * (6,5,2,192,4) (6,3,1,320,1), squeeze-and-excitation with ratio 0.25 of the block's input channels,
 * swish activations, a 1×1 conv to 1280·α, global average pool. Width multiplier α = width / 32.
 *
 * <p><b>(decision)</b> No stochastic depth or dropout; for images of side ≤ 64 the stem and the first
 * stride-2 stage use stride 1, and the head scales with α (as in {@link MobileNetV2}).
 */
public final class EfficientNetB0 {
    public static final int DEFAULT_WIDTH = 32;
    private static final int[][] CONFIG = {
        {1, 3, 1, 16, 1}, {6, 3, 2, 24, 2}, {6, 5, 2, 40, 2}, {6, 3, 2, 80, 3}, {6, 5, 1, 112, 3},
        {6, 5, 2, 192, 4}, {6, 3, 1, 320, 1}};

    private EfficientNetB0() {}

    public static Block backbone(int width, int imageSize) {
        double alpha = (double) width / DEFAULT_WIDTH;
        boolean small = imageSize <= 64;
        SequentialBlock net = new SequentialBlock();
        int in = Layers.makeDivisible(32 * alpha, 8);
        net.add(Layers.convBn(in, 3, small ? 1 : 2, 1, Activation.swishBlock(1f)));
        for (int s = 0; s < CONFIG.length; s++) {
            int out = Layers.makeDivisible(CONFIG[s][3] * alpha, 8);
            for (int i = 0; i < CONFIG[s][4]; i++) {
                int stride = i == 0 ? CONFIG[s][2] : 1;
                if (small && s == 1) {
                    stride = 1;
                }
                net.add(mbConv(in, out, CONFIG[s][1], stride, CONFIG[s][0]));
                in = out;
            }
        }
        net.add(Layers.convBn(featureDim(width), 1, 1, 1, Activation.swishBlock(1f)));
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    private static Block mbConv(int in, int out, int kernel, int stride, int expand) {
        int hidden = in * expand;
        SequentialBlock main = new SequentialBlock();
        if (expand != 1) {
            main.add(Layers.convBn(hidden, 1, 1, 1, Activation.swishBlock(1f)));
        }
        main.add(Layers.convBn(hidden, kernel, stride, hidden, Activation.swishBlock(1f)))
                .add(squeezeExcite(hidden, Math.max(1, in / 4)))
                .add(Layers.convBn(out, 1, 1, 1, null));
        return stride == 1 && in == out ? Layers.residual(main, null) : main;
    }

    /** x · σ(W₂ swish(W₁ avgpool(x))), per channel. */
    private static Block squeezeExcite(int channels, int reduced) {
        SequentialBlock gate = new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(reduced).build())
                .add(Activation.swishBlock(1f))
                .add(Linear.builder().setUnits(channels).build())
                .add(Activation.sigmoidBlock());
        return new ParallelBlock(list -> {
            NDArray x = list.get(0).singletonOrThrow();
            NDArray g = list.get(1).singletonOrThrow();
            return new NDList(x.mul(g.reshape(g.getShape().get(0), g.getShape().get(1), 1, 1)));
        }, List.of(Blocks.identityBlock(), gate));
    }

    public static int featureDim(int width) {
        return Layers.makeDivisible(1280.0 * width / DEFAULT_WIDTH, 8);
    }
}
