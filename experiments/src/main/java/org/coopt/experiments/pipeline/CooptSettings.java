package org.coopt.experiments.pipeline;

import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.run.Seeds;

/**
 * CoOpt's own settings in an experiment config, the group {@code "coopt": {...}} (METHOD.md §1–4). A setting left
 * out takes the platform's default ({@link PlatformSettings#defaults}), so the record read from a config is complete
 * and a run's {@code config.json} shows every value it used; λ left out stays absent (the relative default, recorded
 * under {@code defaults.platform.lambdaWhenNotSet}). K is not here: it is the number of priors
 * (participant k holds prior k) in every experiment.
 *
 * <p>Override from the command line with {@code --set coopt.dim=32} or from Java with
 * {@code Experiments.config("table1", "cpu").with("coopt.dim", 32)}.
 *
 * @param dim            target dimension d ≥ 1 (default {@value PlatformSettings#DEFAULT_DIM})
 * @param sharedFraction |S| / N in (0, 1] (default 0.0005); |S| is at least 2·d
 * @param alignment      reference choice: {@code best} (the method), {@code medium}, {@code worst} or {@code none}
 * @param solver         alignment solver, a registry key: {@code ridge} (default) or {@code gradient}
 * @param lambda         an absolute ridge λ, finite and ≥ 0; absent (null) for the relative default
 *                       1e-3·trace(YᵀY)/d. "Use the default" is the absence of a value, never a number (the platform
 *                       settings carry the same null), so {@code --set coopt.lambda=-1} is refused like every other
 *                       negative λ instead of silently selecting the default
 */
public record CooptSettings(Integer dim, Double sharedFraction, Alignment.Choice alignment, String solver,
                            Double lambda) {
    public CooptSettings {
        PlatformSettings d = PlatformSettings.defaults(1);
        dim = dim == null ? d.dim() : dim;
        sharedFraction = sharedFraction == null ? d.sharedFraction() : sharedFraction;
        alignment = alignment == null ? d.alignment() : alignment;
        solver = solver == null ? d.solver() : solver;
        if (dim < 1) {
            throw new IllegalArgumentException("coopt.dim (the target dimension d) must be >= 1, got " + dim);
        }
        if (!(sharedFraction > 0 && sharedFraction <= 1)) {
            throw new IllegalArgumentException("coopt.sharedFraction (|S| / N) must be in (0, 1], got "
                    + Budget.shown(sharedFraction));
        }
        if (lambda != null && !(Double.isFinite(lambda) && lambda >= 0)) {
            throw new IllegalArgumentException("coopt.lambda must be a finite number >= 0, got " + Budget.shown(lambda)
                    + "; leave coopt.lambda out for the relative default 1e-3·trace(YᵀY)/d");
        }
        // the rest (the solver's name) by the platform's own rules, so a config and `coopt platform init` agree
        new PlatformSettings(1, dim, sharedFraction, 0L, alignment, solver,
                lambda, d.uniformityT(), d.uniformityCap());
    }

    /** d, the shared fraction and the alignment choice; the solver and λ at their defaults. */
    public static CooptSettings of(int dim, double sharedFraction, Alignment.Choice alignment) {
        return new CooptSettings(dim, sharedFraction, alignment, null, null);
    }

    /** Every setting at its default. */
    public static CooptSettings defaults() {
        return new CooptSettings(null, null, null, null, null);
    }

    /**
     * The platform settings of a CoOpt cell: K = {@code participants}, these settings, and the platform seed
     * {@code seeds.child("platform")}.
     */
    public PlatformSettings platform(int participants, Seeds seeds) {
        return platform(participants, seeds.child("platform"));
    }

    /** The platform settings with K = {@code participants} and root seed {@code seed}; λ absent stays absent. */
    private PlatformSettings platform(int participants, long seed) {
        PlatformSettings d = PlatformSettings.defaults(participants);
        return new PlatformSettings(participants, dim, sharedFraction, seed, alignment, solver,
                lambda, d.uniformityT(), d.uniformityCap());
    }

    public CooptSettings withAlignment(Alignment.Choice a) {
        return new CooptSettings(dim, sharedFraction, a, solver, lambda);
    }

    public CooptSettings withSharedFraction(double f) {
        return new CooptSettings(dim, f, alignment, solver, lambda);
    }

    public CooptSettings withDim(int d) {
        return new CooptSettings(d, sharedFraction, alignment, solver, lambda);
    }
}
