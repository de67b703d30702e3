package org.coopt.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.coopt.workbench.util.UserInputException;

/** The experiments by id; the default registry finds them with {@link ServiceLoader}. */
public final class ExperimentRegistry {
    private final Map<String, Experiment<?>> byId = new LinkedHashMap<>();

    public ExperimentRegistry(List<Experiment<?>> experiments) {
        for (Experiment<?> e : experiments) {
            if (byId.put(e.id(), e) != null) {
                throw new IllegalStateException("two experiments with id " + e.id());
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static ExperimentRegistry discover() {
        List<Experiment<?>> found = new ArrayList<>();
        for (Experiment e : ServiceLoader.load(Experiment.class)) {
            found.add(e);
        }
        found.sort(java.util.Comparator.comparing(Experiment::id));
        return new ExperimentRegistry(found);
    }

    public List<Experiment<?>> all() {
        return List.copyOf(byId.values());
    }

    public Experiment<?> get(String id) {
        Experiment<?> e = byId.get(id);
        if (e == null) {
            throw new UserInputException("unknown experiment '" + id + "'; './coopt list' shows "
                    + (byId.isEmpty() ? "none yet" : String.join(", ", byId.keySet())));
        }
        return e;
    }
}
