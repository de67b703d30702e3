package org.coopt.workbench.coopt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
     * Runs the protocol; {@code priors.get(k)} is participant k's prior. {@code ref} names the data for
     * separate processes and may be null in-process.
     */
    public static OptimizedDataset run(Path dir, PlatformSettings settings, ImageDataset data, DatasetRef ref,
                                       List<? extends PriorModel> priors, FeatureExtractor extractor) throws IOException {
        if (priors.size() != settings.participants()) {
            throw new UserInputException(priors.size() + " priors for " + settings.participants() + " participants");
        }
        Platform platform = Platform.init(dir, settings, new DataInfo(ref, data.name(), data.sha256(), data.size()));
        for (int k = 0; k < priors.size(); k++) {
            new Participant(platform, k, extractor).optimize(priors.get(k), data);
        }
        platform.align();
        for (int k = 0; k < priors.size(); k++) {
            new Participant(platform, k, extractor).upload();
        }
        return platform.merge();
    }
}
