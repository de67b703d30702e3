package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.ssl.loss.ByolLoss;

/**
 * BYOL (Grill et al. 2020) as solo-learn's {@code methods/byol.py}: online [backbone → projector
 * h→2h→out (BN)] → predictor out→2h→out; target = EMA copy of [backbone → projector], τ 0.99→1.0 on a
 * cosine schedule ({@link MomentumSchedule#BYOL}); loss {@link ByolLoss#symmetric}; asymmetric views
 * (solarization on the second).
 */
public final class Byol extends AbstractSslMethod {
    private final MomentumSchedule schedule;
    private Block predictor;
    private MomentumNetwork momentum;

    public Byol() {
        this(MomentumSchedule.BYOL);
    }

    public Byol(MomentumSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return "byol";
    }

    @Override
    public ViewRecipe.Pair views() {
        return ViewRecipe.Pair.ASYMMETRIC;
    }

    @Override
    protected Block projector(HeadSizes s) {
        return Heads.projector(s);
    }

    @Override
    protected void buildHeads() {
        predictor = head(Heads.predictor(context.sizes()), context.sizes().out());
        momentum = MomentumNetwork.of(online, onlineFactory(), context.manager(), context.inputShape());
    }

    /** The EMA target network (for tests and inspection). */
    public MomentumNetwork momentum() {
        return momentum;
    }

    @Override
    public NDArray loss(ParameterStore store, NDArray x1, NDArray x2, long step) {
        NDArray p1 = run(predictor, store, run(online, store, x1));
        NDArray p2 = run(predictor, store, run(online, store, x2));
        NDArray t1 = run(momentum.target(), store, x1);
        NDArray t2 = run(momentum.target(), store, x2);
        return ByolLoss.symmetric(p1, p2, t1, t2);
    }

    @Override
    public void afterStep(ParameterStore store, long step) {
        momentum.update((float) schedule.tau(step + 1, context.totalSteps()));
    }
}
