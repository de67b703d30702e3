package org.coopt.workbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.engine.Engines;
import org.junit.jupiter.api.Test;

class InferenceTest {
    @Test
    void eagerForwardEqualsBlockForward() {
        for (String name : new String[] {"convnet", "resnet18", "mlp"}) {
            Block b = Architectures.backbone(new Architectures.ArchSpec(name, 4, 1, 28));
            try (NDManager m = Engines.get().newBaseManager()) {
                Shape in = new Shape(3, 1, 28, 28);
                b.initialize(m, DataType.FLOAT32, in);
                ParameterStore ps = new ParameterStore(m, false);
                NDArray x = m.randomNormal(in);
                float[] ref = b.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
                float[] eager;
                try (NDManager sm = m.newSubManager()) {
                    x.tempAttach(sm);
                    eager = Inference.forward(b, ps, x).toFloatArray();
                }
                assertArrayEquals(ref, eager, 1e-6f, name);
            }
        }
    }
}
