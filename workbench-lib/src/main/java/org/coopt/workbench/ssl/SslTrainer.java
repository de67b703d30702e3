package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.train.EpochMonitor;
import org.coopt.workbench.train.TrainSettings;
import org.coopt.workbench.train.TrainingCurve;
import org.coopt.workbench.train.TrainingLoop;

/**
 * Trains an {@link SslMethod} with the shared {@link TrainingLoop}: the same loop, AdamW, batch size,
 * epochs and wall-clock accounting as CoOpt's student; only the objective and the two views differ
 * (the method's {@link SslMethod#views()} replace {@code settings}' views).
 */
public final class SslTrainer {
    private SslTrainer() {}

    /**
     * Initialises {@code method} on {@code manager} (owned by the caller, so the trained backbone
     * outlives the call) from seed child {@code init}, and trains it on {@code data}.
     *
     * @param monitor per-epoch accuracy (e.g. {@link org.coopt.workbench.eval.FeatureMonitor#knn}) or null
     * @param seeds   children {@code init} (parameter initialisation) and {@code loop} (shuffle, views)
     */
    public static TrainingCurve train(SslMethod method, ImageDataset data, TrainSettings settings, EpochMonitor monitor,
                                      Seeds seeds, NDManager manager) {
        TrainSettings s = withViews(settings, method);
        Engines.get().setRandomSeed((int) seeds.child("init"));
        TrainingLoop loop = new TrainingLoop(method, s, new Shape(data.channels(), data.height(), data.width()), manager);
        return loop.fit(data, null, seeds.child("loop"), monitor);
    }

    /** {@code settings} with the method's two views. */
    public static TrainSettings withViews(TrainSettings settings, SslMethod method) {
        SslViews v = method.views();
        return settings.withViews(v.first(), v.second());
    }
}
