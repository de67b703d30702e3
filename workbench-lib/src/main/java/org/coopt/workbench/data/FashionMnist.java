package org.coopt.workbench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28×28 grey images of 10 clothing classes, 60,000 for
 * training ({@link Split#TRAIN}: {@code train-*}) and 10,000 for testing ({@link Split#TEST}:
 * {@code t10k-*}), read from the four IDX files (gzip or plain) that the Debian package
 * {@code dataset-fashion-mnist} installs under {@value #DEFAULT_DIR}. Each split is normalised with
 * its own pixel mean/std (use {@link ArrayImageDataset#withNormalisation} to apply the training
 * split's to the test split).
 */
public final class FashionMnist {
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String INSTALL_HINT =
            "install it with 'apt-get install dataset-fashion-mnist' or './coopt setup', or point "
                    + "COOPT_FASHION_MNIST_DIR at a folder holding the four IDX files";
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    public static ArrayImageDataset load(Path dir, Split split) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        try {
            return Idx.load("fashion-mnist-" + split.id(), images, labels, CLASS_NAMES);
        } catch (DatasetException e) {
            throw new DatasetException(e.getMessage() + "; reinstall with 'apt-get install --reinstall "
                    + "dataset-fashion-mnist' or replace the file", e);
        }
    }

    /** True when all four files are present in {@code dir} (gzip or plain). */
    public static boolean available(Path dir) {
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            if (!Files.isRegularFile(dir.resolve(f + ".gz")) && !Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /** {@code base.gz} if present, else {@code base}; missing both is a {@link DatasetException}. */
    static Path find(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DatasetException("Fashion-MNIST not found: " + dir + " has no " + base + "[.gz]; " + INSTALL_HINT);
    }
}
