package org.coopt.workbench.data;

import java.awt.image.BufferedImage;

/**
 * A grid of dataset images as one {@link BufferedImage} (for notebooks): images in row-major order,
 * {@code cols} per row, each pixel drawn as a {@code scale}×{@code scale} block, with a
 * {@value #GAP}-pixel white gap between cells. Grey images (1 channel) are drawn as grey RGB; 3
 * channels as RGB; other channel counts show channel 0.
 */
public final class ImageGrid {
    public static final int GAP = 1;
    private static final int BACKGROUND = 0xFFFFFF;

    private ImageGrid() {}

    public static BufferedImage render(ImageDataset ds, int[] indices, int cols, int scale) {
        if (indices.length == 0 || cols < 1 || scale < 1) {
            throw new IllegalArgumentException("image grid needs at least one index, cols >= 1 and scale >= 1");
        }
        int c = ds.channels();
        int h = ds.height();
        int w = ds.width();
        int rows = (indices.length + cols - 1) / cols;
        int used = Math.min(cols, indices.length);
        int cellW = w * scale + GAP;
        int cellH = h * scale + GAP;
        BufferedImage out = new BufferedImage(used * cellW - GAP, rows * cellH - GAP, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, BACKGROUND);
            }
        }
        byte[] px = ImageBatches.gather(ds, indices);
        int plane = h * w;
        int per = c * plane;
        for (int n = 0; n < indices.length; n++) {
            int x0 = (n % cols) * cellW;
            int y0 = (n / cols) * cellH;
            int base = n * per;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int k = base + y * w + x;
                    int r = px[k] & 0xFF;
                    int g = c == 3 ? px[k + plane] & 0xFF : r;
                    int b = c == 3 ? px[k + 2 * plane] & 0xFF : r;
                    int rgb = (r << 16) | (g << 8) | b;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return out;
    }
}
