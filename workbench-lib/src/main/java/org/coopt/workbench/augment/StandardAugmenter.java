package org.coopt.workbench.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The torchvision-style augmentation pipeline of {@link AugmentSettings}, run on a whole batch with a
 * handful of tensor operations. Only the per-sample random parameters (B numbers each) are drawn in
 * Java; no Java loop touches a pixel.
 *
 * <p><b>Crop, resize and flip as two matrix products.</b> RandomResizedCrop followed by bilinear
 * resizing is separable: for sample b, {@code out_b = R_b · X_b · C_bᵀ}, where the row matrix R_b
 * (H×H) and the column matrix C_b (W×W) hold the bilinear weights of PyTorch's
 * {@code interpolate(mode="bilinear", align_corners=False)}: output index o reads the crop at
 * {@code s = (o + ½)·len/out − ½} (clamped at 0), i.e. rows ⌊s⌋ and ⌊s⌋+1 with weights 1−λ and λ.
 * A horizontal flip reverses the rows of C_b. The crop box is drawn as in torchvision's
 * {@code RandomResizedCrop.get_params}: area fraction ~ U(scale), log aspect ~ U(log ratio), ten
 * tries, then the centre crop. Up-scaling only (the crop is never larger than the output), so
 * torchvision's anti-aliasing never applies.
 *
 * <p><b>Colour jitter</b> (with probability p per sample; identity factors otherwise), in the fixed
 * order brightness → contrast → saturation → hue <b>(decision: torchvision permutes the four
 * randomly per call; the fixed order keeps the batch as one tensor program)</b>, each clamped to [0, 1]:
 * brightness {@code x·β}; contrast {@code x·c + (1−c)·mean(gray(x))}; saturation
 * {@code x·s + (1−s)·gray(x)} with gray = 0.299 R + 0.587 G + 0.114 B; hue as a rotation by 2πh of
 * the chroma plane in YIQ space <b>(decision: a linear stand-in for torchvision's HSV hue shift, one
 * 3×3 matrix per sample)</b>. Grayscale (p) is saturation with factor 0, replicated on 3 channels.
 * On 1-channel images every colour step is a no-op (METHOD.md §5).
 *
 * <p><b>Gaussian blur</b> is again {@code K_b · X_b · K_bᵀ} with a reflect-padded Gaussian band
 * matrix of σ ~ U(blurSigmaMin, blurSigmaMax) (identity for samples not blurred).
 * <b>Solarize</b>: {@code x ↦ 1 − x} where x ≥ 0.5, for the selected samples.
 */
public final class StandardAugmenter implements ViewAugmenter {
    private static final float[] LUMA = {0.299f, 0.587f, 0.114f};
    private final AugmentSettings settings;

    public StandardAugmenter(AugmentSettings settings) {
        this.settings = settings;
    }

    public AugmentSettings settings() {
        return settings;
    }

