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

    static {
        register("convnet", s -> ConvNet.backbone(s.width(), 3),
                s -> ConvNet.featureDim(s.width(), 3, s.imageSize()));
    }

    private Architectures() {}

    /** Adds an architecture; names are lower-case and unique. */
    public static synchronized void register(String name, Function<ArchSpec, Block> builder,
                                             Function<ArchSpec, Integer> featureDim) {
        BUILDERS.put(name, builder);
        FEATURE_DIMS.put(name, featureDim);
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
        public ArchSpec {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("architecture name must be set");
            }
            if (width < 1 || inChannels < 1 || imageSize < 4) {
                throw new IllegalArgumentException("bad ArchSpec " + name + ": width " + width
                        + ", channels " + inChannels + ", size " + imageSize);
            }
        }
    }
}
