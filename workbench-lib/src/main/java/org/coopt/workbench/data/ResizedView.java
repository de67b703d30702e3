package org.coopt.workbench.data;

import java.nio.charset.StandardCharsets;
import org.coopt.workbench.util.Hashing;

/**
 * A view of a dataset with every image resized to {@code size}×{@code size} ({@link Resampling}:
 * anti-aliasing halvings, then one bilinear step), computed on access like {@link SubsetView}; holds no
 * pixels. The paper's datasets differ in resolution (CIFAR
 * 32, Tiny-ImageNet 64, ImageNet-1K 224), and a prior trained on one is applied to images of another
 * (Tab. 4, "diverse prior datasets"): <b>(decision)</b> every image a zoo or workload uses is brought to
 * the target dataset's size with this view (image folders are decoded straight to that size instead).
 *
 * <p>Mean and std are the parent's <b>(decision)</b>: resizing leaves per-channel statistics nearly
 * unchanged, and re-estimating them would need a pass over the data. Labels, class names and sources
 * are the parent's; sha256 = SHA-256 of {@code parentSha256 + ":resize:" + size + ":" + }{@link #RESAMPLER}
 * (the resampler is named so that data resized by an earlier, aliasing resampler hash differently).
 */
public final class ResizedView extends DerivedView {
    /** Names {@link Resampling}'s method in the hash. */
    static final String RESAMPLER = "halving-bilinear";

    private final int size;

    private ResizedView(ImageDataset parent, int size) {
        super(parent, parent.name() + "@" + size,
                Hashing.sha256((parent.sha256() + ":resize:" + size + ":" + RESAMPLER).getBytes(StandardCharsets.UTF_8)));
        this.size = size;
    }

    /** {@code data} at {@code size}×{@code size}: itself when it already is that size (or size is 0). */
    public static ImageDataset of(ImageDataset data, int size) {
        if (size < 0 || size > 4096) {
            throw new IllegalArgumentException("image size must be in 1..4096 (0 = unchanged), got " + size);
        }
        if (size == 0 || (data.height() == size && data.width() == size)) {
            return data;
        }
        return new ResizedView(data, size);
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    /** Each channel resized with {@link Resampling} (halvings, then one bilinear step). */
    @Override
    public void pixels(int i, byte[] dst, int offset) {
        int c = parent.channels();
        int h = parent.height();
        int w = parent.width();
        byte[] src = new byte[c * h * w];
        parent.pixels(i, src, 0);
        for (int ch = 0; ch < c; ch++) {
            Resampling.resize(src, ch * h * w, w, h, dst, offset + ch * size * size, size, size);
        }
    }

    /** <b>(decision)</b> True: every access resizes, which is worth spreading over cores in a batch. */
    @Override
    public boolean decodesOnAccess() {
        return true;
    }

    @Override
    public String toString() {
        return name() + " (" + size() + " images of " + parent.name() + " resized to " + size + "x" + size + ")";
    }
}
