package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.coopt.workbench.nn.Architectures;

/**
 * Shared plumbing of the SSL methods: the online network is {@code [backbone → projector]}, built by
 * one factory that the momentum copy (where there is one) reuses; subclasses add heads and the loss.
 */
public abstract class AbstractSslMethod implements SslMethod {
    protected final SslSetup setup;
    protected NDManager manager;
    protected Shape inputShape;
    protected Block online;
    protected Block backbone;
    private final List<Block> trainable = new ArrayList<>();

    protected AbstractSslMethod(SslSetup setup) {
        if (setup == null) {
            throw new IllegalArgumentException("an SSL method needs an SslSetup");
        }
        this.setup = setup;
    }

    /** The projector this method puts on the backbone. */
    protected abstract Block projector(HeadSizes sizes);

    /** Subclass set-up after the online network exists (heads, momentum network, state). */
    protected abstract void buildHeads();

    /** A fresh {@code [backbone → projector]}; used for the online network and for any momentum copy. */
    protected Supplier<Block> onlineFactory() {
        return () -> new SequentialBlock().add(Architectures.backbone(setup.spec())).add(projector(setup.sizes()));
    }

    @Override
    public final void initialize(NDManager parameters, Shape batchShape) {
        if (online != null) {
            throw new IllegalStateException(name() + " is already initialised");
        }
        long c = batchShape.get(1);
        if (c != setup.spec().inChannels() || batchShape.get(2) != setup.spec().imageSize()) {
            throw new IllegalArgumentException(name() + " was set up for " + setup.spec() + " but gets batches "
                    + batchShape);
        }
        this.manager = parameters;
        this.inputShape = batchShape;
        online = onlineFactory().get();
        online.initialize(manager, DataType.FLOAT32, batchShape);
        backbone = online.getChildren().valueAt(0);
        trainable.add(online);
        buildHeads();
    }

    /** Initialises a trainable head for inputs of {@code inputDim} features. */
    protected <B extends Block> B head(B block, long inputDim) {
        block.initialize(manager, DataType.FLOAT32, new Shape(inputShape.get(0), inputDim));
        trainable.add(block);
        return block;
    }

    protected static NDArray run(Block block, ParameterStore store, NDArray x) {
        return block.forward(store, new NDList(x), true).singletonOrThrow();
    }

    public SslSetup setup() {
        return setup;
    }

    /** The online network [backbone → projector]. */
    public Block online() {
        return online;
    }

    @Override
    public Block backbone() {
        if (backbone == null) {
            throw new IllegalStateException(name() + " is not initialised yet");
        }
        return backbone;
    }

    @Override
    public List<Block> trainableBlocks() {
        return List.copyOf(trainable);
    }
}
