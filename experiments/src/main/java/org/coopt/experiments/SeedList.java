package org.coopt.experiments;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.coopt.workbench.util.UserInputException;

/**
 * The seeds of a run, checked once for every way a run starts ({@code run}, {@code sweep}, {@code demo}, notebooks):
 * at least one, none negative, none twice. A seed is one independent repetition; {@code --seeds 0,0} ran seed 0
 * twice into the same cell files and the summary reported n = 2 with std 0, an interval from one sample.
 */
public final class SeedList {
    private SeedList() {}

    /** {@code seeds} unchanged when valid; else a one-line {@link UserInputException} saying how to fix it. */
    public static List<Long> check(List<Long> seeds) {
        if (seeds == null || seeds.isEmpty()) {
            throw new UserInputException("--seeds must name at least one seed, e.g. --seeds 0,1,2");
        }
        Set<Long> seen = new HashSet<>();
        for (Long s : seeds) {
            if (s == null || s < 0) {
                throw new UserInputException("--seeds must be non-negative whole numbers, got " + s);
            }
            if (!seen.add(s)) {
                throw new UserInputException("--seeds lists seed " + s + " twice; each seed is one independent "
                        + "repetition, so give each once (e.g. --seeds 0,1,2)");
            }
        }
        return List.copyOf(seeds);
    }
}
