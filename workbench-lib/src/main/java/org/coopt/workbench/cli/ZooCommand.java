package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.coopt.workbench.zoo.PriorZoo;
import org.coopt.workbench.zoo.ZooBuilder;
import org.coopt.workbench.zoo.ZooEntry;
import org.coopt.workbench.zoo.ZooSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./coopt zoo build|list|add}: the prior zoo cached under {@code $COOPT_CACHE/zoo/<preset>};
 * {@code add} joins a user's TorchScript model to a built zoo by path ({@link ZooBuilder#addTorchScript}).
 */
@Command(name = "zoo", mixinStandardHelpOptions = true, description = "Build, list or extend the prior zoo.",
        subcommands = {ZooCommand.Build.class, ZooCommand.ListCmd.class, ZooCommand.Add.class})
final class ZooCommand implements Runnable {
    static final String PRESETS = "smoke, cpu, paper-cifar10, paper-cifar100, paper-tiny-imagenet, paper-imagenet, "
            + "or smoke-DATASET (default ${DEFAULT-VALUE})";

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    static ZooSettings preset(String name) {
        try {
            return ZooSettings.preset(name);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Train the zoo's priors into $COOPT_CACHE/zoo/PRESET (skips those already built there; never "
                    + "writes into the repository's shipped zoo/); prints the build seconds.",
                    "The cpu zoo ships with the workbench (zoo/cpu); building it here trains it again from scratch, "
                    + "seeded, and later runs use the rebuilt one."})
    static final class Build implements Callable<Integer> {
        @Option(names = "--preset", description = PRESETS)
        String preset = "cpu";

        @Override
        public Integer call() throws Exception {
            PriorZoo.Index idx = PriorZoo.builder(preset(preset)).build();
            print(idx.entries());
            System.err.println("[zoo] " + PriorZoo.dir(preset));
            System.out.printf(Locale.ROOT, "zoo %s: %d priors, build %.1f s%n", preset, idx.entries().size(),
                    idx.buildSeconds());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List the priors of a built zoo, checking "
            + "each one's parameter file against the SHA-256 its index records (column 'file': ok, CHANGED or MISSING).",
            "Exits 2 with one line of advice on stderr when a file does not match."})
    static final class ListCmd implements Callable<Integer> {
        @Option(names = "--preset", description = PRESETS)
        String preset = "cpu";

        @Override
        public Integer call() throws Exception {
            preset(preset);
            List<ZooEntry> entries = PriorZoo.list(preset);
            if (entries.isEmpty()) {
                throw new UserInputException("zoo '" + preset + "' is not built; run './coopt zoo build --preset "
                        + preset + "'");
            }
            Path zooDir = PriorZoo.dir(preset);
            List<String> status = new java.util.ArrayList<>();
            List<String> bad = new java.util.ArrayList<>();
            for (ZooEntry e : entries) {
                String fault = PriorZoo.damage(zooDir, e);
                status.add(fault == null ? "ok" : fault.contains("missing") || fault.contains("gone") ? "MISSING" : "CHANGED");
                if (fault != null) {
                    bad.add(e.id());
                }
            }
            print(entries, status);
            if (!bad.isEmpty()) {
                ZooEntry first = entries.stream().filter(e -> e.id().equals(bad.get(0))).findFirst().orElseThrow();
                throw new UserInputException(bad.size() + " prior(s) of zoo " + preset + " in " + zooDir + " do not match "
                        + "their recorded SHA-256 (" + String.join(", ", bad) + "): " + PriorZoo.damage(zooDir, first)
                        + "; " + PriorZoo.repairAdvice(zooDir, first));
            }
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add your own TorchScript model to a built zoo by path (it gets its own linear probe); "
                    + "prints the new entry.")
    static final class Add implements Callable<Integer> {
        @Option(names = "--preset", description = PRESETS)
        String preset = "cpu";

        @Option(names = "--torchscript", required = true, paramLabel = "FILE.pt",
                description = "TorchScript file mapping an (N, C, H, W) batch to N×m features")
        Path file;

        @Option(names = "--id", required = true, description = "unique id of the new zoo entry")
        String id;

        @Option(names = "--channels", description = "input channels (default: the zoo's images', "
                + "e.g. 1 for cpu, 3 for paper-*)")
        int channels;

        @Option(names = "--size", description = "input height = width (default: the zoo's "
                + "images', e.g. 28 for cpu, 32 for paper-cifar10)")
        int size;

        @Override
        public Integer call() throws Exception {
            preset(preset);
            if (channels < 0 || size < 0) {
                throw new UserInputException("--channels and --size must be >= 0 (0: the zoo's own), got " + channels
                        + " and " + size);
            }
            if (id.isBlank()) {
                throw new UserInputException("--id is empty; give the new entry a name such as my-model");
            }
            ZooEntry e = ZooBuilder.addTorchScript(preset, file, id, channels, size);
            System.out.printf(Locale.ROOT, "added %s to zoo %s: m = %d, probe %.4f%n", e.id(), preset, e.featureDim(),
                    e.probeAccuracy());
            return 0;
        }
    }

    static void print(List<ZooEntry> entries) {
        print(entries, null);
    }

    /** The entries as a table; {@code status} (one per entry, or null) fills the column {@code file}. */
    static void print(List<ZooEntry> entries, List<String> status) {
        System.out.printf(Locale.ROOT, "%-28s %-17s %-36s %7s %8s %8s %9s %11s%s%n", "id", "kind", "trained on", "epochs",
                "labelled", "seconds", "probe", "probe-train", status == null ? "" : "  file");
        for (int i = 0; i < entries.size(); i++) {
            ZooEntry e = entries.get(i);
            System.out.printf(Locale.ROOT, "%-28s %-17s %-36s %7.2f %8d %8.1f %9.4f %11.4f%s%s%n", e.id(), e.kind(),
                    e.trainingData(), e.epochs(), e.labelledImages(), e.trainSeconds(), e.probeAccuracy(),
                    e.probeTrainAccuracy(), status == null ? "" : "  " + status.get(i),
                    PriorZoo.TORCHSCRIPT.equals(e.kind()) ? "  " + e.folder() : "");
        }
    }
}
