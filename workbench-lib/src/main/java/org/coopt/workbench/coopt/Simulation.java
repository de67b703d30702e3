package org.coopt.workbench.coopt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.coopt.ProtocolMessages.AlignmentDecision;
import org.coopt.workbench.coopt.ProtocolMessages.ParticipantReport;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;

/**
 * The whole protocol in one process: K participants, each with its prior, run the five steps against one
 * platform folder in order (distribute, optimize, align, upload, merge). Exactly the code that separate
 * {@code ./coopt participant} processes run, so both give the same merged targets for the same seeds.
 */
public final class Simulation {
    private Simulation() {}

    /**
     * What the protocol's steps reported, as typed records (no files to re-open): the platform, each participant's
     * optimize report (participant order), the alignment decision and each upload.
     */
    public record Protocol(Platform platform, List<ParticipantReport> reports, AlignmentDecision alignment,
                           List<UploadInfo> uploads) {
        public Protocol {
            reports = List.copyOf(reports);
            uploads = List.copyOf(uploads);
        }

        /** Participant k's projected targets Y_k before alignment (its private file). */
        public Path ownTargets(int k) {
            return platform.participantDir(k).resolve("targets.npy");
        }

        /** Participant k's uploaded (aligned) targets Y_k T_k. */
        public Path uploadedTargets(int k) {
            return platform.uploadDir(k).resolve("targets.npy");
        }
    }

    /** The optimized dataset and the protocol that made it; closing it closes the dataset. */
    public record Result(OptimizedDataset dataset, Protocol protocol) implements AutoCloseable {
        @Override
        public void close() {
            dataset.close();
        }
    }

    /**
     * Runs the protocol; {@code priors.get(k)} is participant k's prior. {@code ref} names the data for
     * separate processes and may be null in-process.
     */
    public static Result run(Path dir, PlatformSettings settings, ImageDataset data, DatasetRef ref,
                             List<? extends PriorModel> priors, FeatureExtractor extractor) throws IOException {
        if (priors.size() != settings.participants()) {
            throw new UserInputException(priors.size() + " priors for " + settings.participants() + " participants");
        }
        Platform platform = Platform.init(dir, settings, new DataInfo(ref, data.name(), data.sha256(), data.size()));
        List<ParticipantReport> reports = new ArrayList<>();
        for (int k = 0; k < priors.size(); k++) {
            reports.add(new Participant(platform, k, extractor).optimize(priors.get(k), data));
        }
        AlignmentDecision decision = platform.align();
        List<UploadInfo> uploads = new ArrayList<>();
        for (int k = 0; k < priors.size(); k++) {
            uploads.add(new Participant(platform, k, extractor).upload());
        }
        return new Result(platform.merge(), new Protocol(platform, reports, decision, uploads));
    }
}
