package org.coopt.workbench.eval;

import ai.djl.nn.Block;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.train.EpochMonitor;

/**
 * Per-epoch accuracy of a backbone for training curves: features of a labelled train and test set
 * ({@link BlockFeatures}, eval mode), scored by a {@link Scorer}: a kNN classifier ({@link #knn}) or a short linear
 * probe ({@link #probe}).
 */
public final class FeatureMonitor implements EpochMonitor {
    /** Turns train and test features with labels into a test accuracy in [0, 1]. */
    public interface Scorer {
        /** Short name written in the curve's {@code accuracy_kind} column, e.g. {@code knn20}. */
        String kind();

        double accuracy(FeatureMatrix train, int[] trainLabels, FeatureMatrix test, int[] testLabels);
    }

    private final ImageDataset train;
    private final ImageDataset test;
    private final Scorer scorer;

    public FeatureMonitor(ImageDataset train, ImageDataset test, Scorer scorer) {
        this.train = train;
        this.test = test;
        this.scorer = scorer;
    }

    /** kNN accuracy ({@link KnnClassifier}), kind {@code knnK}. */
    public static FeatureMonitor knn(ImageDataset train, ImageDataset test, KnnClassifier knn) {
        return new FeatureMonitor(train, test, new Scorer() {
            @Override
            public String kind() {
                return "knn" + knn.k();
            }

            @Override
            public double accuracy(FeatureMatrix tr, int[] ytr, FeatureMatrix te, int[] yte) {
                return knn.accuracy(tr, ytr, te, yte);
            }
        });
    }

    /** Linear-probe accuracy ({@link LinearProbe}; its settings decide the cost), kind {@code probeE}. */
    public static FeatureMonitor probe(ImageDataset train, ImageDataset test, ProbeSettings settings) {
        return new FeatureMonitor(train, test, new Scorer() {
            @Override
            public String kind() {
                return "probe" + settings.epochs();
            }

            @Override
            public double accuracy(FeatureMatrix tr, int[] ytr, FeatureMatrix te, int[] yte) {
                return LinearProbe.fit(tr, ytr, te, yte, settings).accuracy();
            }
        });
    }

    @Override
    public String kind() {
        return scorer.kind();
    }

    @Override
    public double evaluate(Block backbone, int epoch) {
        FeatureMatrix ftr = BlockFeatures.extract(backbone, train);
        FeatureMatrix fte = BlockFeatures.extract(backbone, test);
        return scorer.accuracy(ftr, BlockFeatures.labels(train), fte, BlockFeatures.labels(test));
    }
}