    @Override
    public NDArray apply(NDArray pixels, Random random) {
        Shape shape = pixels.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("augmentation expects [B, C, H, W], got " + shape);
        }
        if (settings.isIdentity()) {
            return pixels;
        }
        int b = (int) shape.get(0);
        int c = (int) shape.get(1);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        NDManager m = pixels.getManager();
        NDArray x = cropFlip(pixels, m, random, b, h, w);
        if (c == 3) {
            x = colour(x, m, random, b, h, w);
        }
        if (settings.blurP() > 0) {
            x = blur(x, m, random, b, h, w);
        }
        if (settings.solarizeP() > 0) {
            x = solarize(x, m, random, b);
        }
        return x;
    }

    private NDArray cropFlip(NDArray x, NDManager m, Random random, int b, int h, int w) {
        boolean crops = settings.cropScaleMin() < 1 || settings.cropScaleMax() < 1;
        if (!crops && settings.flipP() == 0) {
            return x;
        }
        float[] rows = new float[b * h * h];
        float[] colsT = new float[b * w * w];
        for (int s = 0; s < b; s++) {
            int[] box = crops ? cropBox(random, h, w) : new int[] {0, 0, h, w};
            boolean flip = random.nextDouble() < settings.flipP();
            resizeMatrix(rows, s * h * h, box[0], box[2], h, h, false, false);
            resizeMatrix(colsT, s * w * w, box[1], box[3], w, w, flip, true);
        }
        NDArray r = m.create(rows, new Shape(b, 1, h, h));
        NDArray ct = m.create(colsT, new Shape(b, 1, w, w));
        return r.matMul(x).matMul(ct);
    }

    /** torchvision RandomResizedCrop.get_params: {top, left, height, width}. */
    private int[] cropBox(Random random, int h, int w) {
        double area = (double) h * w;
        double logLo = Math.log(settings.cropRatioMin());
        double logHi = Math.log(settings.cropRatioMax());
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(random, settings.cropScaleMin(), settings.cropScaleMax());
            double ratio = Math.exp(uniform(random, logLo, logHi));
            int cw = (int) Math.round(Math.sqrt(target * ratio));
            int ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
                int top = random.nextInt(h - ch + 1);
                int left = random.nextInt(w - cw + 1);
                return new int[] {top, left, ch, cw};
            }
        }
        double inRatio = (double) w / h;
        int cw;
        int ch;
        if (inRatio < settings.cropRatioMin()) {
            cw = w;
            ch = (int) Math.round(cw / settings.cropRatioMin());
        } else if (inRatio > settings.cropRatioMax()) {
            ch = h;
            cw = (int) Math.round(ch * settings.cropRatioMax());
        } else {
            cw = w;
            ch = h;
        }
        return new int[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
    }

    /**
     * Writes the out×in bilinear resampling matrix of the segment [start, start + len) into
     * {@code dst} at {@code off} (row-major out×in, or in×out when {@code transposed}).
     */
    static void resizeMatrix(float[] dst, int off, int start, int len, int in, int out, boolean flip,
                             boolean transposed) {
        double scale = (double) len / out;
        for (int o = 0; o < out; o++) {
            double src = Math.max(0, (o + 0.5) * scale - 0.5);
            int i0 = Math.min((int) Math.floor(src), len - 1);
            int i1 = Math.min(i0 + 1, len - 1);
            float lambda = (float) (src - i0);
            int row = flip ? out - 1 - o : o;
            add(dst, off, row, start + i0, 1 - lambda, in, out, transposed);
            add(dst, off, row, start + i1, lambda, in, out, transposed);
        }
    }

    private static void add(float[] dst, int off, int row, int col, float v, int in, int out, boolean transposed) {
        if (transposed) {
            dst[off + col * out + row] += v;
        } else {
            dst[off + row * in + col] += v;
        }
    }

    private NDArray colour(NDArray x, NDManager m, Random random, int b, int h, int w) {
        float[] bright = new float[b];
        float[] contr = new float[b];
        float[] sat = new float[b];
        float[] hueRot = new float[b * 9];
        boolean anyHue = false;
        boolean anyJitter = false;
        for (int s = 0; s < b; s++) {
            bright[s] = 1;
            contr[s] = 1;
            sat[s] = 1;
            double hue = 0;
            if (random.nextDouble() < settings.jitterP()) {
                anyJitter = true;
                bright[s] = (float) uniform(random, 1 - settings.brightness(), 1 + settings.brightness());
                contr[s] = (float) uniform(random, 1 - settings.contrast(), 1 + settings.contrast());
                sat[s] = (float) uniform(random, 1 - settings.saturation(), 1 + settings.saturation());
                hue = uniform(random, -settings.hue(), settings.hue());
                anyHue |= hue != 0;
            }
            yiqRotation(hueRot, s * 9, 2 * Math.PI * hue);
        }
        float[] gray = new float[b];
        boolean anyGray = false;
        for (int s = 0; s < b; s++) {
            if (random.nextDouble() < settings.grayscaleP()) {
                gray[s] = 1;
                anyGray = true;
            }
        }
        Shape perSample = new Shape(b, 1, 1, 1);
        if (anyJitter) {
            x = x.mul(m.create(bright, perSample)).clip(0, 1);
            NDArray cf = m.create(contr, perSample);
            NDArray mean = luma(x, m).reshape(b, (long) h * w).mean(new int[] {1}).reshape(perSample);
            x = x.mul(cf).add(mean.mul(cf.neg().add(1))).clip(0, 1);
            NDArray sf = m.create(sat, perSample);
            x = x.mul(sf).add(luma(x, m).mul(sf.neg().add(1))).clip(0, 1);
            if (anyHue) {
                NDArray rot = m.create(hueRot, new Shape(b, 3, 3));
                x = rot.matMul(x.reshape(b, 3, (long) h * w)).reshape(b, 3, h, w).clip(0, 1);
            }
        }
        if (anyGray) {
            NDArray g = m.create(gray, perSample);
            x = x.mul(g.neg().add(1)).add(luma(x, m).mul(g));
        }
        return x;
    }

    /** gray = 0.299 R + 0.587 G + 0.114 B as [B, 1, H, W]. */
    private static NDArray luma(NDArray x, NDManager m) {
        return x.mul(m.create(LUMA, new Shape(1, 3, 1, 1))).sum(new int[] {1}, true);
    }

    /** RGB → YIQ, rotate I/Q by θ, → RGB: one 3×3 matrix, written row-major at {@code off}. */
    static void yiqRotation(float[] dst, int off, double theta) {
        double[][] toYiq = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322}, {0.211, -0.523, 0.312}};
        double[][] toRgb = {{1, 0.956, 0.621}, {1, -0.272, -0.647}, {1, -1.106, 1.703}};
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double[][] rot = {{1, 0, 0}, {0, cos, -sin}, {0, sin, cos}};
        double[][] t = mul(toRgb, mul(rot, toYiq));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                dst[off + 3 * i + j] = (float) t[i][j];
            }
        }
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private NDArray blur(NDArray x, NDManager m, Random random, int b, int h, int w) {
        float[] rows = new float[b * h * h];
        float[] colsT = new float[b * w * w];
        boolean any = false;
        for (int s = 0; s < b; s++) {
            double sigma = 0;
            if (random.nextDouble() < settings.blurP()) {
                sigma = uniform(random, settings.blurSigmaMin(), settings.blurSigmaMax());
                any = true;
            }
            gaussianMatrix(rows, s * h * h, h, sigma, false);
            gaussianMatrix(colsT, s * w * w, w, sigma, true);
        }
        if (!any) {
            return x;
        }
        return m.create(rows, new Shape(b, 1, h, h)).matMul(x).matMul(m.create(colsT, new Shape(b, 1, w, w)));
    }

    /** n×n reflect-padded Gaussian blur matrix (identity for σ = 0), kernel radius ⌈3σ⌉ capped at n − 1. */
    static void gaussianMatrix(float[] dst, int off, int n, double sigma, boolean transposed) {
        if (sigma <= 0) {
            for (int i = 0; i < n; i++) {
                dst[off + i * n + i] = 1;
            }
            return;
        }
        int radius = Math.min(n - 1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int j = -radius; j <= radius; j++) {
            k[j + radius] = Math.exp(-0.5 * j * j / (sigma * sigma));
            sum += k[j + radius];
        }
        for (int o = 0; o < n; o++) {
            for (int j = -radius; j <= radius; j++) {
                int i = o + j;
                if (i < 0) {
                    i = -i;
                } else if (i >= n) {
                    i = 2 * n - 2 - i;
                }
                float v = (float) (k[j + radius] / sum);
                if (transposed) {
                    dst[off + i * n + o] += v;
                } else {
                    dst[off + o * n + i] += v;
                }
            }
        }
    }

    private NDArray solarize(NDArray x, NDManager m, Random random, int b) {
        float[] sel = new float[b];
        boolean any = false;
        for (int s = 0; s < b; s++) {
            if (random.nextDouble() < settings.solarizeP()) {
                sel[s] = 1;
                any = true;
            }
        }
        if (!any) {
            return x;
        }
        NDArray mask = x.gte(0.5f).toType(x.getDataType(), false).mul(m.create(sel, new Shape(b, 1, 1, 1)));
        return x.add(mask.mul(x.mul(-2).add(1)));
    }

    private static double uniform(Random random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }
}
