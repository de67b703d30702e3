package org.coopt.workbench.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.coopt.workbench.util.Hashing;

/**
 * An image dataset held in memory: N×C×H×W uint8 pixels in one {@code byte[]} (sample after sample,
 * each C×H×W row-major), an {@code int[]} of labels, class names, per-channel mean/std and the SHA-256
 * of its source. Immutable: the constructor takes ownership of the arrays (it does not copy them), so
 * callers must not change them afterwards. At most 2^31−1 pixel bytes (CIFAR, Tiny-ImageNet train
 * fit; ImageNet does not: use {@link ImageFolderDataset}).
 */
public final class ArrayImageDataset implements ImageDataset {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;
    private final float[] mean;
    private final float[] std;
    private final String sha256;
    private final List<SourceFile> sources;

    /** All fields given; validates shapes, label range and mean/std lengths. */
    public ArrayImageDataset(String name, int channels, int height, int width, byte[] pixels, int[] labels,
            List<String> classNames, float[] mean, float[] std, String sha256, List<SourceFile> sources) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " samples of " + channels + "x" + height + "x" + width + " (expected " + expected + ")");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < -1 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of sample " + i
                        + " is outside -1.." + (classNames.size() - 1));
            }
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException(name + ": mean/std need one value per channel (" + channels + ")");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException(name + ": std must be > 0, got " + s);
            }
        }
        this.name = name;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.mean = mean.clone();
        this.std = std.clone();
        this.sha256 = sha256;
        this.sources = List.copyOf(sources);
    }

    /**
     * A dataset whose mean/std are computed from its own pixels
     * ({@link ImageBatches#channelStats}); {@code sha256} null means: hash the pixels and labels
     * ({@link #contentHash}).
     */
    public static ArrayImageDataset of(String name, int channels, int height, int width, byte[] pixels,
            int[] labels, List<String> classNames, String sha256, List<SourceFile> sources) {
        float[][] st = ImageBatches.channelStats(pixels, labels.length, channels, height * width);
        String h = sha256 != null ? sha256 : contentHash(pixels, labels);
        return new ArrayImageDataset(name, channels, height, width, pixels, labels, classNames, st[0], st[1], h,
                sources);
    }

    /** SHA-256 of the pixel bytes followed by the labels as decimal text ("3,0,9,…"). */
    public static String contentHash(byte[] pixels, int[] labels) {
        var md = Hashing.sha256();
        md.update(pixels);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labels[i]);
        }
        md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /**
     * The same data normalised with other statistics, e.g. a test split with its training split's
     * mean/std. Shares the pixel array.
     */
    public ArrayImageDataset withNormalisation(float[] newMean, float[] newStd) {
        return new ArrayImageDataset(name, channels, height, width, pixels, labels, classNames, newMean, newStd,
                sha256, sources);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public void pixels(int i, byte[] dst, int offset) {
        int per = channels * height * width;
        System.arraycopy(pixels, i * per, dst, offset, per);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public List<SourceFile> sources() {
        return sources;
    }




    @Override
    public String toString() {
        return name + " (" + size() + " images " + channels + "x" + height + "x" + width + ", "
                + classNames.size() + " classes)";
    }
}
