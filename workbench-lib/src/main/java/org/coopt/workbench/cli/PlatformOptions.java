package org.coopt.workbench.cli;

import org.coopt.workbench.coopt.Aligner;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.PlatformSettings;
import picocli.CommandLine.Option;

/** The platform settings as command-line options (defaults from {@link PlatformSettings}); a picocli mixin. */
public final class PlatformOptions {
    @Option(names = "--participants", required = true, description = "K participants (<= N)")
    public int participants;

    @Option(names = "--dim", defaultValue = "" + PlatformSettings.DEFAULT_DIM, description = "target dimension d (default ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--shared-fraction", defaultValue = "" + PlatformSettings.DEFAULT_SHARED_FRACTION,
            description = "shared set size as a fraction of N, at least 2·d samples (default ${DEFAULT-VALUE})")
    double sharedFraction;

    @Option(names = "--seed", defaultValue = "0", description = "root seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--alignment", defaultValue = "best", description = "reference prior: best, medium, worst or none")
    String alignment;

    @Option(names = "--solver", defaultValue = PlatformSettings.DEFAULT_SOLVER, description = "alignment solver: ridge or gradient")
    String solver;

    /** Null when not given: the relative default (no number selects it). */
    @Option(names = "--lambda", description = "absolute ridge lambda >= 0; not given: 1e-3·trace(YᵀY)/d")
    Double lambda;

    /** The settings these options give. */
    public PlatformSettings settings() {
        return new PlatformSettings(participants, dim, sharedFraction, seed, Alignment.Choice.parse(alignment), solver,
                lambda, 2.0, 10_000);
    }
}
