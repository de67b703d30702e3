package org.coopt.workbench.data;

/**
 * Settings of an {@link ImageFolderDataset}: every image is decoded to {@code channels} (1 = grey,
 * 3 = RGB) and resized to {@code size}×{@code size}; mean/std are estimated from {@code statsSample}
 * images spread evenly over the split.
 *
 * @param size        side of the square images after resizing (default 64, Tiny-ImageNet's size)
 * @param channels    1 or 3 (default 3)
 * @param statsSample images used to estimate mean/std (default 256)
 */
public record ImageFolderOptions(int size, int channels, int statsSample) {
    public static final int DEFAULT_SIZE = 64;
    public static final int DEFAULT_CHANNELS = 3;
    public static final int DEFAULT_STATS_SAMPLE = 256;

    public ImageFolderOptions {
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("image size must be in 1..4096, got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (statsSample < 1) {
            throw new IllegalArgumentException("statsSample must be >= 1, got " + statsSample);
        }
    }

    public static ImageFolderOptions defaults() {
        return new ImageFolderOptions(DEFAULT_SIZE, DEFAULT_CHANNELS, DEFAULT_STATS_SAMPLE);
    }

    public ImageFolderOptions withSize(int newSize) {
        return new ImageFolderOptions(newSize, channels, statsSample);
    }

    public ImageFolderOptions withChannels(int newChannels) {
        return new ImageFolderOptions(size, newChannels, statsSample);
    }
}
