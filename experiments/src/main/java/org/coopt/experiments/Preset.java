package org.coopt.experiments;

import java.util.Locale;
import org.coopt.workbench.util.UserInputException;

/**
 * How big a run is. {@code smoke}: seconds, for tests and notebooks executed headless. {@code cpu}:
 * Fashion-MNIST at a size that finishes on 2 CPU cores in at most 20 minutes per experiment and still
 * shows the paper's effect. {@code paper}: the paper's datasets, architectures and hyperparameters,
 * for a GPU.
 */
public enum Preset {
    SMOKE, CPU, PAPER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preset parse(String s) {
        for (Preset p : values()) {
            if (p.id().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new UserInputException("unknown preset '" + s + "'; use smoke, cpu or paper");
    }
}
