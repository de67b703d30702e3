package org.coopt.workbench.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.util.Hashing;

/**
 * The "human" prior (paper Tab. 5, METHOD.md §5): one-hot labels as features, f(x) = e_{label(x)} ∈ R^C.
 * Its targets are then projected like any other prior's. The content hash covers the kind and C; the
 * labels themselves are part of the data hash.
 */
public final class HumanPrior implements PriorModel {
    private final int classes;

    public HumanPrior(int classes) {
        if (classes < 2) {
            throw new UserInputException("the human prior needs a labelled dataset with >= 2 classes, got " + classes);
        }
        this.classes = classes;
    }

    @Override
    public String id() {
        return "human-" + classes;
    }

    @Override
    public String kind() {
        return "human";
    }

    @Override
    public int outputDim() {
        return classes;
    }

    @Override
    public String contentHash() {
        return Hashing.sha256(("human one-hot " + classes).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public NDArray extract(NDManager manager, ImageDataset data, int[] indices) {
        if (data.numClasses() != classes) {
            throw new UserInputException("human prior for " + classes + " classes used on " + data.name() + " with "
                    + data.numClasses());
        }
        NDArray labels = data.labels(manager, indices);
        if (labels.lt(0).any().getBoolean()) {
            throw new UserInputException(data.name() + " has unlabeled samples; the human prior needs labels");
        }
        return labels.oneHot(classes).toType(DataType.FLOAT32, false);
    }

    @Override
    public void close() {
        // nothing native held
    }
}
