package org.coopt.workbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.coopt.workbench.coopt.DataInfo;
import org.coopt.workbench.coopt.DatasetRef;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.coopt.Platform;
import org.coopt.workbench.coopt.ProtocolMessages.AlignmentDecision;
import org.coopt.workbench.data.ImageDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./coopt platform init|status|align|merge}: the platform's side of the protocol over a platform
 * folder (docs/platform-protocol.md).
 */
@Command(name = "platform", mixinStandardHelpOptions = true,
        description = "The CoOpt platform over a shared folder: init (distribute), status, align (pick the "
                + "reference prior), merge (validate uploads, write the optimized dataset).",
        subcommands = {PlatformCommand.Init.class, PlatformCommand.Status.class, PlatformCommand.Align.class,
                PlatformCommand.Merge.class})
final class PlatformCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Step 1: split the dataset into K subsets and draw the shared set. Prints the folder.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "platform folder (shared with the participants)")
        Path dir;

        @Option(names = "--dataset", required = true, description = "name:split[:limit], e.g. fashion-mnist:train:3000")
        String dataset;

        @Mixin
        PlatformOptions options;

        @Override
        public Integer call() throws Exception {
            DatasetRef ref = DatasetRef.parse(dataset);
            ImageDataset data = ref.load();
            Platform p = Platform.init(dir, options.settings(), DataInfo.of(ref, data));
            System.err.println("platform for " + data.name() + " (" + data.size() + " samples): " + p.partition().info());
            System.out.println(dir);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each participant's state; the platform's state (initialized, aligned, merged) on the last line.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "platform folder")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Platform.Status s = Platform.open(dir).status();
            s.participants().forEach((k, st) -> System.out.println("participant " + k + ": " + st));
            System.out.println(s.platform());
            return 0;
        }
    }

    @Command(name = "align", mixinStandardHelpOptions = true,
            description = "Step 3: once every participant reported U_k, pick the reference b (best/medium/worst/none) "
                    + "and publish its shared-set targets. Prints b (-1 for none).")
    static final class Align implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "platform folder")
        Path dir;

        @Override
        public Integer call() throws Exception {
            AlignmentDecision d = Platform.open(dir).align();
            System.err.println("alignment " + d.choice().label() + ": uniformity " + java.util.Arrays.toString(d.uniformity()));
            System.out.println(d.reference());
            return 0;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Step 5: validate every upload and write merged/ (targets.npy, ids.npy, manifest.json). "
                    + "Prints the merged folder.")
    static final class Merge implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "platform folder")
        Path dir;

        @Override
        public Integer call() throws Exception {
            try (OptimizedDataset od = Platform.open(dir).merge()) {
                System.err.println("merged " + od.size() + "×" + od.dim() + " targets");
                System.out.println(od.dir());
            }
            return 0;
        }
    }
}
