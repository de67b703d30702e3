package org.coopt.workbench.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link PriorZoo} builds. Defaults live in the presets {@link #smoke()}, {@link #cpu()} and
 * {@link #paper(String)}; {@link #preset(String)} resolves a preset name.
 *
 * <p>Preset names: {@code smoke} and {@code cpu} (Fashion-MNIST); {@code paper-DATASET} for DATASET one of
 * {@code cifar10}, {@code cifar100}, {@code tiny-imagenet}, {@code imagenet} (the paper's datasets, sized
 * for a GPU); {@code smoke-DATASET} (the smoke sizes on any catalogue dataset, e.g. {@code smoke-synthetic},
 * which tests the 3-channel path offline).
 *
 * @param preset           preset name (also the cache sub-folder)
 * @param priorPoolSize    labelled prior pool taken from the dataset's train split (10,000 for Fashion-MNIST)
 * @param seed             root seed (split, initialisation, shuffling)
 * @param archs            architectures trained into priors
 * @param supervisedEpochs epochs of supervised training on the prior pool
 * @param sslEpochs        epochs of self-supervised training on the prior pool
 * @param mnistEpochs      epochs of supervised training on MNIST (Fashion-MNIST zoos only)
 * @param mnistSize        MNIST training images used (10,000: "MNIST-10k", a seeded subset)
 * @param weakSteps        optimizer steps of the weak (early-checkpoint) prior, supervised on the prior pool
 * @param batchSize        training batch size
 * @param probeEpochs      epochs of each entry's own linear probe (prior pool → test split)
 * @param testLimit        first N test images for the probe (0 = all)
 * @param dataset          catalogue name of the dataset the zoo serves (null in an old zoo.json: fashion-mnist)
 * @param imageSize        side every image is brought to (0 = the dataset's native size); see
 *                         {@link org.coopt.workbench.data.ResizedView}
 * @param crossDatasets    other datasets whose train split trains extra {@code sup} and {@code ssl} priors, at
 *                         this zoo's image size (paper Tab. 4, "diverse prior datasets"); empty for none
 * @param crossArchs       architecture names (of {@code archs}) that get those cross-dataset priors
 * @param crossSize        cap on the images of each cross dataset, a seeded subset (0 = its whole train split)
 * @param probeTrainSize   each entry's own linear probe trains on the first N images of the train split (0 = the
 *                         whole train split, the standard linear-evaluation protocol of METHOD.md §7, as the
 *                         experiments' students; the smoke zoo uses 2,000)
 */
public record ZooSettings(String preset, int priorPoolSize, long seed, List<Arch> archs, int supervisedEpochs,
                          int sslEpochs, int mnistEpochs, int mnistSize, int weakSteps, int batchSize,
                          int probeEpochs, int testLimit, String dataset, int imageSize, List<String> crossDatasets,
                          List<String> crossArchs, int crossSize, int probeTrainSize) {

    /** The Fashion-MNIST zoo's dataset; the default when a zoo.json written before datasets existed is read. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The paper's datasets, in the order of its tables. */
    public static final List<String> PAPER_DATASETS = List.of("cifar10", "cifar100", "tiny-imagenet", "imagenet");
    /**
     * <b>(decision)</b> Cross-dataset priors of the paper zoos train on a seeded 100,000-image subset of the
     * other dataset's train split (all of CIFAR and Tiny-ImageNet; 7.8% of ImageNet-1K), so that a CIFAR
     * zoo does not train four priors for 100–200 epochs on all 1.28M ImageNet images. Public models
     * trained on all of ImageNet join with {@code zoo add --torchscript}.
     */
    public static final int PAPER_CROSS_SIZE = 100_000;
    private static final Map<String, String> TAGS = Map.of(FASHION_MNIST, "fmnist", "tiny-imagenet", "tin",
            "imagenet", "in1k", "synthetic", "syn");

    /** An architecture name (see {@code nn.Architectures}) and width. */
    public record Arch(String name, int width) {
        /** {@code name-wWIDTH}, the prefix of its entries' ids. */
        public String base() {
            return name + "-w" + width;
        }
    }

    /**
     * One entry the builder makes: {@code kind} as in {@link ZooEntry#kind()} ({@code supervised}, {@code ssl},
     * {@code supervised-mnist}, {@code supervised-cross}, {@code ssl-cross}, {@code checkpoint}, {@code random},
     * {@code human}); {@code arch} null for human; {@code trainingDataset} the catalogue dataset it trains on
     * (null when untrained or human).
     */
    public record Planned(String id, String kind, Arch arch, String trainingDataset) {
    }

    public ZooSettings {
        if (preset == null || preset.isBlank() || archs == null || archs.isEmpty()) {
            throw new IllegalArgumentException("a zoo needs a preset name and at least one architecture");
        }
        if (priorPoolSize < 2 || supervisedEpochs < 1 || sslEpochs < 1 || mnistEpochs < 1 || mnistSize < 2
                || weakSteps < 1 || batchSize < 2 || probeEpochs < 1 || testLimit < 0 || imageSize < 0 || crossSize < 0
                || probeTrainSize < 0) {
            throw new IllegalArgumentException("zoo settings out of range: " + preset);
        }
        archs = List.copyOf(archs);
        dataset = dataset == null || dataset.isBlank() ? FASHION_MNIST : dataset;
        crossDatasets = crossDatasets == null ? List.of() : List.copyOf(crossDatasets);
        crossArchs = crossArchs == null ? List.of() : List.copyOf(crossArchs);
        if (crossDatasets.contains(dataset)) {
            throw new IllegalArgumentException("zoo " + preset + ": crossDatasets must not contain its own dataset "
                    + dataset);
        }
        for (String a : crossArchs) {
            if (archs.stream().noneMatch(x -> x.name().equals(a))) {
                throw new IllegalArgumentException("zoo " + preset + ": cross arch " + a + " is not one of its archs");
            }
        }
    }

    /** The Fashion-MNIST zoo settings (no cross datasets, native size) — the form of the smoke and cpu presets. */
    private static ZooSettings fashionMnist(String preset, int priorPoolSize, List<Arch> archs, int supEpochs,
                                            int sslEpochs, int mnistEpochs, int mnistSize, int weakSteps, int batch,
                                            int probeEpochs, int testLimit, int probeTrainSize) {
        return new ZooSettings(preset, priorPoolSize, 0, archs, supEpochs, sslEpochs, mnistEpochs, mnistSize,
                weakSteps, batch, probeEpochs, testLimit, FASHION_MNIST, 0, List.of(), List.of(), 0, probeTrainSize);
    }

    /** For tests and CI: one tiny ConvNet, 1,000-image pools, one epoch each, probes on 2,000 → 1,000 images. */
    public static ZooSettings smoke() {
        return fashionMnist("smoke", 1000, List.of(new Arch("convnet", 8)), 1, 1, 1, 1000, 5, 64, 20, 1000, 2000);
    }

    /**
     * The CPU zoo (METHOD.md §7b), standing for the paper's public pre-trained models: ConvNet-3 w32, ResNet-18
     * w8 and an MLP w256, each trained once to convergence with the RELA augmentation: supervised for
     * {@value #CPU_SUPERVISED_EPOCHS} epochs on the 10,000-image labelled prior pool, SimCLR for
     * {@value #CPU_SSL_EPOCHS} epochs on the same pool (no labels), supervised for {@value #CPU_MNIST_EPOCHS}
     * epochs on MNIST (cross-domain); weak priors are an early checkpoint after {@value #CPU_WEAK_STEPS} steps
     * and random priors untrained (the weak end of the spectrum). Every entry's own probe is the standard
     * protocol (whole train split → test split), as the students'. <b>(decision)</b> The epochs are where the
     * training loss has flattened on 2 cores at a one-time cost of well under an hour; the built zoo ships in
     * the repository ({@code zoo/cpu}), so no experiment waits for it.
     */
    public static ZooSettings cpu() {
        return fashionMnist("cpu", PriorPoolSplit.DEFAULT_PRIOR_POOL,
                List.of(new Arch("convnet", 32), new Arch("resnet18", 8), new Arch("mlp", 256)), CPU_SUPERVISED_EPOCHS,
                CPU_SSL_EPOCHS, CPU_MNIST_EPOCHS, 10_000, CPU_WEAK_STEPS, 128, 100, 0, 0);
    }

    /** Epochs of the cpu zoo's trainings (see {@link #cpu()}). */
    public static final int CPU_SUPERVISED_EPOCHS = 20;
    public static final int CPU_SSL_EPOCHS = 25;
    public static final int CPU_MNIST_EPOCHS = 10;
    public static final int CPU_WEAK_STEPS = 20;

    /**
     * The paper-scale zoo of one of {@link #PAPER_DATASETS}, for a GPU. <b>(decision)</b> The paper downloads
     * public pre-trained models (torchvision, CLIP; App. B.2) and trains ResNet-18 and ViT priors, supervised
     * and self-supervised, on each prior dataset (App. B.3). An offline workbench cannot download, so it
     * trains its own, at the paper's image size (CIFAR 32, Tiny-ImageNet 64, ImageNet-1K 224):
     * <ul>
     *   <li>five architectures, the paper's students and priors: ResNet-18 and ResNet-50 (width 64, the
     *       standard stem), MobileNetV2 and EfficientNet-B0 (width 32, their standard stems) and ViT (width
     *       192, ViT-Tiny), each supervised (100 epochs; 90 on ImageNet-1K), self-supervised (SimCLR, 200
     *       epochs; 100 on ImageNet-1K), weak (500 steps) and random, plus the human prior;</li>
     *   <li>a prior pool of 20% of the train split (10,000 CIFAR, 20,000 Tiny-ImageNet, 256,233 ImageNet-1K
     *       images), the rest is the unlabelled pool CoOpt optimizes;</li>
     *   <li>ResNet-18 and ViT also trained, supervised and SimCLR, on each other paper dataset (at most
     *       {@link #PAPER_CROSS_SIZE} images of its train split, brought to this zoo's image size): the Tab. 4
     *       priors;</li>
     *   <li>batch 256, 100-epoch probes (METHOD.md §7).</li>
     * </ul>
     * Public pre-trained models join a built zoo with {@code ./coopt zoo add --torchscript}.
     */
    public static ZooSettings paper(String dataset) {
        int train = switch (dataset) {
            case "cifar10", "cifar100" -> 50_000;
            case "tiny-imagenet" -> 100_000;
            case "imagenet" -> 1_281_167;
            default -> throw new IllegalArgumentException("no paper zoo for dataset '" + dataset + "'; known: "
                    + String.join(", ", PAPER_DATASETS));
        };
        boolean in1k = "imagenet".equals(dataset);
        List<String> cross = new ArrayList<>(PAPER_DATASETS);
        cross.remove(dataset);
        return new ZooSettings("paper-" + dataset, train / 5, 0,
                List.of(new Arch("resnet18", 64), new Arch("vit", 192), new Arch("resnet50", 64),
                        new Arch("mobilenetv2", 32), new Arch("efficientnet-b0", 32)),
                in1k ? 90 : 100, in1k ? 100 : 200, 1, 2, 500, 256, 100, 0, dataset, 0, cross,
                List.of("resnet18", "vit"), PAPER_CROSS_SIZE, 0);
    }

    /** {@link #smoke()}'s sizes on another catalogue dataset (tests of the non-Fashion-MNIST path). */
    public static ZooSettings smoke(String dataset) {
        ZooSettings s = smoke();
        return new ZooSettings("smoke-" + dataset, s.priorPoolSize(), s.seed(), s.archs(), s.supervisedEpochs(),
                s.sslEpochs(), s.mnistEpochs(), s.mnistSize(), s.weakSteps(), s.batchSize(), s.probeEpochs(),
                s.testLimit(), dataset, 0, List.of(), List.of(), 0, s.probeTrainSize());
    }

    /** Resolves a preset name (see the class comment). */
    public static ZooSettings preset(String name) {
        if ("smoke".equals(name)) {
            return smoke();
        }
        if ("cpu".equals(name)) {
            return cpu();
        }
        if (name != null && name.startsWith("paper-")) {
            return paper(name.substring("paper-".length()));
        }
        if (name != null && name.startsWith("smoke-") && name.length() > "smoke-".length()) {
            return smoke(name.substring("smoke-".length()));
        }
        throw new IllegalArgumentException("unknown zoo preset '" + name + "'; known: smoke, cpu, paper-"
                + String.join(", paper-", PAPER_DATASETS) + ", smoke-DATASET");
    }

    /** Short name of a dataset in entry ids: fmnist, cifar10, cifar100, tin, in1k, syn (others: the name). */
    public static String tag(String dataset) {
        return TAGS.getOrDefault(dataset, dataset.toLowerCase(Locale.ROOT));
    }

    /**
     * Every entry the builder makes, in build order; {@code sslName} names the {@code ssl} entries (simclr
     * by default). Per architecture: {@code BASE-sup-TAG}, {@code BASE-SSL-TAG}, on Fashion-MNIST
     * {@code BASE-sup-mnist10k}, then for a cross arch {@code BASE-sup-XTAG} and {@code BASE-SSL-XTAG} per cross
     * dataset, then {@code BASE-weak-TAG} and {@code BASE-random}; last {@code human}.
     */
    public List<Planned> plan(String sslName) {
        String tag = tag(dataset);
        List<Planned> out = new ArrayList<>();
        for (Arch a : archs) {
            String base = a.base();
            out.add(new Planned(base + "-sup-" + tag, "supervised", a, dataset));
            out.add(new Planned(base + "-" + sslName + "-" + tag, "ssl", a, dataset));
            if (FASHION_MNIST.equals(dataset)) {
                out.add(new Planned(base + "-sup-mnist10k", "supervised-mnist", a, "mnist"));
            }
            if (crossArchs.contains(a.name())) {
                for (String x : crossDatasets) {
                    out.add(new Planned(base + "-sup-" + tag(x), "supervised-cross", a, x));
                    out.add(new Planned(base + "-" + sslName + "-" + tag(x), "ssl-cross", a, x));
                }
            }
            out.add(new Planned(base + "-weak-" + tag, "checkpoint", a, dataset));
            out.add(new Planned(base + "-random", "random", a, null));
        }
        out.add(new Planned("human", "human", null, dataset));
        return out;
    }

    /** The ids of {@link #plan(String)} with the default SSL objective. */
    public List<String> plannedIds() {
        return plan(PriorZoo.DEFAULT_SSL).stream().map(Planned::id).toList();
    }
}
