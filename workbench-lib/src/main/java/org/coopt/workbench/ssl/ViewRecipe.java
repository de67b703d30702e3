package org.coopt.workbench.ssl;

/**
 * How one augmented view of an image is made (the parameters solo-learn's pretrain configs set per
 * view). Colour jitter and grayscale act on 3-channel data only (no-ops on Fashion-MNIST).
 *
 * @param cropScaleMin  RandomResizedCrop lower area bound (upper is 1), aspect 3/4..4/3
 * @param flip          horizontal-flip probability
 * @param jitter        colour-jitter probability (brightness 0.4, contrast 0.4, saturation 0.2, hue 0.1)
 * @param grayscale     grayscale probability
 * @param blur          Gaussian-blur probability (skipped below 32 px, as solo-learn does on CIFAR)
 * @param solarize      solarization probability (pixels above 0.5 inverted)
 */
public record ViewRecipe(double cropScaleMin, double flip, double jitter, double grayscale, double blur,
                         double solarize) {
    public ViewRecipe {
        for (double p : new double[] {flip, jitter, grayscale, blur, solarize}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("augmentation probabilities must be in [0, 1], got " + p);
            }
        }
        if (!(cropScaleMin > 0 && cropScaleMin <= 1)) {
            throw new IllegalArgumentException("crop scale minimum must be in (0, 1], got " + cropScaleMin);
        }
    }

    /** SimCLR's view (Chen et al. 2020, App. A), used for both views of symmetric methods. */
    public static final ViewRecipe SIMCLR = new ViewRecipe(0.08, 0.5, 0.8, 0.2, 0.0, 0.0);
    /** BYOL's first view (Grill et al. 2020, Tab. 6): blur always, never solarized. */
    public static final ViewRecipe BYOL_FIRST = new ViewRecipe(0.08, 0.5, 0.8, 0.2, 1.0, 0.0);
    /** BYOL's second view: blur 0.1, solarization 0.2. */
    public static final ViewRecipe BYOL_SECOND = new ViewRecipe(0.08, 0.5, 0.8, 0.2, 0.1, 0.2);

    /** The pair of views a method trains on. */
    public record Pair(ViewRecipe first, ViewRecipe second) {
        public static final Pair SYMMETRIC = new Pair(SIMCLR, SIMCLR);
        public static final Pair ASYMMETRIC = new Pair(BYOL_FIRST, BYOL_SECOND);
    }
}
