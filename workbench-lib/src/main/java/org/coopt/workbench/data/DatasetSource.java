package org.coopt.workbench.data;

import java.nio.file.Path;

/**
 * One dataset the catalogue ({@link Datasets}) knows by name: where it lives by default, whether it is
 * present, and how to load a split. Implementations are small, stateless and listed in {@link Datasets}.
 */
public interface DatasetSource {
    /** Catalogue name, e.g. "fashion-mnist". */
    String name();

    /** One line: what the data is (source, image size, classes). */
    String title();

    /** How the TRAIN and TEST splits are formed (honest for sets without an official split). */
    String splitNote();

    /**
     * The folder used when none is given: system property {@code coopt.data.<name>.dir}, else the
     * environment variable {@link #rootVariable()}, else a built-in default; null when there is none.
     */
    Path defaultRoot();

    /** Environment variable that overrides the location, or null when the data needs none. */
    String rootVariable();

    /** Cheap check (file existence only) that the data is present under {@code root}. */
    boolean available(Path root);

    /** What to install or pass when the data is missing. */
    String installHint();

    /** Loads {@code split} from {@code root} (ignored by generated data). */
    ImageDataset load(Split split, Path root);

    /**
     * Loads {@code split} with every image at {@code size}×{@code size} (0: the native size): a
     * {@link ResizedView} of {@link #load(Split, Path)}; image-folder sources decode straight to that size.
     */
    default ImageDataset load(Split split, Path root, int size) {
        return ResizedView.of(load(split, root), size);
    }
}
