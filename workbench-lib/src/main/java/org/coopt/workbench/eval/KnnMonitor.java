package org.coopt.workbench.eval;

import ai.djl.nn.Block;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.train.EpochMonitor;

/** Per-epoch kNN accuracy of the backbone: features of a labelled train and test set, then {@link KnnClassifier}. */
public final class KnnMonitor implements EpochMonitor {
    private final ImageDataset train;
    private final ImageDataset test;
    private final KnnClassifier knn;

    public KnnMonitor(ImageDataset train, ImageDataset test, KnnClassifier knn) {
        this.train = train;
        this.test = test;
        this.knn = knn;
    }

    @Override
    public String kind() {
        return "knn" + knn.k();
    }

    @Override
    public double evaluate(Block backbone, int epoch) {
        FeatureMatrix ftr = BlockFeatures.extract(backbone, train);
        FeatureMatrix fte = BlockFeatures.extract(backbone, test);
        return knn.accuracy(ftr, BlockFeatures.labels(train), fte, BlockFeatures.labels(test));
    }
}
