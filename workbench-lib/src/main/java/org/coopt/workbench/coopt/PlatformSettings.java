package org.coopt.workbench.coopt;

import org.coopt.workbench.util.UserInputException;

/**
 * The platform's settings, validated, with the defaults of METHOD.md §1–4 in one place.
 *
 * @param participants   K (≥ 1, ≤ N)
 * @param dim            target dimension d (128)
 * @param sharedFraction |S| / N (0.0005 = 0.05%); |S| is at least 2·d <b>(decision)</b>
 * @param seed           root seed of the platform (partition, shared set, projections, uniformity subsample)
 * @param alignment      reference choice: best (the method), medium, worst or none
 * @param solver         alignment solver name: ridge (default) or gradient
 * @param lambda         absolute ridge λ ≥ 0, or null (not given: left out of platform.json and configs) for the
 *                       relative default 1e-3·trace(YᵀY)/d; NaN, ±∞ and every negative are refused. <b>(decision)</b>
 *                       No number stands for the default, so no value a user types can select it by accident.
 * @param uniformityT    t of the uniformity value (2)
 * @param uniformityCap  at most this many rows of S for the uniformity value (10,000)
 */
public record PlatformSettings(int participants, int dim, double sharedFraction, long seed,
                               Alignment.Choice alignment, String solver, Double lambda, double uniformityT,
                               int uniformityCap) {
    public static final int DEFAULT_DIM = 128;
    public static final double DEFAULT_SHARED_FRACTION = 0.0005;
    public static final String DEFAULT_SOLVER = RidgeAligner.NAME;

    public PlatformSettings {
        if (participants < 1) {
            throw new UserInputException("need at least 1 participant, got " + participants);
        }
        if (dim < 1) {
            throw new UserInputException("target dimension d must be >= 1, got " + dim);
        }
        if (!(sharedFraction > 0 && sharedFraction <= 1)) {
            throw new UserInputException("shared fraction must be in (0, 1], got " + sharedFraction);
        }
        if (alignment == null) {
            alignment = Alignment.Choice.BEST;
        }
        Alignment.solver(solver == null ? DEFAULT_SOLVER : solver);
        solver = solver == null ? DEFAULT_SOLVER : solver;
        if (lambda != null) {
            Aligner.checkLambda(lambda, "lambda (--lambda, coopt.lambda)");
        }
        new Uniformity.Settings(uniformityT, uniformityCap, 0);
    }

    /** K participants, everything else default. */
    public static PlatformSettings defaults(int participants) {
        return new PlatformSettings(participants, DEFAULT_DIM, DEFAULT_SHARED_FRACTION, 0L, Alignment.Choice.BEST,
                DEFAULT_SOLVER, null, 2.0, 10_000);
    }

    public PlatformSettings withDim(int d) {
        return new PlatformSettings(participants, d, sharedFraction, seed, alignment, solver, lambda, uniformityT, uniformityCap);
    }

    public PlatformSettings withSeed(long s) {
        return new PlatformSettings(participants, dim, sharedFraction, s, alignment, solver, lambda, uniformityT, uniformityCap);
    }

    public PlatformSettings withAlignment(Alignment.Choice c) {
        return new PlatformSettings(participants, dim, sharedFraction, seed, c, solver, lambda, uniformityT, uniformityCap);
    }

    public PlatformSettings withSharedFraction(double f) {
        return new PlatformSettings(participants, dim, f, seed, alignment, solver, lambda, uniformityT, uniformityCap);
    }

    /** Solver {@code s} with λ {@code l} (null: the relative default). */
    public PlatformSettings withSolver(String s, Double l) {
        return new PlatformSettings(participants, dim, sharedFraction, seed, alignment, s, l, uniformityT, uniformityCap);
    }

    /** |S| for a dataset of N samples: max(⌈fraction·N⌉, 2·d), at most N. */
    public int sharedSize(int n) {
        long s = Math.max((long) Math.ceil(sharedFraction * n), 2L * dim);
        return (int) Math.min(s, n);
    }

    public Aligner aligner() {
        return Alignment.solver(solver, lambda);
    }

    public Uniformity.Settings uniformity(long capSeed) {
        return new Uniformity.Settings(uniformityT, uniformityCap, capSeed);
    }
}
