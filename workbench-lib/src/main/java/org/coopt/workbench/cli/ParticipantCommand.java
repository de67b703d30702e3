package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.coopt.workbench.coopt.DatasetRef;
import org.coopt.workbench.coopt.Participant;
import org.coopt.workbench.coopt.Platform;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.Priors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./coopt participant optimize|upload}: one participant's side of the protocol, resumable. */
@Command(name = "participant", mixinStandardHelpOptions = true,
        description = "A CoOpt participant over the platform folder: optimize (features, uniformity, targets), "
                + "upload (align to the reference, upload). Both resume after a crash.",
        subcommands = {ParticipantCommand.Optimize.class, ParticipantCommand.Upload.class})
final class ParticipantCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "optimize", mixinStandardHelpOptions = true,
            description = "Steps 2-3a: features of the own subset and the shared set (cached), uniformity U_k, "
                    + "JL targets; reports U_k. Prints U_k.")
    static final class Optimize implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "platform folder")
        Path dir;

        @Option(names = "--id", required = true, converter = PlainIndex.class, description = "participant index 0..K-1")
        int id;

        @Option(names = "--prior", required = true,
                description = "human | random:<arch>:<width>:<seed> | prior folder | file.pt | djl://...")
        String prior;

        @Option(names = "--cache", description = "feature cache (default $COOPT_CACHE)")
        Path cache;

        @Option(names = "--batch", defaultValue = "" + FeatureExtractor.DEFAULT_BATCH, description = "images per batch (default ${DEFAULT-VALUE})")
        int batch;

        @Override
        public Integer call() throws Exception {
            Platform platform = Platform.open(dir);
            platform.checkParticipant(id);
            DatasetRef ref = platform.info().data().ref();
            if (ref == null) {
                throw new UserInputException("platform " + dir + " was created in-process without a dataset name; "
                        + "participants cannot load its data");
            }
            ImageDataset data = ref.load();
            FeatureExtractor fx = new FeatureExtractor(cache == null ? Datasets.cacheDir() : cache, batch);
            try (PriorModel p = Priors.open(prior, data)) {
                ParticipantReport r = new Participant(platform, id, fx).optimize(p, data);
                System.err.println("participant " + id + ": prior " + r.priorId() + ", " + r.rows() + " targets");
                System.out.println(r.uniformity());
            }
            return 0;
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "Steps 3c-4: align the own targets to the published reference and upload them. "
                    + "Prints the upload folder.")
    static final class Upload implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "platform folder")
        Path dir;

        @Option(names = "--id", required = true, converter = PlainIndex.class, description = "participant index 0..K-1")
        int id;

        @Override
        public Integer call() throws Exception {
            Platform platform = Platform.open(dir);
            UploadInfo u = new Participant(platform, id, new FeatureExtractor()).upload();
            System.err.println("participant " + id + ": uploaded " + u.rows() + " targets (reference " + u.reference() + ")");
            System.out.println(platform.uploadDir(id));
            return 0;
        }
    }
}
