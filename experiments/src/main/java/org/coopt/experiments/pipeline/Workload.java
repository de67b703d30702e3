package org.coopt.experiments.pipeline;

import org.coopt.workbench.util.Shuffle;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.nio.file.Files;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.zoo.PriorPoolSplit;
import org.coopt.workbench.zoo.PriorZoo;
import org.coopt.workbench.zoo.ZooSettings;
import org.coopt.workbench.util.Log;

/**
 * The images of one experiment, from the dataset of its prior zoo: the unlabelled images CoOpt optimizes
 * and the SSL baselines pre-train on, the labelled images the linear probe is fit on (the whole labelled train
 * split by default, METHOD.md §7; only the probe reads labels), and the test images it is scored on.
 */
public record Workload(ImageDataset unlabelled, ImageDataset probeTrain, ImageDataset test, String zooPreset,
                       ImageDataset monitorTrain) {
    /** Labelled images of the per-epoch kNN monitor's bank (as before the probe took the whole train split). */
    public static final int MONITOR_BANK = 10_000;

    /**
     * The zoo's dataset (Fashion-MNIST for the smoke and cpu zoos, a paper dataset for {@code paper-*}), split
     * exactly as the zoo {@code settings.zooPreset()} split it, at the zoo's image size. The zoo is built
     * first when missing; a paper dataset missing on this machine is one line naming the variable to set.
     */
    public static Workload of(WorkloadSettings settings) throws IOException {
        ZooSettings zoo = zooSettings(settings.zooPreset());
        // Fail on missing data before a zoo build starts, with the catalogue's one-line hint.
        ImageDataset train = PriorZoo.load(zoo, Split.TRAIN);
        ImageDataset test = PriorZoo.load(zoo, Split.TEST);
        PriorZoo.Index index = ensureZoo(settings.zooPreset());
        PriorPoolSplit split = PriorPoolSplit.of(train.size(), index.settings().priorPoolSize(),
                new Seeds(index.settings().seed()).child("split"));
        if (!split.priorPoolSha256().equals(index.priorPoolSha256())) {
            throw new IllegalStateException("the zoo's prior pool does not match its recorded split; rebuild the zoo");
        }
        ImageDataset pool = split.unlabelledPool(train);
        Seeds seeds = new Seeds(settings.seed());
        ImageDataset unlabelled = sample(pool, settings.unlabelledSize(), seeds.random("unlabelled"), "u");
        ImageDataset probeTrain = sample(train, settings.probeTrainSize(), seeds.random("probe-train"), "probe");
        ImageDataset testSet = sample(test, settings.testSize(), seeds.random("test"), "test");
        // The probe's inputs are normalised with the statistics of the data the backbone trained on.
        ImageDataset monitorTrain = probeTrain.size() <= MONITOR_BANK ? probeTrain
                : sample(pool, MONITOR_BANK, seeds.random("probe-train"), "probe");
        return new Workload(unlabelled, probeTrain, testSet, settings.zooPreset(), monitorTrain);
    }

    /**
     * Refuses, without reading any image, a workload whose dataset has no folder on this machine (a paper dataset
     * whose variable is unset), with the catalogue's one-line hint: checked before a run folder exists, where
     * {@link #of} would meet it inside the first cell.
     */
    public static void checkDataConfigured(WorkloadSettings settings) throws IOException {
        ZooSettings zoo = zooSettings(settings.zooPreset());
        org.coopt.workbench.data.Datasets.resolveRoot(org.coopt.workbench.data.Datasets.source(zoo.dataset()), null);
    }

    /** Display names of the catalogue datasets in reports (others: the catalogue name). */
    private static final Map<String, String> TITLES = Map.of("fashion-mnist", "Fashion-MNIST", "cifar10", "CIFAR-10",
            "cifar100", "CIFAR-100", "tiny-imagenet", "Tiny-ImageNet", "imagenet", "ImageNet-1K", "mnist", "MNIST");

    /** The display name of the dataset a workload reads ("Fashion-MNIST", "CIFAR-100", ...), for reports. */
    public static String title(WorkloadSettings settings) {
        try {
            String d = zooSettings(settings.zooPreset()).dataset();
            return TITLES.getOrDefault(d, d);
        } catch (IOException | RuntimeException e) {
            return settings.zooPreset() + " zoo's dataset";
        }
    }

    /** The settings of a zoo preset: those it was built with when it exists, else the preset's defaults. */
    static ZooSettings zooSettings(String preset) throws IOException {
        PriorZoo.Index built = PriorZoo.index(preset);
        if (built != null) {
            return built.settings();
        }
        try {
            return ZooSettings.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /** The zoo of a preset, built first (once, cached under $COOPT_CACHE/zoo) when it is missing. */
    public static PriorZoo.Index ensureZoo(String preset) throws IOException {
        if (!Files.isRegularFile(PriorZoo.dir(preset).resolve(PriorZoo.INDEX))) {
            Log.info("[coopt] building the '" + preset + "' prior zoo (once; cached in " + PriorZoo.dir(preset) + ")");
            return PriorZoo.builder(zooSettings(preset)).build();
        }
        return PriorZoo.index(preset);
    }

    /** {@code n} samples of {@code data} without replacement, in ascending index order (0 or ≥ size: all). */
    static ImageDataset sample(ImageDataset data, int n, Random rnd, String tag) {
        if (n <= 0 || n >= data.size()) {
            return data;
        }
        int[] pick = Shuffle.sortedSample(data.size(), n, rnd);
        return data.subset(pick, data.name() + "-" + tag + n);
    }
}
