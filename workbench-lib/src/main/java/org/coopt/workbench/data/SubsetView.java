package org.coopt.workbench.data;

import java.nio.charset.StandardCharsets;
import org.coopt.workbench.util.Hashing;

/**
 * A view on the samples {@code indices} of a parent dataset, in that order (repeats allowed): sample
 * i of the view is sample {@code indices[i]} of the parent. Holds no pixels. Keeps the parent's class
 * names, sources and mean/std (so batches of a subset are normalised exactly as the parent's).
 *
 * <p>sha256 = SHA-256 of the UTF-8 text {@code parentSha256 + ":" + indices joined by ","}.
 */
final class SubsetView extends DerivedView {
    private final int[] indices;

    SubsetView(ImageDataset parent, int[] indices, String name) {
        super(parent, name, hash(parent.sha256(), indices));
        this.indices = indices.clone();
        for (int i : this.indices) {
            ImageBatches.checkIndex(parent, i);
        }
    }

    static String hash(String parentSha, int[] indices) {
        StringBuilder sb = new StringBuilder(parentSha).append(':');
        for (int i = 0; i < indices.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(indices[i]);
        }
        return Hashing.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int label(int i) {
        return parent.label(indices[i]);
    }

    @Override
    public void pixels(int i, byte[] dst, int offset) {
        parent.pixels(indices[i], dst, offset);
    }

    @Override
    public String toString() {
        return name() + " (" + size() + " of " + parent.name() + ")";
    }
}
