package org.coopt.workbench.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.coopt.workbench.util.Hashing;

/**
 * A view on the samples {@code indices} of a parent dataset, in that order (repeats allowed): sample
 * i of the view is sample {@code indices[i]} of the parent. Holds no pixels. Keeps the parent's class
 * names, sources and mean/std (so batches of a subset are normalised exactly as the parent's).
 *
 * <p>sha256 = SHA-256 of the UTF-8 text {@code parentSha256 + ":" + indices joined by ","}.
 */
final class SubsetView implements ImageDataset {
    private final ImageDataset parent;
    private final int[] indices;
    private final String name;
    private final String sha256;

    SubsetView(ImageDataset parent, int[] indices, String name) {
        this.parent = parent;
        this.indices = indices.clone();
        for (int i : this.indices) {
            ImageBatches.checkIndex(parent, i);
        }
        this.name = name;
        this.sha256 = hash(parent.sha256(), this.indices);
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
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int channels() {
        return parent.channels();
    }

    @Override
    public int height() {
        return parent.height();
    }

    @Override
    public int width() {
        return parent.width();
    }

    @Override
    public List<String> classNames() {
        return parent.classNames();
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
    public float[] mean() {
        return parent.mean();
    }

    @Override
    public float[] std() {
        return parent.std();
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public List<SourceFile> sources() {
        return parent.sources();
    }




    @Override
    public String toString() {
        return name + " (" + size() + " of " + parent.name() + ")";
    }
}
