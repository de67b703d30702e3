package org.coopt.workbench.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SymbolBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.util.Pair;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Whether a training step's backward pass may run on oneDNN for the networks it trains.
 *
 * <p><b>(decision)</b> oneDNN's convolution backward is 2-3× faster than ATen's (issue 14's bench: the student step
 * went from 460-590 to 820 images/s with it) but wrong for some shapes on this workbench's AMD EPYC machines
 * ({@link Engines}): its backward-data kernels return NaN input gradients when the channels do not fill its 16-lane
 * blocks. Measured on libtorch 2.5.1 and again on 2.7.1 (oneDNN 3.7.1), 3×3 convolutions, batch 8 at 4×4, 100-200
 * passes each, as (in, out) channels → passes with NaN input gradients: (4, 4) 166/200, (8, 8) 105/200, (1, 8) 42/100;
 * none in (16, 16), (32, 32), (64, 64), (1, 16), (3, 16), (3, 32), (8, 16), (16, 8), (16, 48), (24, 32) or (32, 24);
 * none with one intra-op thread. The rule keeps to the shapes measured correct with margin: oneDNN runs the backward
 * pass only when every convolution of the trained blocks is a 2-D convolution with groups = 1, whose output
 * channels are a multiple of 16 and whose input channels are a multiple of 16 or at most 3 (an image stem). Every
 * other network (ResNet-18 w8, the depthwise MobileNetV2 and EfficientNet-B0) keeps ATen's backward, and so does
 * one with a block the rule cannot look into (a TorchScript {@link SymbolBlock}). The rule sees the convolutions that
 * are {@link Convolution} blocks reachable through {@link Block#getChildren()} of the blocks it is given, which for a
 * training loop are the objective's trainable blocks: an objective whose backward pass also runs through other
 * convolutions (a frozen one between trained layers, one computed functionally) must list them there.
 * {@code FiniteGradientsTest} compares the gradients of both backends on every registered architecture the rule admits.
 * {@code -Dcoopt.trainingBackwardOneDnn=false} keeps ATen's backward for every network.
 */
public final class OneDnnBackward {

    /** oneDNN's channel block on AVX-512 (AVX2's is 8, which 16 also fills). */
    public static final int CHANNEL_BLOCK = 16;
    /** Input channels a stem convolution may have besides multiples of {@link #CHANNEL_BLOCK} (grey and RGB). */
    public static final int MAX_STEM_CHANNELS = 3;

    private static final boolean OFF = "false".equals(System.getProperty("coopt.trainingBackwardOneDnn"));

    private OneDnnBackward() {}

    /** Null when oneDNN may run the backward pass of {@code blocks} (initialised), else why not, in a few words. */
    public static String refusal(List<Block> blocks) {
        if (OFF) {
            return "off by -Dcoopt.trainingBackwardOneDnn=false";
        }
        Deque<Block> todo = new ArrayDeque<>(blocks);
        while (!todo.isEmpty()) {
            Block b = todo.pop();
            if (b instanceof SymbolBlock) {
                return "a TorchScript block, whose convolutions the rule cannot see";
            }
            if (b instanceof Convolution c) {
                String why = refusal(c);
                if (why != null) {
                    return why;
                }
            }
            for (Pair<String, Block> child : b.getChildren()) {
                todo.push(child.getValue());
            }
        }
        return null;
    }

    private static String refusal(Convolution c) {
        if (!(c instanceof Conv2d)) {
            return c.getClass().getSimpleName() + " (only 2-D convolutions were measured)";
        }
        if (c.getGroups() != 1) {
            return "a grouped convolution (groups " + c.getGroups() + ")";
        }
        Shape w = weightShape(c);
        if (w == null) {
            return "a convolution not initialised yet";
        }
        long out = w.get(0);
        long in = w.get(1);
        if (out % CHANNEL_BLOCK != 0 || (in % CHANNEL_BLOCK != 0 && in > MAX_STEM_CHANNELS)) {
            return "a convolution of " + in + " → " + out + " channels (oneDNN's backward needs multiples of "
                    + CHANNEL_BLOCK + ")";
        }
        return null;
    }

    private static Shape weightShape(Convolution c) {
        for (Pair<String, Parameter> p : c.getDirectParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT && p.getValue().isInitialized()) {
                return p.getValue().getArray().getShape();
            }
        }
        return null;
    }
}
