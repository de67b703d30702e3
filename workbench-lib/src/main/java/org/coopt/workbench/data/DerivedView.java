package org.coopt.workbench.data;

import java.util.List;

/**
 * A dataset derived from a parent without copying pixels ({@link SubsetView}, {@link ResizedView}):
 * by default every property is the parent's (size, geometry, class names, labels, pixels, mean/std,
 * sources); a view overrides what it changes. Name and SHA-256 are the view's own.
 */
abstract class DerivedView implements ImageDataset {
    protected final ImageDataset parent;
    private final String name;
    private final String sha256;

    DerivedView(ImageDataset parent, String name, String sha256) {
        this.parent = parent;
        this.name = name;
        this.sha256 = sha256;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public int size() {
        return parent.size();
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
        return parent.label(i);
    }

    @Override
    public void pixels(int i, byte[] dst, int offset) {
        parent.pixels(i, dst, offset);
    }

    @Override
    public boolean decodesOnAccess() {
        return parent.decodesOnAccess();
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
    public List<SourceFile> sources() {
        return parent.sources();
    }
}
