package org.coopt.experiments.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.zoo.PriorZoo;
import org.coopt.workbench.zoo.ZooEntry;

/** Opens zoo priors by id, in the given order (participant k gets the k-th). */
public final class ZooPriors {
    private ZooPriors() {}

    public static ZooEntry entry(String preset, String id) throws IOException {
        for (ZooEntry e : PriorZoo.list(preset)) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        List<String> known = new ArrayList<>();
        for (ZooEntry e : PriorZoo.list(preset)) {
            known.add(e.id());
        }
        throw new UserInputException("no prior '" + id + "' in the " + preset + " zoo; it has " + known);
    }

    /**
     * The prior ids a preset's zoo has or will have: its built entries (user additions included) and, when it is not
     * built yet, the entries its settings plan ({@link org.coopt.workbench.zoo.ZooSettings#plannedIds()}).
     */
    public static java.util.Set<String> knownIds(String preset) throws IOException {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        PriorZoo.Index built = PriorZoo.index(preset);
        if (built != null) {
            built.entries().forEach(e -> ids.add(e.id()));
        } else {
            ids.addAll(Workload.zooSettings(preset).plannedIds());
        }
        return ids;
    }

    public static List<PriorModel> open(String preset, List<String> ids) throws IOException {
        List<PriorModel> out = new ArrayList<>();
        for (String id : ids) {
            out.add(PriorZoo.open(preset, entry(preset, id)));
        }
        return out;
    }

    /** Closes every prior, keeping the first failure. */
    public static void close(List<PriorModel> priors) {
        RuntimeException first = null;
        for (PriorModel p : priors) {
            try {
                p.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing prior " + p.id() + " failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
