package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;

/**
 * The small heads SSL methods put on a backbone (as lightly's {@code heads.py} / solo-learn's
 * projectors): MLPs of [Linear → BatchNorm → ReLU] blocks ending in a Linear, and SwAV/DINO prototypes.
 */
public final class Heads {
    private Heads() {}

    /**
     * An MLP through {@code dims} (dims[0] is the input size and only documents it; DJL infers it):
     * for each hidden size Linear → BN → ReLU, then a final Linear to dims[last], followed by BN when
     * {@code batchNormOut} (SimSiam's projector ends in BN).
     */
    public static SequentialBlock mlp(boolean batchNormOut, int... dims) {
        if (dims.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least input and output sizes");
        }
        SequentialBlock net = new SequentialBlock();
        for (int i = 1; i < dims.length - 1; i++) {
            net.add(Linear.builder().setUnits(dims[i]).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        net.add(Linear.builder().setUnits(dims[dims.length - 1]).build());
        if (batchNormOut) {
            net.add(BatchNorm.builder().build());
        }
        return net;
    }

    /** Projector of BYOL/MoCo/SimCLR/DCL: h → hidden → out. */
    public static SequentialBlock projector(HeadSizes s) {
        return mlp(false, s.featureDim(), s.hidden(), s.out());
    }

    /** BYOL predictor: out → hidden → out. */
    public static SequentialBlock predictor(HeadSizes s) {
        return mlp(false, s.out(), s.hidden(), s.out());
    }

    /** SimSiam 3-layer projector h → hidden → hidden → out, BN on every layer including the output. */
    public static SequentialBlock simSiamProjector(HeadSizes s) {
        return mlp(true, s.featureDim(), s.hidden(), s.hidden(), s.out());
    }

    /** SimSiam predictor out → bottleneck → out. */
    public static SequentialBlock simSiamPredictor(HeadSizes s) {
        return mlp(false, s.out(), s.bottleneck(), s.out());
    }

    /** Prototypes: a bias-free Linear whose K rows are kept on the unit sphere by {@link #normalizePrototypes}. */
    public static Block prototypes(int k) {
        return Linear.builder().setUnits(k).optBias(false).build();
    }

    /**
     * Rescales every row of the prototypes' weight (K×d) to unit L2 norm, in place and outside any
     * gradient recording (SwAV, Caron et al. 2020 Sec. 4: "we normalize the prototypes" before each step).
     */
    public static void normalizePrototypes(Block prototypes) {
        try (org.coopt.workbench.engine.Engines.Scope noGrad = org.coopt.workbench.engine.Engines.noGrad()) {
            normalize(prototypes);
        }
    }

    private static void normalize(Block prototypes) {
        for (Pair<String, Parameter> p : prototypes.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                NDArray w = p.getValue().getArray();
                try (NDArray norms = w.norm(new int[] {1}, true); NDArray safe = norms.maximum(1e-12f)) {
                    w.divi(safe);
                }
            }
        }
    }
}
