package org.coopt.experiments;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.pipeline.ZooPriors;
import org.coopt.workbench.util.UserInputException;

/**
 * Checks of an experiment config that need more than its own record (the zoo, the data sizes), made before the
 * run folder exists, so that a refused config leaves nothing behind (a CoOpt d of 100,000 used to fail inside the
 * first cell, after hundreds of MB of features had been extracted into scratch).
 *
 * <ul>
 * <li>every zoo prior id named by a component called {@code priors}, {@code basePriors}, {@code humanPriors},
 *     {@code weakPriors} or {@code priorSets} (lists or maps of lists) exists in the workload's zoo preset;</li>
 * <li>the CoOpt group's {@code coopt.dim} satisfies d ≤ N, N the unlabelled pool ({@link org.coopt.workbench.coopt.Platform#init}
 *     refuses more).</li>
 * <li>the workload's zoo preset is one the workbench knows (built, or a preset it can build), whether or not the
 *     config names priors;</li>
 * <li>no list of names or numbers repeats an element ({@code methods}, {@code priors}, {@code fractions}, the
 *     prior lists of a prior set, ...): a repeated method is the same variant run twice and summarised as two
 *     seeds, a repeated prior is one participant counted twice.</li>
 * </ul>
 * The components are found by name because the configs are records of different shapes. Architecture names,
 * solvers, alignments, monitors and references are checked by their own records when the config is read.
 */
public final class ConfigChecks {
    private ConfigChecks() {}

    static final List<String> PRIOR_LISTS = List.of("priors", "basePriors", "humanPriors", "weakPriors", "priorSets",
            "initial", "ladders");

    /** Refuses the config with a one-line {@link UserInputException} naming the experiment and the setting. */
    public static void check(String experiment, Record config) {
        checkDistinct(experiment, config, "");
        checkMethods(experiment, config);
        WorkloadSettings workload = component(config, "workload", WorkloadSettings.class);
        if (workload == null) {
            return;
        }
        try {
            ZooPriors.knownIds(workload.zooPreset());
        } catch (java.io.IOException e) {
            throw new UserInputException(experiment + ": cannot read the " + workload.zooPreset() + " zoo ("
                    + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new UserInputException(experiment + ": workload.zooPreset: " + e.getMessage());
        }
        org.coopt.experiments.pipeline.CooptSettings coopt = component(config, "coopt",
                org.coopt.experiments.pipeline.CooptSettings.class);
        Integer dim = coopt == null ? null : coopt.dim();
        if (dim != null && workload.unlabelledSize() > 0 && dim > workload.unlabelledSize()) {
            throw new UserInputException(experiment + ": coopt.dim = " + dim + " exceeds the " + workload.unlabelledSize()
                    + " unlabelled images (the platform refuses d > N); use coopt.dim <= " + workload.unlabelledSize());
        }
        List<String> ids = new ArrayList<>();
        collectIds(config, ids);
        if (ids.isEmpty()) {
            return;
        }
        java.util.Set<String> known;
        try {
            known = ZooPriors.knownIds(workload.zooPreset());
        } catch (java.io.IOException e) {
            throw new UserInputException(experiment + ": cannot read the " + workload.zooPreset() + " zoo ("
                    + e.getMessage() + ")");
        }
        for (String id : ids) {
            if (!"human".equals(id) && !known.contains(id)) {
                throw new UserInputException(experiment + ": no prior '" + id + "' in the " + workload.zooPreset()
                        + " zoo; it has " + known);
            }
        }
    }

    /**
     * Method names (components {@code methods} and {@code baseline}) must be {@code coopt}, a registered SSL method
     * or a reference variant (METHOD.md §7b), so that a typo is refused before the first cell, not after it.
     */
    static void checkMethods(String experiment, Record config) {
        java.util.Set<String> known = new java.util.TreeSet<>(org.coopt.workbench.ssl.SslMethods.names());
        known.add("coopt");
        known.addAll(org.coopt.experiments.pipeline.Pipeline.REFERENCES);
        List<String> named = new ArrayList<>();
        Object methods = componentValue(config, "methods");
        if (methods instanceof Collection<?> c) {
            c.forEach(x -> named.add(String.valueOf(x)));
        }
        Object baseline = componentValue(config, "baseline");
        if (baseline instanceof String b) {
            named.add(b);
        }
        for (String m : named) {
            if (!known.contains(m)) {
                throw new UserInputException(experiment + ": unknown method '" + m + "'; known: " + known);
            }
        }
    }

    /**
     * Refuses a config whose dataset has no folder on this machine ({@link
     * org.coopt.experiments.pipeline.Workload#checkDataConfigured}). Kept apart from {@link #check}: it is about the
     * machine, not the config, so a committed paper config still reads (and compares) where its data is absent;
     * the runner calls it before a run folder exists.
     */
    public static void checkData(String experiment, Record config) {
        WorkloadSettings workload = component(config, "workload", WorkloadSettings.class);
        if (workload == null) {
            return;
        }
        try {
            org.coopt.experiments.pipeline.Workload.checkDataConfigured(workload);
        } catch (java.io.IOException e) {
            throw new UserInputException(experiment + ": cannot read the " + workload.zooPreset() + " zoo ("
                    + e.getMessage() + ")");
        }
    }

    /** Refuses a list of names or numbers (at any depth) that holds an element twice, naming the list's path. */
    static void checkDistinct(String experiment, Object o, String path) {
        if (o instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                checkDistinct(experiment, value(r, c), path.isEmpty() ? c.getName() : path + "." + c.getName());
            }
        } else if (o instanceof java.util.Map<?, ?> m) {
            m.forEach((k, v) -> checkDistinct(experiment, v, path + "." + k));
        } else if (o instanceof List<?> l) {
            java.util.Set<Object> seen = new java.util.HashSet<>();
            boolean participants = holdsParticipants(path);
            for (int i = 0; i < l.size(); i++) {
                Object x = l.get(i);
                if (!participants
                        && (x instanceof String || x instanceof Number || x instanceof Enum<?> || x instanceof Record)) {
                    if (!seen.add(x)) {
                        throw new UserInputException(experiment + ": " + path + " lists " + shown(x) + " twice (a "
                                + "repeated entry would run or count the same thing twice); give each once");
                    }
                }
                if (!(x instanceof String || x instanceof Number || x instanceof Enum<?>)) {
                    checkDistinct(experiment, x, path + "[" + i + "]");
                }
            }
        }
    }

