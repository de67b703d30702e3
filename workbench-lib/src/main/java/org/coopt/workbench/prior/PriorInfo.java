package org.coopt.workbench.prior;

import java.util.Map;
import org.coopt.workbench.nn.Architectures.ArchSpec;

/**
 * {@code prior.json} of a saved block prior: what is needed to rebuild the network and check its weights.
 *
 * @param id          prior id
 * @param kind        block, random or checkpoint
 * @param arch        architecture spec (registry name, width, channels, image size)
 * @param outputDim   feature dimension m
 * @param contentHash SHA-256 of the architecture spec and the parameters file
 * @param paramsFile  name of the DJL parameters file in the same folder
 * @param meta        free-form provenance: training dataset, epochs, accuracy, seed, "checkpoint": true ...
 */
public record PriorInfo(String id, String kind, ArchSpec arch, int outputDim, String contentHash, String paramsFile,
                        Map<String, Object> meta) {
    public static final String FILE = "prior.json";
    public static final String PARAMS = "prior.params";
}
