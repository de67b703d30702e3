package org.coopt.workbench.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * MobileNetV2 backbone (Sandler et al. 2018): stem 3×3 conv of 32·α channels, inverted residual
 * blocks (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1),
 * a 1×1 conv to 1280·α channels, global average pool. Width multiplier α = width / 32.
 *
 * <p><b>(decision)</b> For images of side ≤ 64 the stem and the first stride-2 stage use stride 1
 * (the usual CIFAR adaptation), and the last conv scales with α also for α &lt; 1 (torchvision keeps
 * 1280), so that small CPU presets stay small.
 */
public final class MobileNetV2 {
    public static final int DEFAULT_WIDTH = 32;
    private static final int[][] CONFIG = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    private MobileNetV2() {}

    public static Block backbone(int width, int imageSize) {
        double alpha = (double) width / DEFAULT_WIDTH;
        boolean small = imageSize <= 64;
        SequentialBlock net = new SequentialBlock();
        int in = Layers.makeDivisible(32 * alpha, 8);
        net.add(Layers.convBn(in, 3, small ? 1 : 2, 1, Activation.relu6Block()));
        for (int s = 0; s < CONFIG.length; s++) {
            int t = CONFIG[s][0];
            int out = Layers.makeDivisible(CONFIG[s][1] * alpha, 8);
            for (int i = 0; i < CONFIG[s][2]; i++) {
                int stride = i == 0 ? CONFIG[s][3] : 1;
                if (small && s == 1) {
                    stride = 1;
                }
                net.add(invertedResidual(in, out, stride, t));
                in = out;
            }
        }
        net.add(Layers.convBn(featureDim(width), 1, 1, 1, Activation.relu6Block()));
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    private static Block invertedResidual(int in, int out, int stride, int expand) {
        int hidden = in * expand;
        SequentialBlock main = new SequentialBlock();
        if (expand != 1) {
            main.add(Layers.convBn(hidden, 1, 1, 1, Activation.relu6Block()));
        }
        main.add(Layers.convBn(hidden, 3, stride, hidden, Activation.relu6Block()))
                .add(Layers.convBn(out, 1, 1, 1, null));
        return stride == 1 && in == out ? Layers.residual(main, null) : main;
    }

    public static int featureDim(int width) {
        return Layers.makeDivisible(1280.0 * width / DEFAULT_WIDTH, 8);
    }
}
