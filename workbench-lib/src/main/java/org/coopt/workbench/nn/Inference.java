package org.coopt.workbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * Eval-mode forward passes that free each intermediate result as soon as the next layer has consumed
 * it (as PyTorch's reference counting does under {@code no_grad}), instead of keeping every activation
 * of the batch alive until the batch's NDManager closes. For a {@link SequentialBlock} the children are
 * run one by one; any other block is run as is. Use only without gradient recording.
 */
public final class Inference {
    private Inference() {}

    /** The block's output on {@code x} (training = false); {@code x} itself is left open. */
    public static NDArray forward(Block block, ParameterStore ps, NDArray x) {
        if (!(block instanceof SequentialBlock seq)) {
            return block.forward(ps, new NDList(x), false).singletonOrThrow();
        }
        NDList current = new NDList(x);
        for (Pair<String, Block> child : seq.getChildren()) {
            NDList next = child.getValue().forward(ps, current, false);
            if (current.get(0) != x && !sameArrays(current, next)) {
                current.close();
            }
            current = next;
        }
        return current.singletonOrThrow();
    }

    private static boolean sameArrays(NDList a, NDList b) {
        for (NDArray x : a) {
            for (NDArray y : b) {
                if (x == y) {
                    return true;
                }
            }
        }
        return false;
    }
}
