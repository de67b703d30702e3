package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
import org.coopt.workbench.ssl.loss.MoCoLoss;

/**
 * MoCo v2 (Chen et al. 2020b) as solo-learn's {@code methods/mocov2plus.py}: query network
 * [backbone → projector h→2h→out], key network = its EMA copy (τ 0.99→0.999 cosine,
 * {@link MomentumSchedule#MOCO}); symmetric InfoNCE with T = 0.2 against one queue of past keys per
 * view ({@link MoCoLoss#symmetric}); queue size min(4096, N/2) ({@link MoCoQueue#defaultSize}).
 * Views: BYOL-style asymmetric, as solo-learn's MoCo v2+ configs <b>(decision)</b>.
 */
public final class MoCo extends AbstractSslMethod {
    private final MomentumSchedule schedule;
    private final float temperature;
    private MomentumNetwork momentum;
    private MoCoQueue queue1;
    private MoCoQueue queue2;
    private NDArray pendingK1;
    private NDArray pendingK2;

    public MoCo(SslSetup setup) {
        this(setup, MomentumSchedule.MOCO, MoCoLoss.DEFAULT_TEMPERATURE);
    }

    public MoCo(SslSetup setup, MomentumSchedule schedule, float temperature) {
        super(setup);
        this.schedule = schedule;
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "moco";
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
        momentum = MomentumNetwork.of(online, onlineFactory(), manager, inputShape);
        int size = MoCoQueue.defaultSize(setup.datasetSize());
        queue1 = new MoCoQueue(manager, size, setup.sizes().out(), setup.seed());
        queue2 = new MoCoQueue(manager, size, setup.sizes().out(), setup.seed() + 1);
    }

    public MomentumNetwork momentum() {
        return momentum;
    }

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        ParameterStore store = ctx.parameterStore();
        NDArray x1 = batch.view1();
        NDArray x2 = batch.view2();
        NDArray q1 = run(online, store, x1);
        NDArray q2 = run(online, store, x2);
        pendingK1 = run(momentum.target(), store, x1).stopGradient();
        pendingK2 = run(momentum.target(), store, x2).stopGradient();
        return MoCoLoss.symmetric(q1, q2, pendingK1, pendingK2, queue1.keys(), queue2.keys(), temperature);
    }

    @Override
    public void afterStep(StepContext ctx) {
        momentum.update((float) schedule.tau(ctx.step() + 1, ctx.totalSteps()));
        if (pendingK1 != null) {
            queue1.enqueue(pendingK1);
            queue2.enqueue(pendingK2);
            pendingK1 = null;
            pendingK2 = null;
        }
    }

    /** The queues of past keys of view 1 and view 2 (for tests and inspection). */
    public MoCoQueue[] queues() {
        return new MoCoQueue[] {queue1, queue2};
    }
}
