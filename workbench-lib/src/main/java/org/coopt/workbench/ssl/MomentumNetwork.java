package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import java.util.function.Supplier;

/**
 * The momentum (EMA, "target"/"teacher"/"key") copy of an online network, as in BYOL, MoCo and DINO.
 * It is built by the same factory as the online network (never copy-pasted twin code), initialised
 * with the online network's parameters, and frozen: no gradient ever reaches it.
 *
 * <pre>
 *   θ' ← τ·θ' + (1 − τ)·θ        for every trainable parameter (weights, biases, BN γ/β)
 * </pre>
 * BatchNorm running statistics are not averaged: as in solo-learn's {@code MomentumUpdater}, the
 * target keeps its own running statistics from its own forward passes.
 */
public final class MomentumNetwork {
    private final Block online;
    private final Block target;

    private MomentumNetwork(Block online, Block target) {
        this.online = online;
        this.target = target;
    }

    /**
     * Builds {@code factory.get()}, initialises it on {@code manager} for {@code inputShape}, copies
     * the (already initialised) online network's parameters into it and freezes it.
     */
    public static MomentumNetwork of(Block online, Supplier<Block> factory, NDManager manager, Shape inputShape) {
        Block target = factory.get();
        target.initialize(manager, DataType.FLOAT32, inputShape);
        ParameterList o = online.getParameters();
        ParameterList t = target.getParameters();
        if (o.size() != t.size()) {
            throw new IllegalStateException("the factory built a network with " + t.size()
                    + " parameters for an online network with " + o.size());
        }
        for (int i = 0; i < o.size(); i++) {
            NDArray src = o.valueAt(i).getArray();
            NDArray dst = t.valueAt(i).getArray();
            if (!src.getShape().equals(dst.getShape())) {
                throw new IllegalStateException("parameter " + o.valueAt(i).getName() + " has shape " + src.getShape()
                        + " online but " + dst.getShape() + " in the momentum copy");
            }
            src.copyTo(dst);
        }
        target.freezeParameters(true);
        return new MomentumNetwork(online, target);
    }

    /** Whether the EMA averages this parameter: everything but BatchNorm running statistics. */
    public static boolean isTrainable(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    public Block online() {
        return online;
    }

    public Block target() {
        return target;
    }

    /** θ' ← τ·θ' + (1 − τ)·θ, in place, for every trainable parameter. */
    public void update(float tau) {
        if (!(tau >= 0 && tau <= 1)) {
            throw new IllegalArgumentException("EMA coefficient must be in [0, 1], got " + tau);
        }
        try (org.coopt.workbench.engine.Engines.Scope noGrad = org.coopt.workbench.engine.Engines.noGrad()) {
            ema(tau);
        }
    }

    private void ema(float tau) {
        ParameterList o = online.getParameters();
        ParameterList t = target.getParameters();
        for (int i = 0; i < o.size(); i++) {
            Parameter p = o.valueAt(i);
            if (!isTrainable(p)) {
                continue;
            }
            NDArray dst = t.valueAt(i).getArray();
            try (NDArray scaled = p.getArray().mul(1 - tau)) {
                dst.muli(tau).addi(scaled);
            }
        }
    }
}
