package org.coopt.workbench.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/** Small building blocks shared by the architectures. */
final class Layers {
    private Layers() {}

    /** k×k convolution, "same" padding, no bias (a batch norm follows). */
    static Conv2d conv(int filters, int kernel, int stride, int groups) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(groups).optBias(false)
                .setFilters(filters).build();
    }

    /** conv → batch norm (→ activation when not null). */
    static SequentialBlock convBn(int filters, int kernel, int stride, int groups, Block activation) {
        SequentialBlock b = new SequentialBlock().add(conv(filters, kernel, stride, groups)).add(BatchNorm.builder().build());
        if (activation != null) {
            b.add(activation);
        }
        return b;
    }

    /** main(x) + shortcut(x); the shortcut is the identity when null. */
    static ParallelBlock residual(Block main, Block shortcut) {
        return new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(main, shortcut == null ? Blocks.identityBlock() : shortcut));
    }

    /** The multiple of {@code divisor} nearest to v, at least {@code divisor} and not below 0.9·v (MobileNet's rule). */
    static int makeDivisible(double v, int divisor) {
        int r = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (r < 0.9 * v) {
            r += divisor;
        }
        return r;
    }
}
