package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDArray;
import com.google.gson.annotations.SerializedName;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.coopt.workbench.util.UserInputException;

/**
 * Alignment (paper Sec. 3.2 step 3, Eq. 4; METHOD.md §2–4): the choice of reference prior and the
 * registry of solvers by name.
 */
public final class Alignment {
    private Alignment() {}

    private static final Map<String, Supplier<Aligner>> SOLVERS = new LinkedHashMap<>();

    static {
        register(RidgeAligner.NAME, RidgeAligner::new);
        register("gradient", GradientAligner::new);
    }

    public static synchronized void register(String name, Supplier<Aligner> solver) {
        SOLVERS.put(name, solver);
    }

    /** A solver with its defaults, by name. */
    public static synchronized Aligner solver(String name) {
        Supplier<Aligner> s = SOLVERS.get(name);
        if (s == null) {
            throw new UserInputException("unknown alignment solver '" + name + "'; known: " + SOLVERS.keySet());
        }
        return s.get();
    }

    /** A solver with an absolute λ ≥ 0, or with the relative default when {@code lambda} is null (not given). */
    public static Aligner solver(String name, Double lambda) {
        java.util.OptionalDouble l = lambda == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(lambda);
        return switch (name) {
            case RidgeAligner.NAME -> new RidgeAligner(l, RidgeAligner.DEFAULT_RELATIVE);
            case "gradient" -> new GradientAligner(l, RidgeAligner.DEFAULT_RELATIVE, 1e-2, 3000);
            default -> solver(name);
        };
    }

    public static synchronized Iterable<String> names() {
        return Collections.unmodifiableSet(SOLVERS.keySet());
    }

    static void checkPair(NDArray source, NDArray reference) {
        if (source.getShape().dimension() != 2 || !source.getShape().equals(reference.getShape())) {
            throw new UserInputException("alignment needs source and reference targets of the same shape n×d, got "
                    + source.getShape() + " and " + reference.getShape());
        }
        if (source.getShape().get(0) < 1) {
            throw new UserInputException("alignment needs at least one shared sample");
        }
    }

    /**
     * Which prior's targets become the reference Y_b (Tab. 7, Fig. 6d). Lower uniformity = better prior.
     * <ul>
     * <li>{@code BEST}: argmin_k U_k (the method);</li>
     * <li>{@code MEDIUM}: <b>(decision)</b> the prior at rank ⌊(K−1)/2⌋ of U in ascending order (the lower median);</li>
     * <li>{@code WORST}: argmax_k U_k;</li>
     * <li>{@code NONE}: no alignment; every participant keeps Y_k.</li>
     * </ul>
     * Ties go to the lower participant index.
     */
    public enum Choice {
        // written in lower case in configs and platform.json; the upper-case names of older files still read
        @SerializedName(value = "best", alternate = "BEST") BEST,
        @SerializedName(value = "medium", alternate = "MEDIUM") MEDIUM,
        @SerializedName(value = "worst", alternate = "WORST") WORST,
        @SerializedName(value = "none", alternate = "NONE") NONE;

        public static Choice parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("unknown alignment choice '" + s + "'; use best, medium, worst or none");
            }
        }

        /** Index of the reference participant, or −1 for {@code NONE}. */
        public int pick(double[] uniformity) {
            if (this == NONE) {
                return -1;
            }
            if (uniformity.length == 0) {
                throw new IllegalArgumentException("no uniformity values to choose from");
            }
            Integer[] order = new Integer[uniformity.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> uniformity[i]).thenComparingInt(i -> i));
            return switch (this) {
                case BEST -> order[0];
                case MEDIUM -> order[(uniformity.length - 1) / 2];
                case WORST -> {
                    int w = order[order.length - 1];
                    // lowest index among those with the maximal value
                    for (Integer i : order) {
                        if (uniformity[i] == uniformity[w]) {
                            yield i;
                        }
                    }
                    yield w;
                }
                default -> -1;
            };
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
