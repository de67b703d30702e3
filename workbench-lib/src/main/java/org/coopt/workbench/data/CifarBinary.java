package org.coopt.workbench.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.util.Hashing;

/**
 * The binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009), read from a folder the user
 * gives (the workbench never downloads them).
 *
 * <p>Records: CIFAR-10 = 1 label byte + 3072 pixel bytes ({@code data_batch_1..5.bin} train,
 * {@code test_batch.bin} test); CIFAR-100 = coarse label byte + fine label byte + 3072 pixel bytes
 * ({@code train.bin}, {@code test.bin}); the fine label (100 classes) is used. The 3072 bytes are the
 * 32×32 red plane, then green, then blue, each row-major: exactly C×H×W. The folder may be the one
 * holding the files or its parent holding {@code cifar-10-batches-bin/} / {@code cifar-100-binary/}
 * (as the official archives unpack). Class names come from {@code batches.meta.txt} /
 * {@code fine_label_names.txt} when present, else the official lists below. A file whose size is not
 * a whole number of records (truncated) or a label out of range is a {@link DatasetException}.
 */
public final class CifarBinary {
    public static final int SIDE = 32;
    public static final int PIXELS = 3 * SIDE * SIDE;

    /** The two variants and their file names. */
    public enum Variant {
        CIFAR10("cifar10", "CIFAR-10", "cifar-10-batches-bin", 1, 10,
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin"),
                List.of("test_batch.bin"), "batches.meta.txt", "COOPT_CIFAR10_DIR"),
        CIFAR100("cifar100", "CIFAR-100", "cifar-100-binary", 2, 100, List.of("train.bin"), List.of("test.bin"),
                "fine_label_names.txt", "COOPT_CIFAR100_DIR");

        final String id;
        final String title;
        final String archiveDir;
        final int labelBytes;
        final int classes;
        final List<String> trainFiles;
        final List<String> testFiles;
        final String namesFile;
        final String envVar;

        Variant(String id, String title, String archiveDir, int labelBytes, int classes, List<String> trainFiles,
                List<String> testFiles, String namesFile, String envVar) {
            this.id = id;
            this.title = title;
            this.archiveDir = archiveDir;
            this.labelBytes = labelBytes;
            this.classes = classes;
            this.trainFiles = trainFiles;
            this.testFiles = testFiles;
            this.namesFile = namesFile;
            this.envVar = envVar;
        }

        public int recordBytes() {
            return labelBytes + PIXELS;
        }

        public List<String> files(Split split) {
            return split == Split.TRAIN ? trainFiles : testFiles;
        }

        public String installHint() {
            return "get the binary version of " + title + " from https://www.cs.toronto.edu/~kriz/cifar.html, "
                    + "unpack it and pass --root DIR or set " + envVar;
        }
    }

    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    public static final List<String> CIFAR100_CLASSES = List.of("apple", "aquarium_fish", "baby", "bear", "beaver",
            "bed", "bee", "beetle", "bicycle", "bottle", "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can",
            "castle", "caterpillar", "cattle", "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab",
            "crocodile", "cup", "dinosaur", "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster",
            "house", "kangaroo", "keyboard", "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man",
            "maple_tree", "motorcycle", "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter",
            "palm_tree", "pear", "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine", "possum",
            "rabbit", "raccoon", "ray", "road", "rocket", "rose", "sea", "seal", "shark", "shrew", "skunk",
            "skyscraper", "snail", "snake", "spider", "squirrel", "streetcar", "sunflower", "sweet_pepper", "table",
            "tank", "telephone", "television", "tiger", "tractor", "train", "trout", "tulip", "turtle", "wardrobe",
            "whale", "willow_tree", "wolf", "woman", "worm");

    private CifarBinary() {}

    /** The folder holding the variant's files: {@code root} itself or {@code root/<archive dir>}; null if neither. */
    public static Path locate(Path root, Variant v) {
        if (root == null) {
            return null;
        }
        for (Path dir : List.of(root, root.resolve(v.archiveDir))) {
            boolean all = true;
            for (String f : v.trainFiles) {
                all &= Files.isRegularFile(dir.resolve(f));
            }
            for (String f : v.testFiles) {
                all &= Files.isRegularFile(dir.resolve(f));
            }
            if (all) {
                return dir;
            }
        }
        return null;
    }

    public static ArrayImageDataset load(Path root, Split split, Variant v) {
        Path dir = locate(root, v);
        if (dir == null) {
            throw new DatasetException(v.title + " not found in " + root + " (expected " + String.join(", ", v.trainFiles)
                    + ", " + String.join(", ", v.testFiles) + " there or in " + v.archiveDir + "/); " + v.installHint());
        }
        List<String> names = classNames(dir, v);
        int rec = v.recordBytes();
        List<byte[]> raws = new ArrayList<>();
        List<SourceFile> sources = new ArrayList<>();
        long total = 0;
        for (String f : v.files(split)) {
            Path file = dir.resolve(f);
            byte[] raw = Idx.readFile(file);
            if (raw.length % rec != 0) {
                throw new DatasetException(v.title + " file " + file + " is truncated or corrupt: " + raw.length
                        + " bytes is not a whole number of " + rec + "-byte records (" + raw.length / rec
                        + " records + " + raw.length % rec + " bytes); replace the file");
            }
            raws.add(raw);
            sources.add(new SourceFile(file, raw.length, Hashing.sha256(raw)));
            total += raw.length / rec;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 16) {
            throw new DatasetException(v.title + " in " + dir + " is too large for one array (" + total + " records)");
        }
        int n = (int) total;
        byte[] px = new byte[n * PIXELS];
        int[] labels = new int[n];
        int k = 0;
        for (int f = 0; f < raws.size(); f++) {
            byte[] raw = raws.get(f);
            for (int r = 0; r < raw.length / rec; r++, k++) {
                int off = r * rec;
                int label = raw[off + v.labelBytes - 1] & 0xFF; // CIFAR-100: the fine label is the second byte
                if (label >= names.size()) {
                    throw new DatasetException(v.title + " file " + sources.get(f).path() + " has label " + label
                            + " in record " + r + ", outside 0.." + (names.size() - 1) + "; replace the file");
                }
                labels[k] = label;
                System.arraycopy(raw, off + v.labelBytes, px, k * PIXELS, PIXELS);
            }
        }
        return ArrayImageDataset.of(v.id + "-" + split.id(), 3, SIDE, SIDE, px, labels, names,
                Idx.combinedHash(sources), sources);
    }

    static List<String> classNames(Path dir, Variant v) {
        Path f = dir.resolve(v.namesFile);
        if (Files.isRegularFile(f)) {
            try {
                List<String> names = new ArrayList<>();
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        names.add(line.strip());
                    }
                }
                if (names.size() == v.classes) {
                    return names;
                }
                throw new DatasetException(v.title + " class-name file " + f + " lists " + names.size()
                        + " names, expected " + v.classes + "; fix or delete it");
            } catch (IOException e) {
                throw new DatasetException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return v == Variant.CIFAR10 ? CIFAR10_CLASSES : CIFAR100_CLASSES;
    }
}
