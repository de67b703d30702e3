package org.coopt.workbench.augment;

/**
 * Settings of {@link StandardAugmenter}: the torchvision-style pipeline RandomResizedCrop → horizontal
 * flip → ColorJitter (p) → grayscale (p) → Gaussian blur (p) → solarize (p), each step optional.
 * Defaults live in the factory methods, nowhere else.
 *
 * @param cropScaleMin   RandomResizedCrop: smallest crop area as a fraction of the image (1 = no crop)
 * @param cropScaleMax   largest crop area fraction
 * @param cropRatioMin   smallest aspect ratio w/h of the crop (torchvision 3/4)
 * @param cropRatioMax   largest aspect ratio (torchvision 4/3)
 * @param flipP          probability of a horizontal flip
 * @param jitterP        probability that colour jitter is applied to a sample
 * @param brightness     brightness factor drawn from [1 − b, 1 + b]
 * @param contrast       contrast factor drawn from [1 − c, 1 + c]
 * @param saturation     saturation factor drawn from [1 − s, 1 + s]
 * @param hue            hue shift drawn from [−h, h] (fraction of a full turn, h ≤ 0.5)
 * @param grayscaleP     probability of converting a sample to grayscale
 * @param blurP          probability of a Gaussian blur
 * @param blurSigmaMin   smallest Gaussian blur σ, in pixels (torchvision GaussianBlur sigma=(0.1, 2.0));
 *                       the kernel covers the whole image (±3σ truncated by reflection), not 23 px
 * @param blurSigmaMax   largest blur σ, in pixels
 * @param solarizeP      probability of solarization (x ↦ 1 − x where x ≥ 0.5)
 */
public record AugmentSettings(
        double cropScaleMin, double cropScaleMax, double cropRatioMin, double cropRatioMax,
        double flipP,
        double jitterP, double brightness, double contrast, double saturation, double hue,
        double grayscaleP,
        double blurP, double blurSigmaMin, double blurSigmaMax,
        double solarizeP) {

    public AugmentSettings {
        check("cropScaleMin", cropScaleMin, 1e-3, 1);
        check("cropScaleMax", cropScaleMax, cropScaleMin, 1);
        check("cropRatioMin", cropRatioMin, 1e-2, 100);
        check("cropRatioMax", cropRatioMax, cropRatioMin, 100);
        check("flipP", flipP, 0, 1);
        check("jitterP", jitterP, 0, 1);
        check("brightness", brightness, 0, 1);
        check("contrast", contrast, 0, 1);
        check("saturation", saturation, 0, 1);
        check("hue", hue, 0, 0.5);
        check("grayscaleP", grayscaleP, 0, 1);
        check("blurP", blurP, 0, 1);
        check("blurSigmaMin", blurSigmaMin, 0, 100);
        check("blurSigmaMax", blurSigmaMax, blurSigmaMin, 100);
        check("solarizeP", solarizeP, 0, 1);
    }

    private static void check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException("augmentation " + name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }

    /**
     * RELA's student augmentation (METHOD.md §5): RandomResizedCrop scale (0.5, 1), horizontal flip
     * p = 0.5, ColorJitter(0.8, 0.8, 0.8, 0.2) with p = 0.8, grayscale p = 0.2; no blur, no solarize.
     */
    public static AugmentSettings rela() {
        return new AugmentSettings(0.5, 1.0, 3.0 / 4, 4.0 / 3, 0.5, 0.8, 0.8, 0.8, 0.8, 0.2, 0.2, 0, 0.1, 2.0, 0);
    }

    /**
     * BYOL's first view (Grill et al. 2020, Tab. 6): crop scale (0.08, 1), flip, ColorJitter(0.4, 0.4,
     * 0.2, 0.1) p = 0.8, grayscale p = 0.2, blur p = 1.0 with σ ∈ [0.1, 2.0], no solarization.
     */
    public static AugmentSettings byolView1() {
        return new AugmentSettings(0.08, 1.0, 3.0 / 4, 4.0 / 3, 0.5, 0.8, 0.4, 0.4, 0.2, 0.1, 0.2, 1.0, 0.1, 2.0, 0);
    }

    /** BYOL's second view: as {@link #byolView1()} but blur p = 0.1 and solarization p = 0.2. */
    public static AugmentSettings byolView2() {
        return new AugmentSettings(0.08, 1.0, 3.0 / 4, 4.0 / 3, 0.5, 0.8, 0.4, 0.4, 0.2, 0.1, 0.2, 0.1, 0.1, 2.0, 0.2);
    }

    /** No augmentation at all (crop scale 1, every probability 0). */
    public static AugmentSettings none() {
        return new AugmentSettings(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 2.0, 0);
    }

    public AugmentSettings withCropScale(double min, double max) {
        return new AugmentSettings(min, max, cropRatioMin, cropRatioMax, flipP, jitterP, brightness, contrast,
                saturation, hue, grayscaleP, blurP, blurSigmaMin, blurSigmaMax, solarizeP);
    }

    public AugmentSettings withBlur(double p) {
        return new AugmentSettings(cropScaleMin, cropScaleMax, cropRatioMin, cropRatioMax, flipP, jitterP, brightness,
                contrast, saturation, hue, grayscaleP, p, blurSigmaMin, blurSigmaMax, solarizeP);
    }

    public AugmentSettings withSolarize(double p) {
        return new AugmentSettings(cropScaleMin, cropScaleMax, cropRatioMin, cropRatioMax, flipP, jitterP, brightness,
                contrast, saturation, hue, grayscaleP, blurP, blurSigmaMin, blurSigmaMax, p);
    }

    /** Whether any step can change an image. */
    public boolean isIdentity() {
        return cropScaleMin >= 1 && cropRatioMin >= 1 && cropRatioMax <= 1 && flipP == 0 && jitterP == 0
                && grayscaleP == 0 && blurP == 0 && solarizeP == 0;
    }
}
