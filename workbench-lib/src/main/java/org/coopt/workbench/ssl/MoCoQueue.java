package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.coopt.workbench.ssl.loss.Ops;

/**
 * MoCo's queue of negative keys (He et al. 2020, Sec. 3.2): a ring buffer of K×d L2-normalised keys.
 * {@link #enqueue} overwrites the oldest rows first (FIFO); it starts filled with random unit vectors,
 * as in solo-learn. Queue size for the workbench: min(4096, N/2) where N is the training-set size
 * <b>(decision: METHOD.md §6 "scaled to data")</b>, see {@link #defaultSize(int)}.
 */
public final class MoCoQueue implements AutoCloseable {
    private final NDManager manager;
    private final NDArray keys;
    private final int size;
    private int pointer;

    public MoCoQueue(NDManager parent, int size, int dim, long seed) {
        if (size < 1 || dim < 1) {
            throw new IllegalArgumentException("MoCo queue needs size and dim >= 1, got " + size + ", " + dim);
        }
        this.manager = parent.newSubManager();
        this.size = size;
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[size * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        try (NDManager init = manager.newSubManager()) {
            NDArray unit = Ops.normalize(init.create(values, new Shape(size, dim)));
            unit.attach(manager);
            this.keys = unit;
        }
    }

    /** min(4096, max(1, N/2)). */
    public static int defaultSize(int datasetSize) {
        return Math.min(4096, Math.max(1, datasetSize / 2));
    }

    public int size() {
        return size;
    }

    /** Index of the row the next key goes to. */
    public int pointer() {
        return pointer;
    }

    /** The current K×d keys (owned by the queue; do not close). */
    public NDArray keys() {
        return keys;
    }

    /** Writes the B keys (normalised, detached) over the oldest rows, wrapping around; keeps the last K if B > K. */
    public void enqueue(NDArray batch) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray k = Ops.normalize(batch.stopGradient()).toDevice(keys.getDevice(), false);
            k.attach(scope);
            long b = k.getShape().get(0);
            if (b >= size) {
                k.get(new NDIndex((b - size) + ":")).copyTo(keys);
                pointer = 0;
                return;
            }
            int n = (int) b;
            int first = Math.min(n, size - pointer);
            keys.set(new NDIndex(pointer + ":" + (pointer + first)), k.get(new NDIndex("0:" + first)));
            if (first < n) {
                keys.set(new NDIndex("0:" + (n - first)), k.get(new NDIndex(first + ":")));
            }
            pointer = (pointer + n) % size;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
