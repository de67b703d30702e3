package org.coopt.workbench.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.charset.StandardCharsets;
import org.coopt.workbench.util.Hashing;

/**
 * A view of a dataset with every image resized to {@code size}×{@code size} (bilinear, Java2D), decoded
 * on access like {@link SubsetView}; holds no pixels. The paper's datasets differ in resolution (CIFAR
 * 32, Tiny-ImageNet 64, ImageNet-1K 224), and a prior trained on one is applied to images of another
 * (Tab. 4, "diverse prior datasets"): <b>(decision)</b> every image a zoo or workload uses is brought to
 * the target dataset's size with this view (image folders are decoded straight to that size instead).
 *
 * <p>Mean and std are the parent's <b>(decision)</b>: resizing leaves per-channel statistics nearly
 * unchanged, and re-estimating them would need a pass over the data. Labels, class names and sources
 * are the parent's; sha256 = SHA-256 of {@code parentSha256 + ":resize:" + size}.
 */
public final class ResizedView extends DerivedView {
    private final int size;

    private ResizedView(ImageDataset parent, int size) {
        super(parent, parent.name() + "@" + size,
                Hashing.sha256((parent.sha256() + ":resize:" + size).getBytes(StandardCharsets.UTF_8)));
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

    /** Each channel is one grey Java2D image, scaled with bilinear interpolation. */
    @Override
    public void pixels(int i, byte[] dst, int offset) {
        int c = parent.channels();
        int h = parent.height();
        int w = parent.width();
        byte[] src = new byte[c * h * w];
        parent.pixels(i, src, 0);
        BufferedImage in = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        byte[] inData = ((DataBufferByte) in.getRaster().getDataBuffer()).getData();
        byte[] outData = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int ch = 0; ch < c; ch++) {
                System.arraycopy(src, ch * h * w, inData, 0, h * w);
                g.drawImage(in, 0, 0, size, size, null);
                System.arraycopy(outData, 0, dst, offset + ch * size * size, size * size);
            }
        } finally {
            g.dispose();
        }
    }

    @Override
    public String toString() {
        return name() + " (" + size() + " images of " + parent.name() + " resized to " + size + "x" + size + ")";
    }
}
