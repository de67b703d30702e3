package org.coopt.workbench.nn;

import ai.djl.nn.Block;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Registry of backbone architectures by name (the network without its classifier; its output is
 * a flat feature vector). Each entry builds a fresh, uninitialised {@link Block} from an
 * {@link ArchSpec}; a saved prior records its spec so that it can be rebuilt and its parameters loaded.
 */
public final class Architectures {
    private static final Map<String, Function<ArchSpec, Block>> BUILDERS = new LinkedHashMap<>();
    private static final Map<String, Function<ArchSpec, Integer>> FEATURE_DIMS = new LinkedHashMap<>();
    private static final Map<String, Integer> DEFAULT_WIDTHS = new LinkedHashMap<>();

    static {
        register("convnet", s -> ConvNet.backbone(s.width(), 3),
                s -> ConvNet.featureDim(s.width(), 3, s.imageSize()));
        DEFAULT_WIDTHS.put("convnet", 64);
        register("convnet-gap", s -> ConvNet.pooledBackbone(s.width(), 3), ArchSpec::width, 64);
        for (int depth : new int[] {18, 50, 101}) {
            register("resnet" + depth, s -> ResNet.backbone(depth, s.width(), s.imageSize()),
                    s -> ResNet.featureDim(depth, s.width()), 64);
        }
        register("mobilenetv2", s -> MobileNetV2.backbone(s.width(), s.imageSize()),
                s -> MobileNetV2.featureDim(s.width()), MobileNetV2.DEFAULT_WIDTH);
        register("efficientnet-b0", s -> EfficientNetB0.backbone(s.width(), s.imageSize()),
                s -> EfficientNetB0.featureDim(s.width()), EfficientNetB0.DEFAULT_WIDTH);
        register("vit", s -> VisionTransformer.backbone(s.width(), s.imageSize(), VisionTransformer.DEFAULT_DEPTH),
                ArchSpec::width, VisionTransformer.DEFAULT_WIDTH);
        register("mlp", s -> Mlp.backbone(s.width(), 2), ArchSpec::width, Mlp.DEFAULT_WIDTH);
    }

    private Architectures() {}

    /** Adds an architecture; names are lower-case and unique. */
    public static synchronized void register(String name, Function<ArchSpec, Block> builder,
                                             Function<ArchSpec, Integer> featureDim) {
        BUILDERS.put(name, builder);
        FEATURE_DIMS.put(name, featureDim);
    }

    /** Adds an architecture with its default (multiplier 1) width. */
    public static synchronized void register(String name, Function<ArchSpec, Block> builder,
                                             Function<ArchSpec, Integer> featureDim, int defaultWidth) {
        register(name, builder, featureDim);
        DEFAULT_WIDTHS.put(name, defaultWidth);
    }

    /**
     * The width at multiplier 1: convnet 64, resnet* 64 (first stage), mobilenetv2 and efficientnet-b0
     * 32 (stem channels), vit 192 (embedding), mlp 512 (hidden units).
     */
    public static synchronized int defaultWidth(String name) {
        lookup(BUILDERS, name);
        Integer w = DEFAULT_WIDTHS.get(name);
        if (w == null) {
            throw new IllegalArgumentException("architecture '" + name + "' has no default width");
        }
        return w;
    }

    /** A spec with the width scaled by {@code multiplier} (rounded, at least 1; multiples of heads for vit). */
    public static ArchSpec scaled(String name, double multiplier, int inChannels, int imageSize) {
        int w = Math.max(1, (int) Math.round(defaultWidth(name) * multiplier));
        return new ArchSpec(name, w, inChannels, imageSize);
    }

    public static synchronized Block backbone(ArchSpec spec) {
        return lookup(BUILDERS, spec.name()).apply(spec);
    }

    public static synchronized int featureDim(ArchSpec spec) {
        return lookup(FEATURE_DIMS, spec.name()).apply(spec);
    }

    public static synchronized Iterable<String> names() {
        return Collections.unmodifiableSet(BUILDERS.keySet());
    }

    private static <T> T lookup(Map<String, T> map, String name) {
        T t = map.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + BUILDERS.keySet());
        }
        return t;
    }

    /**
     * What a backbone is built from.
     *
     * @param name        registry name, e.g. {@code convnet}
     * @param width       base width (channels of the first stage; ConvNet-3 default 64)
     * @param inChannels  input channels (1 for Fashion-MNIST, 3 for CIFAR)
     * @param imageSize   input side in pixels (28, 32, 64 or 224)
     */
    public record ArchSpec(String name, int width, int inChannels, int imageSize) {
        /**
         * <b>(decision)</b> The largest base width accepted: 16× the paper's 64, far beyond any network of the
         * paper, and small enough that a typo (width 100000) is refused instead of allocating hundreds of GB.
         */
        public static final int MAX_WIDTH = 1024;

        public ArchSpec {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("architecture name must be set");
            }
            if (width < 1 || width > MAX_WIDTH || inChannels < 1 || imageSize < 4) {
                throw new IllegalArgumentException("bad ArchSpec " + name + ": width " + width + " (1.." + MAX_WIDTH
                        + "), channels " + inChannels + ", size " + imageSize + " (>= 4)");
            }
        }
    }
}
