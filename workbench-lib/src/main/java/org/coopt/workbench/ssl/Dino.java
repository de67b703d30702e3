package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
import org.coopt.workbench.ssl.loss.DinoLoss;
import org.coopt.workbench.ssl.loss.Ops;

/**
 * DINO (Caron et al. 2021) as solo-learn's {@code methods/dino.py}: student [backbone → head MLP
 * h→2h→out → L2-normalise → K prototypes (rows renormalised after each step, solo-learn's
 * {@code norm_last_layer})], teacher = EMA copy of the whole student (τ 0.996→1.0 cosine,
 * {@link MomentumSchedule#DINO}); loss {@link DinoLoss#symmetric} with T_s = 0.1, T_t warmed up
 * linearly 0.04→0.07 over the first 10% of steps <b>(decision: DINO warms up over 30 of 100–300
 * epochs)</b>, centre EMA 0.9 updated after each step from the teacher outputs. K = min(4096, 32·width).
 * Head MLP uses BN+ReLU like the other heads rather than DINO's GELU without BN <b>(decision)</b>.
 * Views: BYOL-style asymmetric, two global crops (no multi-crop).
 */
public final class Dino extends AbstractSslMethod {
    private final MomentumSchedule schedule;
    private MomentumNetwork teacher;
    private NDArray center;
    private NDArray pendingT1;
    private NDArray pendingT2;

    public Dino(SslSetup setup) {
        this(setup, MomentumSchedule.DINO);
    }

    public Dino(SslSetup setup, MomentumSchedule schedule) {
        super(setup);
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return "dino";
    }

    @Override
    public SslViews views() {
        return SslViews.asymmetric(setup.spec().imageSize());
    }

    @Override
    protected Block projector(HeadSizes s) {
        return new SequentialBlock().add(Heads.projector(s)).addSingleton(Ops::normalize)
                .add(Heads.prototypes(s.dinoPrototypes()));
    }

    @Override
    protected void buildHeads() {
        normalizeLastLayer(online);
        teacher = MomentumNetwork.of(online, onlineFactory(), manager, inputShape);
        center = manager.zeros(new Shape(1, setup.sizes().dinoPrototypes()));
    }

    private static void normalizeLastLayer(Block student) {
        SequentialBlock head = (SequentialBlock) student.getChildren().valueAt(1);
        Heads.normalizePrototypes(head.getChildren().valueAt(2));
    }

    public NDArray center() {
        return center;
    }

    /** T_t at {@code step} of {@code totalSteps}: warm-up over the first 10% of the steps. */
    public static float teacherTemperature(long step, long totalSteps) {
        long warmup = Math.max(1, totalSteps / 10);
        return DinoLoss.teacherTemperature(step, warmup, DinoLoss.TEACHER_TEMPERATURE_START,
                DinoLoss.TEACHER_TEMPERATURE_END);
    }

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        ParameterStore store = ctx.parameterStore();
        NDArray x1 = batch.view1();
        NDArray x2 = batch.view2();
        NDArray s1 = run(online, store, x1);
        NDArray s2 = run(online, store, x2);
        pendingT1 = run(teacher.target(), store, x1).stopGradient();
        pendingT2 = run(teacher.target(), store, x2).stopGradient();
        return DinoLoss.symmetric(s1, s2, pendingT1, pendingT2, center, DinoLoss.STUDENT_TEMPERATURE,
                teacherTemperature(ctx.step(), ctx.totalSteps()));
    }

    @Override
    public void afterStep(StepContext ctx) {
        normalizeLastLayer(online);
        teacher.update((float) schedule.tau(ctx.step() + 1, ctx.totalSteps()));
        if (pendingT1 != null) {
            NDArray updated = DinoLoss.updatedCenter(center, pendingT1, pendingT2, DinoLoss.CENTER_MOMENTUM);
            center.muli(0).addi(updated);
            pendingT1 = null;
            pendingT2 = null;
        }
    }
}
