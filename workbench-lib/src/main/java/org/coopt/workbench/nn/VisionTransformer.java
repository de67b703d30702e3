package org.coopt.workbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A small Vision Transformer backbone (Dosovitskiy et al. 2021): p×p patches embedded by a strided
 * convolution to {@code width} dims, plus a learned position embedding; {@code depth} pre-norm encoder
 * layers x ← x + MHSA(LN(x)), x ← x + MLP(LN(x)) with MLP width·4 → GELU → width; a final LayerNorm
 * and the mean over tokens as the feature (features = width).
 *
 * <p><b>(decision)</b> Mean pooling instead of a class token; patch 4 for images of side ≤ 64 (the
 * "ViT patch 4" of CIFAR-scale work), patch 16 for larger images; depth 6; heads = width / 64 (at least
 * 1, and 1 when that does not divide the width). No dropout.
 */
public final class VisionTransformer {
    public static final int DEFAULT_WIDTH = 192;
    public static final int DEFAULT_DEPTH = 6;

    private VisionTransformer() {}

    public static int patchSize(int imageSize) {
        return imageSize <= 64 ? 4 : 16;
    }

    public static int heads(int width) {
        int h = Math.max(1, width / 64);
        return width % h == 0 ? h : 1;
    }

    public static Block backbone(int width, int imageSize, int depth) {
        int p = patchSize(imageSize);
        int tokens = (imageSize / p) * (imageSize / p);
        SequentialBlock net = new SequentialBlock().add(new PatchEmbedding(width, p, tokens));
        for (int i = 0; i < depth; i++) {
            net.add(new EncoderLayer(width, heads(width)));
        }
        net.add(LayerNorm.builder().axis(2).build());
        net.add(x -> new NDList(x.singletonOrThrow().mean(new int[] {1})));
        return net;
    }

    /** [B, C, H, W] → conv p×p stride p → [B, N, D] + position embedding [N, D]. */
    static final class PatchEmbedding extends AbstractBlock {
        private final Conv2d proj;
        private final Parameter position;
        private final int dim;
        private final int tokens;

        PatchEmbedding(int dim, int patch, int tokens) {
            this.dim = dim;
            this.tokens = tokens;
            proj = addChildBlock("proj", Conv2d.builder().setKernelShape(new Shape(patch, patch))
                    .optStride(new Shape(patch, patch)).setFilters(dim).build());
            position = addParameter(Parameter.builder().setName("position").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(tokens, dim)).optInitializer(new NormalInitializer(0.02f)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = proj.forward(ps, inputs, training).singletonOrThrow();
            long b = x.getShape().get(0);
            x = x.reshape(b, dim, -1).transpose(0, 2, 1);
            NDArray pos = ps.getValue(position, x.getDevice(), training);
            return new NDList(x.add(pos));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), tokens, dim)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            proj.initialize(manager, dataType, inputShapes);
        }
    }

    /** Pre-norm transformer encoder layer with multi-head self-attention. */
    static final class EncoderLayer extends AbstractBlock {
        private final LayerNorm norm1;
        private final Linear qkv;
        private final Linear out;
        private final LayerNorm norm2;
        private final SequentialBlock mlp;
        private final int dim;
        private final int heads;

        EncoderLayer(int dim, int heads) {
            this.dim = dim;
            this.heads = heads;
            norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
            qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
            out = addChildBlock("out", Linear.builder().setUnits(dim).build());
            norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
            mlp = addChildBlock("mlp", new SequentialBlock().add(Linear.builder().setUnits(4L * dim).build())
                    .add(Activation.geluBlock()).add(Linear.builder().setUnits(dim).build()));
        }

        /** softmax(QKᵀ/√d_h)V per head, heads concatenated, then the output projection. */
        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            Shape s = x.getShape();
            long b = s.get(0);
            long n = s.get(1);
            long dh = dim / heads;
            NDArray h = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
            NDArray qkvOut = qkv.forward(ps, new NDList(h), training).singletonOrThrow()
                    .reshape(b, n, 3, heads, dh).transpose(2, 0, 3, 1, 4);
            NDArray q = qkvOut.get(0);
            NDArray k = qkvOut.get(1);
            NDArray v = qkvOut.get(2);
            NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(dh)).softmax(3);
            NDArray ctx = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, dim);
            x = x.add(out.forward(ps, new NDList(ctx), training).singletonOrThrow());
            NDArray h2 = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
            x = x.add(mlp.forward(ps, new NDList(h2), training).singletonOrThrow());
            return new NDList(x);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape s = inputShapes[0];
            norm1.initialize(manager, dataType, s);
            qkv.initialize(manager, dataType, s);
            out.initialize(manager, dataType, s);
            norm2.initialize(manager, dataType, s);
            mlp.initialize(manager, dataType, s);
        }
    }
}
