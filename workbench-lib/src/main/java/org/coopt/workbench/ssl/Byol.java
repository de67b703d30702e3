package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
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

    public Byol(SslSetup setup) {
        this(setup, MomentumSchedule.BYOL);
    }

    public Byol(SslSetup setup, MomentumSchedule schedule) {
        super(setup);
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return "byol";
    }

    @Override
    public SslViews views() {
        return SslViews.asymmetric(setup.spec().imageSize());
    }

    @Override
    protected Block projector(HeadSizes s) {
        return Heads.projector(s);
    }

    @Override
    protected void buildHeads() {
        predictor = head(Heads.predictor(setup.sizes()), setup.sizes().out());
        momentum = MomentumNetwork.of(online, onlineFactory(), manager, inputShape);
    }

    /** The EMA target network (for tests and inspection). */
    public MomentumNetwork momentum() {
        return momentum;
    }

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        ParameterStore store = ctx.parameterStore();
        NDArray x1 = batch.view1();
        NDArray x2 = batch.view2();
        NDArray p1 = run(predictor, store, run(online, store, x1));
        NDArray p2 = run(predictor, store, run(online, store, x2));
        NDArray t1 = run(momentum.target(), store, x1);
        NDArray t2 = run(momentum.target(), store, x2);
        return ByolLoss.symmetric(p1, p2, t1, t2);
    }

    @Override
    public void afterStep(StepContext ctx) {
        momentum.update((float) schedule.tau(ctx.step() + 1, ctx.totalSteps()));
    }
}
