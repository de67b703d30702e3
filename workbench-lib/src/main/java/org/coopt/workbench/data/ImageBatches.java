package org.coopt.workbench.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;

/**
 * The batch work shared by every {@link ImageDataset}: gather the samples' uint8 pixels into one
 * buffer, then do the arithmetic on NDArrays.
 *
 * <p>Normalisation, per channel c: {@code x = (p / 255 − mean[c]) / std[c]}, p the uint8 pixel.
 * Temporaries live in a sub-manager closed before returning; only the result belongs to the caller's
 * manager (and its device).
 */
public final class ImageBatches {
    private ImageBatches() {}

    /** float32 [B, C, H, W]: the samples {@code indices} of {@code ds}, normalised as above. */
    public static NDArray normalised(NDManager manager, ImageDataset ds, int[] indices) {
        int c = ds.channels();
        byte[] buf = gather(ds, indices);
        float[] mean = ds.mean();
        float[] std = ds.std();
        try (NDManager sub = manager.newSubManager()) {
            NDArray u8 = sub.create(ByteBuffer.wrap(buf), new Shape(indices.length, c, ds.height(), ds.width()),
                    DataType.UINT8);
            NDArray m = sub.create(mean).reshape(1, c, 1, 1);
            NDArray s = sub.create(std).reshape(1, c, 1, 1);
            NDArray out = u8.toType(DataType.FLOAT32, false).div(255f).sub(m).div(s);
            out.attach(manager);
            return out;
        }
    }

    /** int64 [B]: the labels of {@code indices}. */
    public static NDArray labels(NDManager manager, ImageDataset ds, int[] indices) {
        long[] out = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            checkIndex(ds, indices[i]);
            out[i] = ds.label(indices[i]);
        }
        return manager.create(out);
    }

    /**
     * The raw uint8 pixels of {@code indices}, sample after sample (C×H×W each). When the dataset
     * decodes on access ({@link ImageDataset#decodesOnAccess()}), the samples are decoded in parallel
     * (common fork-join pool), each into its own slice {@code [i·C·H·W, (i+1)·C·H·W)} of the buffer, so
     * the result is the same as the serial loop's. Every index is checked before any decoding.
     */
    public static byte[] gather(ImageDataset ds, int[] indices) {
        int per = ds.sampleBytes();
        byte[] buf = new byte[Math.multiplyExact(indices.length, per)];
        for (int index : indices) {
            checkIndex(ds, index);
        }
        if (ds.decodesOnAccess() && indices.length > 1) {
            IntStream.range(0, indices.length).parallel().forEach(i -> ds.pixels(indices[i], buf, i * per));
        } else {
            for (int i = 0; i < indices.length; i++) {
                ds.pixels(indices[i], buf, i * per);
            }
        }
        return buf;
    }

    static void checkIndex(ImageDataset ds, int i) {
        if (i < 0 || i >= ds.size()) {
            throw new IndexOutOfBoundsException("sample " + i + " is outside 0.." + (ds.size() - 1)
                    + " of dataset " + ds.name());
        }
    }

    /** {@link #channelStats(byte[], int, int, int)} of the samples {@code indices} of {@code ds} ({mean, std}). */
    public static float[][] channelStats(ImageDataset ds, int[] indices) {
        return channelStats(gather(ds, indices), indices.length, ds.channels(), ds.height() * ds.width());
    }

    /**
     * Per-channel mean and (population) standard deviation of pixels scaled to [0, 1] over the
     * samples in {@code pixels} (N×C×H×W uint8): mean_c = Σp/(255·M), std_c = sqrt(Σp²/M − (Σp/M)²)/255,
     * M = N·H·W. Computed exactly with integer sums. A zero std (constant channel) becomes 1.
     */
    public static float[][] channelStats(byte[] pixels, int count, int channels, int plane) {
        if ((long) count * channels * plane != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes are not " + count + " samples of "
                    + channels + " channels x " + plane + " pixels");
        }
        long[] sum = new long[channels];
        long[] sq = new long[channels];
        int off = 0;
        for (int s = 0; s < count; s++) {
            for (int c = 0; c < channels; c++) {
                long a = 0;
                long b = 0;
                for (int k = 0; k < plane; k++) {
                    int v = pixels[off + k] & 0xFF;
                    a += v;
                    b += v * v;
                }
                sum[c] += a;
                sq[c] += b;
                off += plane;
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double m = (double) count * plane;
        for (int c = 0; c < channels; c++) {
            if (m == 0) {
                mean[c] = 0f;
                std[c] = 1f;
                continue;
            }
            double mu = sum[c] / m;
            double var = Math.max(0, sq[c] / m - mu * mu);
            mean[c] = (float) (mu / 255.0);
            double sd = Math.sqrt(var) / 255.0;
            std[c] = sd > 0 ? (float) sd : 1f;
        }
        return new float[][] {mean, std};
    }
}
