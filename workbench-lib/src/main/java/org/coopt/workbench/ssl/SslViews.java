package org.coopt.workbench.ssl;

import org.coopt.workbench.augment.AugmentSettings;

/**
 * The two augmented views a method trains on, as {@link AugmentSettings} of the training loop.
 *
 * <ul>
 *   <li>{@link #symmetric}: SimCLR-style, both views the same (solo-learn's CIFAR SimCLR config: crop
 *       scale 0.08–1, flip 0.5, ColorJitter(0.8, 0.8, 0.8, 0.2) p 0.8, grayscale 0.2);</li>
 *   <li>{@link #asymmetric}: BYOL-style ({@link AugmentSettings#byolView1()} / {@code byolView2()}):
 *       solarization p 0.2 on the second view only, blur 1.0 / 0.1.</li>
 * </ul>
 * <b>(decision)</b> Below 64 px (Fashion-MNIST, CIFAR) the crop scale starts at 0.2 (MoCo v2's crop)
 * instead of 0.08: an 8% crop of a 28-px image is an 8×8 patch, too little to tell garments apart.
 * Blur below 64 px is off (solo-learn's CIFAR configs). On 1-channel images the shared augmenter
 * skips colour jitter entirely (torchvision would still jitter brightness and contrast), which leaves
 * the symmetric pair with no photometric change at all; there both views get solarization p = 0.2 as
 * the intensity augmentation instead. In the slow test, symmetric methods without it did not beat a
 * random-init backbone on kNN within 640 steps (SimCLR 0.7645 vs 0.7645, SimSiam 0.758 vs 0.7645).
 */
public record SslViews(AugmentSettings first, AugmentSettings second) {
    /** Smallest crop area fraction below 64 px. */
    public static final double SMALL_IMAGE_CROP_MIN = 0.2;
    /** Solarization probability of both symmetric views on 1-channel images. */
    public static final double GRAYSCALE_SOLARIZE = 0.2;

    public SslViews {
        if (first == null || second == null) {
            throw new IllegalArgumentException("both views must be set");
        }
    }

    /** SimCLR-style symmetric views for 3-channel images of side {@code imageSize}. */
    public static SslViews symmetric(int imageSize) {
        return symmetric(imageSize, 3);
    }

    /** SimCLR-style symmetric views for images of side {@code imageSize} with {@code channels} channels. */
    public static SslViews symmetric(int imageSize, int channels) {
        AugmentSettings v = new AugmentSettings(0.08, 1.0, 3.0 / 4, 4.0 / 3, 0.5, 0.8, 0.8, 0.8, 0.8, 0.2, 0.2,
                0.5, 0.1, 2.0, 0);
        if (imageSize < 64) {
            v = small(v);
            if (channels == 1) {
                v = v.withSolarize(GRAYSCALE_SOLARIZE);
            }
        }
        return new SslViews(v, v);
    }

    /** BYOL-style asymmetric views (solarization on the second) for images of side {@code imageSize}. */
    public static SslViews asymmetric(int imageSize) {
        AugmentSettings a = AugmentSettings.byolView1();
        AugmentSettings b = AugmentSettings.byolView2();
        return imageSize < 64 ? new SslViews(small(a), small(b)) : new SslViews(a, b);
    }

    private static AugmentSettings small(AugmentSettings v) {
        return v.withBlur(0).withCropScale(SMALL_IMAGE_CROP_MIN, v.cropScaleMax());
    }
}
