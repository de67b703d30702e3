package org.coopt.workbench.prior;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.nn.Architectures.ArchSpec;

/**
 * Opens a prior from a one-word spec, as the command line and the platform protocol name them:
 * <ul>
 * <li>{@code human}: one-hot labels of the dataset ({@link HumanPrior});</li>
 * <li>{@code random:<arch>:<width>:<seed>}: an untrained network ({@link RandomPrior}), e.g. {@code random:convnet:16:3};</li>
 * <li>a folder with {@code prior.json}: a saved {@link BlockPrior} (trained or checkpoint);</li>
 * <li>a {@code .pt} file: a {@link TorchScriptPrior};</li>
 * <li>{@code djl://...}: a DJL model-zoo model (online only).</li>
 * </ul>
 * The dataset supplies the class count, channels and image size.
 */
public final class Priors {
    private Priors() {}

    public static PriorModel open(String spec, ImageDataset data) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new UserInputException("no prior given; use human, random:<arch>:<width>:<seed>, a prior folder or a .pt file");
        }
        if (spec.equals("human")) {
            return new HumanPrior(data.numClasses());
        }
        if (spec.startsWith("random:")) {
            String[] p = spec.split(":");
            if (p.length != 4) {
                throw new UserInputException("random prior spec '" + spec + "' must be random:<arch>:<width>:<seed>");
            }
            try {
                return RandomPrior.create(new ArchSpec(p[1], Integer.parseInt(p[2]), data.channels(), data.height()),
                        Long.parseLong(p[3]));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("bad random prior spec '" + spec + "': " + e.getMessage(), e);
            }
        }
        if (spec.startsWith("djl://")) {
            return TorchScriptPrior.loadUrl(spec, data.channels(), data.height());
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return BlockPrior.load(path);
        }
        if (spec.endsWith(".pt")) {
            return TorchScriptPrior.load(path, data.channels(), data.height());
        }
        throw new UserInputException("unknown prior '" + spec + "': not human, random:..., djl://..., a prior folder or a .pt file");
    }
}