    /**
     * Whether the list at {@code path} assigns priors to participants (participant k holds entry k: {@code priors},
     * fig4's {@code initial} and {@code ladders}, table5's prior sets). <b>(decision)</b> Such a list may repeat an
     * entry: two participants holding the same prior on disjoint shares is a design (homogeneous priors), not a
     * result counted twice; where a repeated prior would also repeat a result row (a prior's own reference cell), the
     * runner's check of distinct variants refuses it. Every other list (methods, references, alignments, fractions,
     * dims, ...) names variants, and may not.
     */
    static boolean holdsParticipants(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+\\]", "");
        return last.toLowerCase(java.util.Locale.ROOT).contains("prior") || last.equals("initial")
                || last.equals("ladders");
    }

    private static String shown(Object x) {
        return x instanceof String s ? "'" + s + "'" : x instanceof Enum<?> e ? "'" + e.name().toLowerCase(
                java.util.Locale.ROOT) + "'" : String.valueOf(x);
    }

    private static Object componentValue(Record r, String name) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                return value(r, c);
            }
        }
        return null;
    }

    private static void collectIds(Object o, List<String> out) {
        if (o instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object v = value(r, c);
                if (PRIOR_LISTS.contains(c.getName())) {
                    strings(v, out);
                } else if (v instanceof Record || v instanceof Collection<?> || v instanceof java.util.Map<?, ?>) {
                    collectIds(v, out);
                }
            }
        } else if (o instanceof Collection<?> c) {
            for (Object x : c) {
                collectIds(x, out);
            }
        } else if (o instanceof java.util.Map<?, ?> m) {
            for (Object x : m.values()) {
                collectIds(x, out);
            }
        }
    }

    private static void strings(Object v, List<String> out) {
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof Collection<?> c) {
            c.forEach(x -> strings(x, out));
        } else if (v instanceof java.util.Map<?, ?> m) {
            m.values().forEach(x -> strings(x, out));
        } else if (v instanceof Record) {
            collectIds(v, out);
        }
    }

    private static <T> T component(Record r, String name, Class<T> type) {
        Object v = componentValue(r, name);
        return type.isInstance(v) ? type.cast(v) : null;
    }

    private static Object value(Record r, RecordComponent c) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
