package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.coopt.workbench.data.ImageDataset;

/** A small in-memory {@link ImageDataset} for tests (uint8 pixels, mean 0.5 / std 0.25 normalisation). */
public final class ArrayImages implements ImageDataset {
    private final byte[] pixels;
    private final int[] labels;
    private final int n;
    private final int c;
    private final int h;
    private final int w;
    private final int classes;

    public ArrayImages(byte[] pixels, int[] labels, int c, int h, int w, int classes) {
        this.pixels = pixels;
        this.labels = labels;
        this.n = labels.length;
        this.c = c;
        this.h = h;
        this.w = w;
        this.classes = classes;
    }

    /** n random images whose label is planted: class k brightens a k-specific block of pixels. */
    public static ArrayImages planted(int n, int c, int size, int classes, long seed) {
        Random r = new Random(seed);
        int per = c * size * size;
        byte[] px = new byte[n * per];
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = r.nextInt(classes);
            for (int j = 0; j < per; j++) {
                int v = r.nextInt(120);
                int pix = j % (size * size);
                int row = pix / size;
                if (row * classes / size == lab[i]) {
                    v += 120;
                }
                px[i * per + j] = (byte) v;
            }
        }
        return new ArrayImages(px, lab, c, size, size, classes);
    }

    @Override
    public String name() {
        return "array";
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int channels() {
        return c;
    }

    @Override
    public int height() {
        return h;
    }

    @Override
    public int width() {
        return w;
    }

    @Override
    public List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add("c" + k);
        }
        return names;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public void pixels(int i, byte[] dst, int offset) {
        int per = c * h * w;
        System.arraycopy(pixels, i * per, dst, offset, per);
    }

    @Override
    public float[] mean() {
        float[] m = new float[c];
        java.util.Arrays.fill(m, 0.5f);
        return m;
    }

    @Override
    public float[] std() {
        float[] s = new float[c];
        java.util.Arrays.fill(s, 0.25f);
        return s;
    }

    @Override
    public String sha256() {
        return "test";
    }

    @Override
    public NDArray batch(NDManager manager, int[] indices) {
        int per = c * h * w;
        float[] f = new float[indices.length * per];
        for (int b = 0; b < indices.length; b++) {
            for (int j = 0; j < per; j++) {
                f[b * per + j] = ((pixels[indices[b] * per + j] & 0xff) / 255f - 0.5f) / 0.25f;
            }
        }
        return manager.create(f, new Shape(indices.length, c, h, w));
    }

    @Override
    public NDArray labels(NDManager manager, int[] indices) {
        long[] l = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            l[i] = labels[indices[i]];
        }
        return manager.create(l).toType(DataType.INT64, false);
    }

    @Override
    public ImageDataset subset(int[] indices, String name) {
        int per = c * h * w;
        byte[] px = new byte[indices.length * per];
        int[] lab = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * per, px, i * per, per);
            lab[i] = labels[indices[i]];
        }
        return new ArrayImages(px, lab, c, h, w, classes);
    }
}
