package org.coopt.workbench.zoo;

import static org.coopt.workbench.zoo.PriorZoo.load;

import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.eval.BlockFeatures;
import org.coopt.workbench.eval.FeatureMatrix;
import org.coopt.workbench.eval.LinearProbe;
import org.coopt.workbench.eval.ProbeResult;
import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.run.Seeds;

/**
 * The linear probe every zoo entry gets (METHOD.md §7) and the fixed sample probe recorded beside it
 * ({@link ZooEntry#sampleProbeAccuracy}); used by {@link ZooBuilder} and by checks of a shipped zoo.
 */
public final class ZooProbe {
    private ZooProbe() {}

    /** Train images of the fixed sample probe recorded with every entry ({@link ZooEntry#sampleProbeAccuracy}). */
    public static final int SAMPLE_TRAIN = 2000;
    /** Test images of the fixed sample probe. */
    public static final int SAMPLE_TEST = 1000;

    /**
     * The data every entry's own linear probe uses: the seeded labelled prior pool of the zoo's dataset's train
     * split ({@link PriorPoolSplit}, seed {@code seeds.child("split")}) as probe training set and its test split
     * (its first {@code testLimit} images when set) as probe test set.
     *
     * @param split      the split that produced the pool (null when only pool and test are known)
     * @param probeTrain  what every entry's probe trains on: the train split (its first
     *                    {@link ZooSettings#probeTrainSize()} images when set)
     */
    public record ProbeData(PriorPoolSplit split, ImageDataset pool, ImageDataset test, ImageDataset probeTrain) {
    }

    /**
     * Prior pool, probe-train split and probe test data of a zoo built with {@code settings} (root seeds {@code seeds}): the
     * dataset's train and test splits at the zoo's image size, the seeded prior pool of train.
     */
    static ProbeData probeData(ZooSettings settings, Seeds seeds) {
        ImageDataset train = PriorZoo.load(settings, Split.TRAIN);
        ImageDataset test = PriorZoo.load(settings, Split.TEST);
        if (settings.testLimit() > 0 && settings.testLimit() < test.size()) {
            test = test.subset(firstN(settings.testLimit()), test.name() + "-first" + settings.testLimit());
        }
        if (settings.priorPoolSize() >= train.size()) {
            throw new UserInputException("zoo " + settings.preset() + ": its prior pool (" + settings.priorPoolSize()
                    + " images) needs a larger train split than " + train.name() + "'s " + train.size());
        }
        PriorPoolSplit split = PriorPoolSplit.of(train.size(), settings.priorPoolSize(), seeds.child("split"));
        ImageDataset probeTrain = settings.probeTrainSize() > 0 && settings.probeTrainSize() < train.size()
                ? train.subset(firstN(settings.probeTrainSize()), train.name() + "-first" + settings.probeTrainSize())
                : train;
        return new ProbeData(split, split.priorPool(train), test, probeTrain);
    }

    /** Features of a whole data set with a given batch size. */
    @FunctionalInterface
    public interface FeatureFunction {
        FeatureMatrix extract(ImageDataset data, int batchSize);
    }

    /** Probe settings of every entry: METHOD.md §7 defaults, {@code probeEpochs} epochs, seed {@code seed}. */
    static ProbeSettings probeSettings(ZooSettings settings, long seed) {
        return ProbeSettings.defaults().withEpochs(settings.probeEpochs()).withSeed(seed);
    }

    /**
     * An entry's own linear probe (METHOD.md §7): frozen features of the probe-train split (the whole train
     * split unless the settings cap it) train the probe, features of the test data score it; the same for every
     * entry kind, the user's TorchScript models included, and the same protocol as the experiments' students.
     */
    static ProbeResult probe(ZooSettings settings, ProbeData data, FeatureFunction features, long seed) {
        FeatureMatrix ftr = features.extract(data.probeTrain(), BlockFeatures.BATCH);
        FeatureMatrix fte = features.extract(data.test(), BlockFeatures.BATCH);
        return LinearProbe.fit(ftr, BlockFeatures.labels(data.probeTrain()), fte, BlockFeatures.labels(data.test()),
                probeSettings(settings, seed));
    }

    /**
     * The fixed sample probe of {@link ZooEntry#sampleProbeAccuracy}: the first {@link #SAMPLE_TRAIN} train images
     * → the first {@link #SAMPLE_TEST} test images of the zoo's dataset, METHOD.md §7 settings, probe seed 0.
     */
    public static double sampleProbe(ZooSettings settings, FeatureFunction features) {
        ImageDataset train = PriorZoo.load(settings, Split.TRAIN);
        ImageDataset test = PriorZoo.load(settings, Split.TEST);
        ImageDataset tr = train.subset(firstN(Math.min(SAMPLE_TRAIN, train.size())), train.name() + "-sample");
        ImageDataset te = test.subset(firstN(Math.min(SAMPLE_TEST, test.size())), test.name() + "-sample");
        FeatureMatrix ftr = features.extract(tr, BlockFeatures.BATCH);
        FeatureMatrix fte = features.extract(te, BlockFeatures.BATCH);
        return LinearProbe.fit(ftr, BlockFeatures.labels(tr), fte, BlockFeatures.labels(te),
                ProbeSettings.defaults().withSeed(0)).accuracy();
    }

    static int[] firstN(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
