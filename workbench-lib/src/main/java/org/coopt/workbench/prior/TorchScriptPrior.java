package org.coopt.workbench.prior;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.util.Hashing;

/**
 * A prior exported from Python as TorchScript ({@code torch.jit.trace(model.eval(), x).save("f.pt")}),
 * loaded through DJL's {@link Criteria} with the PyTorch engine from a local path, so any torchvision or
 * CLIP model can serve as a prior. The module must map a normalised (B, C, H, W) float32 batch to
 * features (B, ...), flattened to (B, m) here; m is found by running one zero image.
 *
 * <p>{@code djl://} model-zoo URLs are accepted only when the machine is online ({@code ai.djl.offline}
 * is not {@code true}); the workbench runs offline by default, so they fail with a clear message.
 * The content hash is the SHA-256 of the .pt file (or of the URL for zoo models).
 */
public final class TorchScriptPrior implements ImagePrior {
    private final String id;
    private final String hash;
    private final ZooModel<NDList, NDList> model;
    private final int outputDim;

    private TorchScriptPrior(String id, String hash, ZooModel<NDList, NDList> model, int channels, int size) {
        this.id = id;
        this.hash = hash;
        this.model = model;
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            this.outputDim = (int) features(m.zeros(new ai.djl.ndarray.types.Shape(1, channels, size, size)))
                    .getShape().get(1);
        }
    }

    /** Loads a local TorchScript file for inputs of {@code channels}×{@code size}×{@code size}. */
    public static TorchScriptPrior load(Path file, int channels, int size) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such TorchScript file; export one with torch.jit.trace(...).save()");
        }
        Engines.get();
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath()).optEngine("PyTorch").optDevice(Engines.device()).build();
        try {
            ZooModel<NDList, NDList> m = criteria.loadModel();
            String name = file.getFileName().toString().replaceFirst("\\.pt$", "");
            return new TorchScriptPrior("torchscript-" + name, Hashing.sha256(file), m, channels, size);
        } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new UserInputException(file + ": not a loadable TorchScript model (" + e.getMessage() + ")", e);
        }
    }

    /** Loads a {@code djl://} model-zoo URL; needs the network, so offline it fails with one clear line. */
    public static TorchScriptPrior loadUrl(String url, int channels, int size) throws IOException {
        Engines.get();
        if (Boolean.parseBoolean(System.getProperty("ai.djl.offline", "false"))) {
            throw new UserInputException("'" + url + "' needs the DJL model zoo online, but the workbench runs offline "
                    + "(ai.djl.offline=true); export the model to TorchScript in Python and pass the local .pt file");
        }
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelUrls(url).optEngine("PyTorch").optDevice(Engines.device()).build();
        try {
            return new TorchScriptPrior("zoo-" + url.replaceAll("[^A-Za-z0-9]+", "-"),
                    Hashing.sha256(url.getBytes(java.nio.charset.StandardCharsets.UTF_8)), criteria.loadModel(),
                    channels, size);
        } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new UserInputException("cannot load '" + url + "' from the DJL model zoo: " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String kind() {
        return "torchscript";
    }

    @Override
    public int outputDim() {
        return outputDim;
    }

    @Override
    public String contentHash() {
        return hash;
    }

    @Override
    public NDArray features(NDArray batch) {
        NDList out = model.getBlock().forward(new ParameterStore(batch.getManager(), false), new NDList(batch), false);
        NDArray f = out.get(0);
        return f.getShape().dimension() == 2 ? f : f.reshape(f.getShape().get(0), -1);
    }

    @Override
    public void close() {
        model.close();
    }
}
