package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.coopt.workbench.nn.Architectures;

/**
 * Shared plumbing: the online network is {@code [backbone → projector]}, built by one factory that
 * the momentum copy (where there is one) reuses; subclasses add their heads and loss.
 */
public abstract class AbstractSslMethod implements SslMethod {
    protected SslContext context;
    protected Block online;
    protected Block backbone;
    protected final List<Block> trainable = new ArrayList<>();

    /** The projector this method puts on the backbone. */
    protected abstract Block projector(HeadSizes sizes);

    /** Subclass set-up after the online network exists (heads, momentum network, state). */
    protected abstract void buildHeads();

    /** A fresh {@code [backbone → projector]}; used for the online network and any momentum copy. */
    protected Supplier<Block> onlineFactory() {
        return () -> new SequentialBlock().add(Architectures.backbone(context.spec()))
                .add(projector(context.sizes()));
    }

    @Override
    public final void build(SslContext ctx) {
        if (context != null) {
            throw new IllegalStateException(name() + " is already built");
        }
        this.context = ctx;
        online = onlineFactory().get();
        online.initialize(ctx.manager(), DataType.FLOAT32, ctx.inputShape());
        backbone = online.getChildren().valueAt(0);
        trainable.add(online);
        buildHeads();
    }

    /** Initialises a head on the output shape of the online network. */
    protected <B extends Block> B head(B block, long inputDim) {
        block.initialize(context.manager(), DataType.FLOAT32, new ai.djl.ndarray.types.Shape(context.batchSize(), inputDim));
        trainable.add(block);
        return block;
    }

    protected static NDArray run(Block block, ParameterStore store, NDArray x) {
        return block.forward(store, new NDList(x), true).singletonOrThrow();
    }

    @Override
    public Block backbone() {
        return backbone;
    }

    @Override
    public List<Block> trainable() {
        return List.copyOf(trainable);
    }

    @Override
    public void close() {
        // Parameters live on context.manager(), which the caller owns and closes.
    }
}
