package org.coopt.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.coopt.workbench.engine.Engines;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void twoViewCosineMatchesHandComputedValue() {
        try (NDManager m = Engines.get().newBaseManager()) {
            // sample 0: p1 = (1,0) vs y = (1,1): cos = 1/√2; p2 = (0,2) vs y: cos = 1/√2
            // sample 1: p1 = (1,0) vs y = (-1,0): cos = -1;  p2 = (3,0) vs y: cos = -1
            NDArray p1 = m.create(new float[] {1, 0, 1, 0}, new Shape(2, 2));
            NDArray p2 = m.create(new float[] {0, 2, 3, 0}, new Shape(2, 2));
            NDArray y = m.create(new float[] {1, 1, -1, 0}, new Shape(2, 2));
            double s0 = 0.5 * ((1 - 1 / Math.sqrt(2)) + (1 - 1 / Math.sqrt(2)));
            double s1 = 0.5 * (2 + 2);
            assertEquals((s0 + s1) / 2, Losses.twoViewCosine(p1, p2, y).getFloat(), 1e-6);
        }
    }

    @Test
    void cosineOfZeroVectorIsZeroNotNaN() {
        try (NDManager m = Engines.get().newBaseManager()) {
            NDArray a = m.create(new float[] {0, 0}, new Shape(1, 2));
            NDArray b = m.create(new float[] {1, 2}, new Shape(1, 2));
            assertEquals(0.0, Losses.cosine(a, b).getFloat(), 1e-12);
        }
    }

    @Test
    void crossEntropyMatchesHandComputedValue() {
        try (NDManager m = Engines.get().newBaseManager()) {
            NDArray logits = m.create(new float[] {0, 0, Math.round(0), 1, 2, 3}, new Shape(2, 3));
            NDArray labels = m.create(new long[] {0, 2});
            double ce0 = Math.log(3); // uniform
            double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
            double ce1 = -(3 - Math.log(z));
            assertEquals((ce0 + ce1) / 2, Losses.crossEntropy(logits, labels).getFloat(), 1e-5);
        }
    }
}
