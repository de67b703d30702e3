package org.coopt.workbench.eval;

import ai.djl.nn.Block;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.train.EpochMonitor;

/** Per-epoch linear-probe accuracy of the backbone (a short probe; its settings decide the cost). */
public final class ProbeMonitor implements EpochMonitor {
    private final ImageDataset train;
    private final ImageDataset test;
    private final ProbeSettings settings;

    public ProbeMonitor(ImageDataset train, ImageDataset test, ProbeSettings settings) {
        this.train = train;
        this.test = test;
        this.settings = settings;
    }

    @Override
    public String kind() {
        return "probe" + settings.epochs();
    }

    @Override
    public double evaluate(Block backbone, int epoch) {
        FeatureMatrix ftr = BlockFeatures.extract(backbone, train);
        FeatureMatrix fte = BlockFeatures.extract(backbone, test);
        return LinearProbe.fit(ftr, BlockFeatures.labels(train), fte, BlockFeatures.labels(test), settings)
                .accuracy();
    }
}
