package org.coopt.workbench.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchitecturesTest {
    /** Tiny widths keep the test fast; vit needs a width divisible by its heads. */
    private static int tinyWidth(String name) {
        return switch (name) {
            case "vit" -> 16;
            case "mlp" -> 32;
            case "mobilenetv2", "efficientnet-b0" -> 8;
            default -> 4;
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String name : Architectures.names()) {
            out.add(Arguments.of(name, 1, 28));
            out.add(Arguments.of(name, 3, 32));
            out.add(Arguments.of(name, 3, 64));
        }
        for (String name : List.of("convnet", "resnet18", "mobilenetv2", "vit")) {
            out.add(Arguments.of(name, 3, 224));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}x{2}x{2}")
    @MethodSource("cases")
    void outputIsBatchByFeatureDim(String name, int channels, int size) {
        ArchSpec spec = new ArchSpec(name, tinyWidth(name), channels, size);
        Block block = Architectures.backbone(spec);
        try (NDManager m = Engines.get().newBaseManager()) {
            Shape in = new Shape(2, channels, size, size);
            block.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomNormal(in);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray y = block.forward(ps, new NDList(x), false).singletonOrThrow();
            int dim = Architectures.featureDim(spec);
            assertEquals(new Shape(2, dim), y.getShape());
            assertEquals(new Shape(2, dim), block.getOutputShapes(new Shape[] {in})[0]);
            float[] v = y.toFloatArray();
            for (float f : v) {
                assertTrue(Float.isFinite(f));
            }
        }
    }

    @ParameterizedTest(name = "{0} default width")
    @MethodSource("names")
    void featureDimsAtMultiplierOne(String name, int expected) {
        assertEquals(expected, Architectures.featureDim(Architectures.scaled(name, 1.0, 3, 32)));
    }

    static Stream<Arguments> names() {
        return Stream.of(Arguments.of("convnet", 64 * 4 * 4), Arguments.of("resnet18", 512),
                Arguments.of("resnet50", 2048), Arguments.of("resnet101", 2048), Arguments.of("mobilenetv2", 1280),
                Arguments.of("efficientnet-b0", 1280), Arguments.of("vit", 192), Arguments.of("mlp", 512));
    }
}
