package org.coopt.workbench.data;

/**
 * The one image resampler of the data layer, used by {@link ImageFolderDataset} (decoded images to the
 * dataset's size) and {@link ResizedView} (any dataset to another size). Works on one plane (one
 * channel) at a time, in float, and rounds to uint8 only at the end.
 *
 * <p><b>(decision)</b> Anti-aliased shrinking by repeated halving: while the image is at least twice
 * the target along an axis, that axis is halved (w → ⌊w/2⌋) with a bilinear step; then one bilinear
 * step goes to the target size. An exact halving (w even) is a 2-tap box average, so the halvings are a
 * box pyramid, like mip-mapping; shrinking e.g. a 500-px ImageNet photo to 32 px in a single bilinear
 * step would sample only 2 of every ~16 pixels per axis and alias fine texture into moiré. Enlarging is
 * one bilinear step.
 *
 * <p>Bilinear step w → W (each axis separately, pixel centres aligned, edges clamped): output pixel i
 * samples the source at {@code s = (i + 0.5)·w/W − 0.5}, clamped to [0, w − 1]; with
 * {@code i0 = ⌊s⌋}, {@code i1 = min(i0 + 1, w − 1)}, {@code f = s − i0}:
 * {@code out[i] = (1 − f)·src[i0] + f·src[i1]}. For W = w/2 this is s = 2i + 0.5, the mean of pixels
 * 2i and 2i + 1. The final value is rounded half up and clamped to 0..255.
 *
 * <p>Stateless and thread-safe.
 */
public final class Resampling {
    private Resampling() {}

    /**
     * Resizes the uint8 plane {@code src[srcOff .. srcOff + w·h)} (row-major, w×h) to {@code ow×oh}
     * into {@code dst[dstOff ..]}. Same size is an exact copy.
     */
    public static void resize(byte[] src, int srcOff, int w, int h, byte[] dst, int dstOff, int ow, int oh) {
        if (w == ow && h == oh) {
            System.arraycopy(src, srcOff, dst, dstOff, w * h);
            return;
        }
        float[] f = new float[w * h];
        for (int k = 0; k < f.length; k++) {
            f[k] = src[srcOff + k] & 0xFF;
        }
        toBytes(resize(f, w, h, ow, oh), dst, dstOff);
    }

    /** Resizes the float plane {@code src} (w×h, row-major) to ow×oh: halvings, then one bilinear step. */
    public static float[] resize(float[] src, int w, int h, int ow, int oh) {
        check(src, w, h, ow, oh);
        float[] cur = src;
        int cw = w;
        int ch = h;
        while (cw >= 2 * ow || ch >= 2 * oh) {
            int nw = cw >= 2 * ow ? cw / 2 : cw;
            int nh = ch >= 2 * oh ? ch / 2 : ch;
            cur = nw * 2 == cw && nh * 2 == ch ? halve(cur, cw, ch) : bilinear(cur, cw, ch, nw, nh);
            cw = nw;
            ch = nh;
        }
        return cw == ow && ch == oh ? (cur == src ? src.clone() : cur) : bilinear(cur, cw, ch, ow, oh);
    }

    /** One bilinear step w×h → ow×oh (formula in the class comment), rows first, then columns. */
    public static float[] bilinear(float[] src, int w, int h, int ow, int oh) {
        check(src, w, h, ow, oh);
        float[] rows = w == ow ? src : new float[ow * h];
        if (w != ow) {
            int[] i0 = new int[ow];
            int[] i1 = new int[ow];
            float[] fr = new float[ow];
            taps(w, ow, i0, i1, fr);
            for (int y = 0; y < h; y++) {
                int in = y * w;
                int out = y * ow;
                for (int x = 0; x < ow; x++) {
                    float a = src[in + i0[x]];
                    rows[out + x] = a + fr[x] * (src[in + i1[x]] - a);
                }
            }
        }
        if (h == oh) {
            return rows == src ? src.clone() : rows;
        }
        float[] out = new float[ow * oh];
        int[] j0 = new int[oh];
        int[] j1 = new int[oh];
        float[] fc = new float[oh];
        taps(h, oh, j0, j1, fc);
        for (int y = 0; y < oh; y++) {
            int a = j0[y] * ow;
            int b = j1[y] * ow;
            float f = fc[y];
            int o = y * ow;
            for (int x = 0; x < ow; x++) {
                float va = rows[a + x];
                out[o + x] = va + f * (rows[b + x] - va);
            }
        }
        return out;
    }

    /**
     * The exact halving of an even w×h plane in one pass: the 2×2 box average
     * {@code out[y][x] = (src[2y][2x] + src[2y][2x+1] + src[2y+1][2x] + src[2y+1][2x+1]) / 4}, which is
     * what the bilinear step w → w/2 computes (taps 2i and 2i + 1, weight ½ each).
     */
    static float[] halve(float[] src, int w, int h) {
        int ow = w / 2;
        int oh = h / 2;
        float[] out = new float[ow * oh];
        for (int y = 0; y < oh; y++) {
            int a = 2 * y * w;
            int b = a + w;
            int o = y * ow;
            for (int x = 0; x < ow; x++) {
                int k = 2 * x;
                out[o + x] = 0.25f * (src[a + k] + src[a + k + 1] + src[b + k] + src[b + k + 1]);
            }
        }
        return out;
    }

    /** Source taps of a bilinear step n → m: s = (i + 0.5)·n/m − 0.5 clamped to [0, n − 1]. */
    private static void taps(int n, int m, int[] i0, int[] i1, float[] frac) {
        double scale = (double) n / m;
        for (int i = 0; i < m; i++) {
            double s = Math.min(Math.max((i + 0.5) * scale - 0.5, 0.0), n - 1);
            int a = (int) Math.floor(s);
            i0[i] = a;
            i1[i] = Math.min(a + 1, n - 1);
            frac[i] = (float) (s - a);
        }
    }

    /** Rounds (half up) and clamps every value to 0..255 into {@code dst[off ..]}. */
    public static void toBytes(float[] plane, byte[] dst, int off) {
        for (int k = 0; k < plane.length; k++) {
            int v = (int) Math.floor(plane[k] + 0.5f);
            dst[off + k] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
    }

    private static void check(float[] src, int w, int h, int ow, int oh) {
        if (w < 1 || h < 1 || ow < 1 || oh < 1) {
            throw new IllegalArgumentException("image sizes must be positive, got " + w + "x" + h + " -> " + ow + "x" + oh);
        }
        if (src.length != w * h) {
            throw new IllegalArgumentException(src.length + " values are not a " + w + "x" + h + " plane");
        }
    }
}
