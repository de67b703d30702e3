package org.coopt.workbench.ssl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coopt.workbench.nn.Architectures;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.Json;

/**
 * A trained SSL backbone saved as a prior model (the zoo's "self-supervised prior"): a folder with
 * {@code prior.json} ({@link Meta}: architecture spec, method, epochs, images seen, kNN accuracy) and
 * {@code backbone.params} (DJL's {@code Block.saveParameters} format).
 * <b>(decision)</b> Stand-in until the core package's prior format ({@code BlockPrior}) exists: the
 * folder holds everything needed to rebuild the block with {@link Architectures#backbone} and load it.
 */
public final class SslPrior {
    public static final String META = "prior.json";
    public static final String PARAMS = "backbone.params";

    private SslPrior() {}

    /** What the folder describes. */
    public record Meta(String kind, String method, ArchSpec arch, int featureDim, int epochs, long steps,
                       String datasetSha256, double knnAccuracy) {}

    /** Writes {@code backbone}'s parameters and {@code meta} into {@code dir} (created if needed). */
    public static void save(Path dir, Block backbone, Meta meta) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(PARAMS), os -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
            backbone.saveParameters(out);
            out.flush();
        });
        Json.write(dir.resolve(META), meta);
    }

    public static Meta meta(Path dir) throws IOException {
        return Json.read(dir.resolve(META), Meta.class);
    }

    /** Rebuilds the backbone described in {@code dir} on {@code manager} and loads its parameters. */
    public static Block load(Path dir, NDManager manager) throws IOException {
        Meta meta = meta(dir);
        ArchSpec s = meta.arch();
        Block block = Architectures.backbone(s);
        block.initialize(manager, DataType.FLOAT32, new Shape(2, s.inChannels(), s.imageSize(), s.imageSize()));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS))))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("prior " + dir + " has parameters that do not fit " + s + ": " + e.getMessage(), e);
        }
        return block;
    }
}
