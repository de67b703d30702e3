package org.coopt.workbench.prior;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Architectures;
import org.coopt.workbench.nn.Architectures.ArchSpec;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;

/**
 * A prior that is a DJL {@link Block} from {@link Architectures} with its parameters: the workbench's own
 * trained models (kind {@code block}), untrained networks ({@code random}, see {@link RandomPrior}) and
 * models saved early in training ({@code checkpoint}: a weak prior).
 *
 * <p>Saved format: a folder with {@code prior.json} ({@link PriorInfo}) and {@code prior.params} (DJL's
 * {@link Block#saveParameters} stream). The content hash is SHA-256 of the spec's JSON and the parameter
 * bytes, so the same weights give the same hash wherever they are saved. Features are the backbone's
 * output in eval mode ({@code training = false}: batch norm uses its running statistics).
 */
public final class BlockPrior implements ImagePrior {
    private final PriorInfo info;
    private final Block block;
    private final NDManager manager;

    private BlockPrior(PriorInfo info, Block block, NDManager manager) {
        this.info = info;
        this.block = block;
        this.manager = manager;
    }

    /**
     * Wraps an initialised block (its parameters are serialised once to compute the hash). The prior does
     * not take ownership of the block's parameters' manager.
     */
    public static BlockPrior of(String id, String kind, Block block, ArchSpec spec, Map<String, Object> meta) {
        byte[] params = paramBytes(block);
        PriorInfo info = new PriorInfo(id, kind, spec, Architectures.featureDim(spec), hash(spec, params),
                PriorInfo.PARAMS, meta == null ? Map.of() : new LinkedHashMap<>(meta));
        return new BlockPrior(info, block, null);
    }

    /** As {@link #of}, but the prior owns {@code manager} (holding the parameters) and closes it. */
    static BlockPrior ofOwned(String id, String kind, Block block, ArchSpec spec, Map<String, Object> meta,
                              NDManager manager) {
        BlockPrior p = of(id, kind, block, spec, meta);
        return new BlockPrior(p.info, block, manager);
    }

    /**
     * Saves {@code block} (initialised, e.g. a trained backbone) as a prior folder {@code dir}: writes
     * {@code prior.params} and {@code prior.json} atomically. {@code meta} may hold "id" and "kind"
     * (default: the folder name and "block"; use kind "checkpoint" for a model saved early in training).
     *
     * @return the saved prior's description
     */
    public static PriorInfo save(Path dir, Block block, ArchSpec spec, Map<String, Object> meta) throws IOException {
        Map<String, Object> m = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
        String id = String.valueOf(m.getOrDefault("id", dir.getFileName().toString()));
        String kind = String.valueOf(m.getOrDefault("kind", "block"));
        m.remove("id");
        m.remove("kind");
        byte[] params = paramBytes(block);
        PriorInfo info = new PriorInfo(id, kind, spec, Architectures.featureDim(spec), hash(spec, params),
                PriorInfo.PARAMS, m);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(PriorInfo.PARAMS), out -> out.write(params));
        Json.write(dir.resolve(PriorInfo.FILE), info);
        return info;
    }

    /** Saves this prior (its block and info) to {@code dir}. */
    public PriorInfo save(Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>(info.meta());
        m.put("id", info.id());
        m.put("kind", info.kind());
        return save(dir, block, info.arch(), m);
    }

    /** Loads a prior folder written by {@link #save}; checks the parameters against the recorded hash. */
    public static BlockPrior load(Path dir) throws IOException {
        Path json = dir.resolve(PriorInfo.FILE);
        if (!Files.isRegularFile(json)) {
            throw new UserInputException(dir + " is not a saved prior (no " + PriorInfo.FILE + ")");
        }
        PriorInfo info = Json.read(json, PriorInfo.class);
        byte[] params = Files.readAllBytes(dir.resolve(info.paramsFile()));
        String h = hash(info.arch(), params);
        if (!h.equals(info.contentHash())) {
            throw new UserInputException(dir + ": parameters do not match the recorded content hash (file changed "
                    + "or corrupt); save the prior again");
        }
        Block block = Architectures.backbone(info.arch());
        NDManager manager = NDManager.newBaseManager(Engines.device());
        try {
            block.initialize(manager, DataType.FLOAT32, inputShape(info.arch()));
            block.loadParameters(manager, new DataInputStream(new java.io.ByteArrayInputStream(params)));
        } catch (MalformedModelException | RuntimeException e) {
            manager.close();
            throw new UserInputException(dir + ": cannot load parameters into " + info.arch() + ": " + e.getMessage(), e);
        }
        return new BlockPrior(info, block, manager);
    }

    static Shape inputShape(ArchSpec spec) {
        return new Shape(1, spec.inChannels(), spec.imageSize(), spec.imageSize());
    }

    static byte[] paramBytes(Block block) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String hash(ArchSpec spec, byte[] params) {
        var md = Hashing.sha256();
        md.update(Json.GSON.toJson(spec).getBytes(StandardCharsets.UTF_8));
        md.update(params);
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    public PriorInfo info() {
        return info;
    }

    public Block block() {
        return block;
    }

    @Override
    public String id() {
        return info.id();
    }

    @Override
    public String kind() {
        return info.kind();
    }

    @Override
    public int outputDim() {
        return info.outputDim();
    }

    @Override
    public String contentHash() {
        return info.contentHash();
    }

    @Override
    public NDArray features(NDArray batch) {
        NDList out = block.forward(new ParameterStore(batch.getManager(), false), new NDList(batch), false);
        NDArray f = out.singletonOrThrow();
        return f.getShape().dimension() == 2 ? f : f.reshape(f.getShape().get(0), -1);
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
