package org.coopt.experiments;

import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.util.UserInputException;

/**
 * The setting paths of command-line overrides ({@code --set PATH=VALUE}, {@code --grid PATH=V1,V2}), which must
 * not name one setting twice: {@code --set coopt.dim=16 --set coopt.dim=32} keeps only one of the two, and
 * {@code --set coopt={...} --set coopt.dim=32} or a path both set and swept overrides one with the other depending on
 * their order. Each is refused naming both; notebooks replace a path instead ({@link Experiments.Config#with}).
 */
public final class Overrides {
    private Overrides() {}

    /** The path of {@code PATH=VALUE} (trimmed), or the whole text when it has no {@code =}. */
    public static String path(String override) {
        int eq = override.indexOf('=');
        return (eq < 0 ? override : override.substring(0, eq)).trim();
    }

    /**
     * Refuses two options of {@code options} (each {@code "--set PATH=VALUE"} or {@code "--grid PATH=..."} as the
     * user wrote it) whose paths are equal or one inside the other.
     */
    public static void requireDistinct(List<String> options) {
        List<String> paths = new ArrayList<>();
        for (String o : options) {
            int sp = o.indexOf(' ');
            paths.add(path(sp < 0 ? o : o.substring(sp + 1)));
        }
        for (int i = 0; i < paths.size(); i++) {
            for (int j = 0; j < i; j++) {
                String a = paths.get(j);
                String b = paths.get(i);
                if (a.equals(b) || b.startsWith(a + ".") || a.startsWith(b + ".")) {
                    throw new UserInputException(options.get(j) + " and " + options.get(i) + " both set "
                            + (a.length() <= b.length() ? a : b) + "; which one wins would depend on their order, so "
                            + "give each setting once");
                }
            }
        }
    }

    /** {@code prefix + " " + o} for each of {@code overrides}: {@code ("--set", [a=1])} is {@code ["--set a=1"]}. */
    public static List<String> labelled(String prefix, List<String> overrides) {
        return overrides.stream().map(o -> prefix + " " + o).toList();
    }
}
