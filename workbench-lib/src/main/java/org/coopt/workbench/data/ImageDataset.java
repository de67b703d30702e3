package org.coopt.workbench.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * An image dataset: samples 0..size()-1, each C×H×W uint8 pixels and an integer label (−1 where the
 * dataset is unlabeled). In-memory implementations hold every pixel; folder-backed ones decode on
 * access, so ImageNet-scale folders need not fit in memory.
 */
public interface ImageDataset {
    String name();

    int size();

    int channels();

    int height();

    int width();

    /** Class names, index = label; empty when unlabeled. */
    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }

    /** Label of sample i, or −1. */
    int label(int i);

    /**
     * Copies sample i's pixels (C×H×W, row-major, uint8) into {@code dst} at {@code offset}. Must be safe
     * to call from several threads at once, each writing its own slice of {@code dst}.
     */
    void pixels(int i, byte[] dst, int offset);

    /**
     * True when {@link #pixels} does real work per call (decodes a file, resizes), so that
     * {@link ImageBatches#gather} spreads a batch over the cores; false (the default) for pixels held in
     * memory, where a copy is cheaper than the hand-off. Implementations that return true must have a
     * thread-safe {@link #pixels}.
     */
    default boolean decodesOnAccess() {
        return false;
    }

    /** Per-channel mean and std of pixels scaled to [0, 1], used by {@link #batch}. */
    float[] mean();

    float[] std();

    /** SHA-256 identifying the data (the source files, or the parent's hash and the index list for subsets). */
    String sha256();

    /**
     * The samples {@code indices} as a float32 NDArray [B, C, H, W]: pixels / 255, then normalised with
     * {@link #mean()} and {@link #std()}. The array belongs to {@code manager}.
     */
    default NDArray batch(NDManager manager, int[] indices) {
        return ImageBatches.normalised(manager, this, indices);
    }

    /** Labels of {@code indices} as an int64 NDArray [B]. */
    default NDArray labels(NDManager manager, int[] indices) {
        return ImageBatches.labels(manager, this, indices);
    }

    /** A view on the samples {@code indices} (in that order). */
    default ImageDataset subset(int[] indices, String name) {
        return new SubsetView(this, indices, name);
    }

    /** Every label, index = sample (−1 where unlabeled). */
    default int[] labels() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = label(i);
        }
        return out;
    }

    /** The files the data was read from, with their SHA-256 (empty for generated data). */
    default List<SourceFile> sources() {
        return List.of();
    }

    /** Bytes of one sample: channels × height × width. */
    default int sampleBytes() {
        return channels() * height() * width();
    }
}
