package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
import org.coopt.workbench.train.StepPhases;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.train.TrainingLoop;

/**
 * Training throughput of a method on the bench workload of {@code shared/bench/ref_torch.py}: two fixed
 * random views [B, C, H, W] (no augmentation, no data loading), full steps of the shared
 * {@link TrainingLoop} (forward, backward, AdamW, {@link SslMethod#afterStep}); images/s = n·B / time
 * of n steps after {@code warmup} untimed steps.
 */
public final class SslThroughput {
    private SslThroughput() {}

    /**
     * A measurement, with where the timed steps spent their time and whether their backward passes ran on oneDNN
     * ({@link TrainingLoop#backwardOneDnn()}).
     */
    public record Measurement(String method, ArchSpec arch, int batchSize, int steps, double seconds,
                              double imagesPerSecond, StepPhases phases, boolean backwardOneDnn) {}

    public static Measurement measure(String name, ArchSpec spec, int batchSize, int warmup, int steps, long seed) {
        SslMethod method = SslMethods.create(name, SslSetup.of(spec, 60_000, seed));
        TrainSettings settings = TrainSettings.defaults(1).withBatchSize(batchSize).withLogEvery(0);
        Shape sample = new Shape(spec.inChannels(), spec.imageSize(), spec.imageSize());
        try (NDManager manager = Engines.get().newBaseManager(Engines.device())) {
            Engines.get().setRandomSeed((int) seed);
            TrainingLoop loop = new TrainingLoop(method, SslTrainer.withViews(settings, method), sample, manager);
            Shape batch = new Shape(batchSize).addAll(sample);
            NDArray x1 = manager.randomNormal(batch);
            NDArray x2 = manager.randomNormal(batch);
            int[] idx = java.util.stream.IntStream.range(0, batchSize).toArray();
            long total = warmup + steps;
            step(loop, x1, x2, idx, 0, warmup, total);
            StepPhases before = loop.phases();
            long t0 = System.nanoTime();
            step(loop, x1, x2, idx, warmup, total, total);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Measurement(method.name(), spec, batchSize, steps, seconds, steps * (double) batchSize / seconds,
                    loop.phases().since(before), loop.backwardOneDnn());
        }
    }

    /**
     * Steps {@code from}..{@code to − 1} of {@code total} on the fixed views, each in a sub-manager of
     * the loop's manager. DJL creates every operation's result on its input's manager, so the views
     * are temporarily attached to the step's manager (they return to theirs when it closes): left on
     * the long-lived manager, every activation of every forward pass would live until the end of the
     * measurement (about 1 GB per BYOL step at width 64, batch 256), and the page faults of that
     * growth, not the method, would dominate the time (more so for methods with a momentum forward).
     */
    static void step(TrainingLoop loop, NDArray x1, NDArray x2, int[] idx, long from, long to, long total) {
        for (long s = from; s < to; s++) {
            try (NDManager sm = loop.manager().newSubManager()) {
                x1.tempAttach(sm);
                x2.tempAttach(sm);
                StepContext ctx = new StepContext(sm, loop.parameterStore(), s, total, 0);
                loop.step(ctx, new Batch(x1, x2, null, null, idx));
            }
        }
    }
}
