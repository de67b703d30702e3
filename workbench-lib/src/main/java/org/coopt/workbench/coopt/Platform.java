package org.coopt.workbench.coopt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.coopt.ProtocolMessages.AlignmentDecision;
import org.coopt.workbench.coopt.ProtocolMessages.PlatformInfo;
import org.coopt.workbench.coopt.ProtocolMessages.UniformityReport;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.FolderLock;
import org.coopt.workbench.util.Json;

/**
 * The CoOpt platform (paper Sec. 3.2) over a platform folder, which is all that participants share. The same
 * code serves the Java API, the in-process {@link Simulation} and separate {@code ./coopt participant}
 * processes; the folder layout and states are documented in {@code docs/platform-protocol.md}.
 * Every file is written atomically (temp then rename), so readers see either nothing or a whole file.
 *
 * <pre>
 * platform.json                      settings, data (name, SHA-256, N), seeds          (init)
 * partition/                         partition.json, shared.npy, subset-XXX.npy       (init, step 1)
 * participants/pXXX/                 a participant's private work: report.json, targets.npy, shared-targets.npy
 * uniformity/pXXX.json               U_k reported to the platform                      (step 3a)
 * alignment.json, reference/         the reference choice b and Y_b^S                  (step 3b, platform align)
 * uploads/pXXX/                      targets.npy, ids.npy, upload.json                 (step 4)
 * merged/                            targets.npy, ids.npy, manifest.json               (step 5, platform merge)
 * </pre>
 */
public final class Platform {
    private final Path dir;
    private final PlatformInfo info;
    private Partition partition;

    private Platform(Path dir, PlatformInfo info, Partition partition) {
        this.dir = dir;
        this.info = info;
        this.partition = partition;
    }

    /**
     * Step 1 (Distribute): creates the platform folder, draws the partition and the shared set from the
     * settings' seed and writes them. Re-running with the same settings and data is a no-op (returns the
     * existing platform); different settings on an existing folder are refused. Concurrent inits of one folder
     * are serialised by a lock file, and platform.json records the partition's SHA-256, which every later
     * {@link #partition()} checks. K ≤ N and d ≤ N (the shared set holds min(N, max(fraction·N, 2·d)) samples,
     * {@link PlatformSettings#sharedSize}).
     */
    public static Platform init(Path dir, PlatformSettings settings, DataInfo data) throws IOException {
        Path json = dir.resolve("platform.json");
        if (settings.participants() > data.size()) {
            throw new UserInputException("cannot split " + data.size() + " samples among " + settings.participants()
                    + " participants; use K <= " + data.size());
        }
        if (settings.dim() > data.size()) {
            throw new UserInputException("target dimension d = " + settings.dim() + " exceeds the " + data.size()
                    + " samples (the shared set, at most N samples, fits a d×d alignment); use --dim <= " + data.size());
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException(dir + " is a file, not a folder; give a new or empty folder for the platform");
        }
        List<Path> made = missingFolders(dir);
        try {
            return initLocked(dir, settings, data, json);
        } catch (IOException | RuntimeException e) {
            // a failed init leaves nothing behind: the folders it made (with what it wrote in them) go again,
            // unless a concurrent init of the same folder finished its platform (then they are that one's)
            for (Path m : Files.exists(json) ? List.<Path>of() : made) {
                try {
                    AtomicFiles.deleteTree(m);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** {@code dir} and those of its parents that do not exist yet, outermost first (what init would create). */
    private static List<Path> missingFolders(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            out.add(0, p);
        }
        return out.isEmpty() ? out : List.of(out.get(0));
    }

    private static Platform initLocked(Path dir, PlatformSettings settings, DataInfo data, Path json) throws IOException {
        // one init at a time: a second, concurrent init waits and then finds the first one's platform.json
        try (FolderLock lock = FolderLock.acquire(dir.resolve(LOCK))) {
            if (Files.isRegularFile(json)) {
                Platform existing = open(dir);
                if (!existing.info.settings().equals(settings) || !existing.info.data().sha256().equals(data.sha256())) {
                    throw new UserInputException(dir + " already holds a platform with other settings or data ("
                            + existing.info.settings().participants() + " participants, d = " + existing.info.settings().dim()
                            + "); use a new folder");
                }
                existing.partition();
                return existing;
            }
            Seeds seeds = new Seeds(settings.seed());
            Partition p = Partition.random(data.size(), settings.participants(), settings.sharedSize(data.size()),
                    seeds.child("split"), seeds.child("shared"));
            seeds.child("uniformity");
            for (int k = 0; k < settings.participants(); k++) {
                seeds.split(participantName(k)).child("projection");
            }
            PlatformInfo info = new PlatformInfo(PlatformInfo.PROTOCOL, settings, data, seeds.recorded(), Instant.now(),
                    p.sha256());
            try {
                p.save(dir.resolve("partition"));
                Json.write(json, info);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(json);
                AtomicFiles.deleteTree(dir.resolve("partition")); // no partition without its platform.json
                throw e;
            }
            return new Platform(dir, info, p);
        }
    }

    /** The lock file serialising init, align and merge (participants lock their own folder). */
    static final String LOCK = ".platform.lock";

    /** Opens an initialised platform folder. */
    public static Platform open(Path dir) throws IOException {
        Path json = dir.resolve("platform.json");
        if (!Files.isRegularFile(json)) {
            throw new UserInputException(dir + " is not a platform folder (no platform.json); run 'coopt platform init' first");
        }
        PlatformInfo info = readInfo(json);
        if (info.protocol() == null || info.settings() == null || info.data() == null) {
            throw new UserInputException(json + " lacks protocol, settings or data; it is not a platform.json "
                    + "written by 'coopt platform init'");
        }
        if (!PlatformInfo.PROTOCOL.equals(info.protocol())) {
            throw new UserInputException(dir + " uses protocol " + info.protocol() + ", this workbench speaks "
                    + PlatformInfo.PROTOCOL);
        }
        return new Platform(dir, info, null);
    }

    /**
     * platform.json, read. A file written before λ was optional records the relative default as
     * {@code "lambda": -1} in its settings; that field is read as not given (the settings themselves refuse −1).
     */
    private static PlatformInfo readInfo(Path json) throws IOException {
        try {
            com.google.gson.JsonElement tree = com.google.gson.JsonParser.parseString(Files.readString(json));
            if (tree.isJsonObject() && tree.getAsJsonObject().get("settings") instanceof com.google.gson.JsonObject s
                    && s.get("lambda") instanceof com.google.gson.JsonPrimitive l && l.isNumber()
                    && l.getAsDouble() == ProtocolMessages.LEGACY_RELATIVE_LAMBDA) {
                s.remove("lambda");
                return Json.GSON.fromJson(tree, PlatformInfo.class);
            }
        } catch (com.google.gson.JsonParseException e) {
            // not JSON: Json.read names the file in one line
        }
        return Json.read(json, PlatformInfo.class);
    }

    public Path dir() {
        return dir;
    }

    public PlatformInfo info() {
        return info;
    }

    public PlatformSettings settings() {
        return info.settings();
    }

    /**
     * The partition, checked against platform.json: K subsets of the platform's N samples, and the content hash
     * recorded at init (folders written before the hash existed are checked for K and N only).
     */
    public synchronized Partition partition() throws IOException {
        if (partition == null) {
            Partition p = Partition.load(dir.resolve("partition"));
            String fix = "; the partition does not belong to this platform.json (two inits at once, or files "
                    + "changed by hand): create the platform again in a new folder";
            if (p.participants() != settings().participants() || p.size() != info.data().size()) {
                throw new UserInputException(dir.resolve("partition") + " splits " + p.size() + " samples among "
                        + p.participants() + " participants but platform.json says " + info.data().size() + " among "
                        + settings().participants() + fix);
            }
            if (info.partitionSha256() != null && !info.partitionSha256().equals(p.sha256())) {
                throw new UserInputException(dir.resolve("partition") + " does not match the SHA-256 recorded in "
                        + "platform.json at init" + fix);
            }
            partition = p;
        }
        return partition;
    }

    static String participantName(int k) {
        return String.format("p%03d", k);
    }

    public void checkParticipant(int k) {
        if (k < 0 || k >= settings().participants()) {
            throw new UserInputException("participant " + k + " does not exist; this platform has participants 0.."
                    + (settings().participants() - 1));
        }
    }

    /** Seed of participant k's JL matrix P_k. */
    public long projectionSeed(int k) {
        return new Seeds(settings().seed()).split(participantName(k)).child("projection");
    }

    /** Seed of the uniformity subsample of S (the same for every participant). */
    public long uniformitySeed() {
        return new Seeds(settings().seed()).child("uniformity");
    }

    public Path participantDir(int k) {
        return dir.resolve("participants").resolve(participantName(k));
    }

    public Path uniformityFile(int k) {
        return dir.resolve("uniformity").resolve(participantName(k) + ".json");
    }

    public Path alignmentFile() {
        return dir.resolve("alignment.json");
    }

    public Path referenceTargets() {
        return dir.resolve("reference").resolve("shared-targets.npy");
    }

    public Path uploadDir(int k) {
        return dir.resolve("uploads").resolve(participantName(k));
    }

    public Path mergedDir() {
        return dir.resolve("merged");
    }

    /** The alignment decision, or a user error if the platform has not aligned yet. */
    public AlignmentDecision alignment() throws IOException {
        if (!Files.isRegularFile(alignmentFile())) {
            throw new UserInputException("the platform has not aligned yet; run 'coopt platform align --dir " + dir
                    + "' once every participant has optimized");
        }
        AlignmentDecision d = Json.read(alignmentFile(), AlignmentDecision.class);
        if (d.choice() == null || d.uniformity() == null || d.uniformity().length != settings().participants()) {
            throw new UserInputException(alignmentFile() + " is incomplete (no choice, or not one uniformity value per "
                    + "participant); it was changed by hand: restore it or create the platform again");
        }
        return d;
    }

    /**
     * Step 3 (platform side): needs every participant's uniformity report; picks the reference b by the
     * settings' choice (argmin U for best) and publishes Y_b^S as {@code reference/shared-targets.npy}.
     * Idempotent: a second call returns the recorded decision.
     */
    public AlignmentDecision align() throws IOException {
        try (FolderLock lock = FolderLock.acquire(dir.resolve(LOCK))) {
            // every participant's lock too (in index order; nothing takes the platform lock while holding a
            // participant's): no optimize may change a prior while the decision reads the reports
            java.util.List<FolderLock> held = new ArrayList<>();
            try {
                for (int k = 0; k < settings().participants(); k++) {
                    held.add(participantLock(k));
                }
                return alignLocked();
            } finally {
                for (int i = held.size() - 1; i >= 0; i--) {
                    held.get(i).close();
                }
            }
        }
    }

    private AlignmentDecision alignLocked() throws IOException {
        if (Files.isRegularFile(alignmentFile())) {
            return alignment();
        }
        partition();
        int k = settings().participants();
        double[] u = new double[k];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (!Files.isRegularFile(uniformityFile(i))) {
                missing.add(i);
                continue;
            }
            UniformityReport ur = Json.read(uniformityFile(i), UniformityReport.class);
            Path report = participantDir(i).resolve("report.json");
            ProtocolMessages.ParticipantReport pr = Files.isRegularFile(report)
                    ? Json.read(report, ProtocolMessages.ParticipantReport.class) : null;
            if (pr == null || !pr.priorHash().equals(ur.priorHash())) {
                throw new UserInputException("participant " + i + "'s reported uniformity is not for the prior of its "
                        + "finished optimize step; re-run 'coopt participant optimize --id " + i + "'");
            }
            u[i] = ur.uniformity();
        }
        if (!missing.isEmpty()) {
            throw new UserInputException("cannot align yet: participants " + missing + " have not reported their "
                    + "uniformity; run 'coopt participant optimize' for them first");
        }
        int b = settings().alignment().pick(u);
        String refSha = null;
        if (b >= 0) {
            Path src = participantDir(b).resolve("shared-targets.npy");
            Npy.mapMatrix(src, "reference shared-set targets").close();
            ProtocolMessages.ParticipantReport pb = Json.read(participantDir(b).resolve("report.json"),
                    ProtocolMessages.ParticipantReport.class);
            if (!Hashing.sha256(src).equals(pb.sharedTargetsSha256())) {
                throw new UserInputException("participant " + b + "'s shared-set targets changed since its optimize "
                        + "step; re-run 'coopt participant optimize --id " + b + "'");
            }
            Files.createDirectories(referenceTargets().getParent());
            AtomicFiles.write(referenceTargets(), out -> Files.copy(src, out));
            refSha = Hashing.sha256(referenceTargets());
        }
        AlignmentDecision d = new AlignmentDecision(settings().alignment(), b, u, settings().solver(),
                settings().lambda(), refSha, Instant.now());
        Json.write(alignmentFile(), d);
        return d;
    }

    /** Step 5: validates every upload and writes {@code merged/} (see {@link Merger}). */
    public OptimizedDataset merge() throws IOException {
        return new Merger(this).merge();
    }

    /** The lock serialising init, align and merge of this platform. */
    FolderLock lock() throws IOException {
        return FolderLock.acquire(dir.resolve(LOCK));
    }

    /** The lock of participant k's own steps (optimize, upload), so that two runs of one participant queue. */
    FolderLock participantLock(int k) throws IOException {
        return FolderLock.acquire(dir.resolve("participants").resolve("." + participantName(k) + ".lock"));
    }

    /** Each participant's state and the platform's, read from the folder. */
    public record Status(String platform, Map<Integer, String> participants) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            participants.forEach((k, s) -> sb.append("participant ").append(k).append(": ").append(s).append('\n'));
            return sb.append("platform: ").append(platform).toString();
        }
    }

    /**
     * States: participant {@code waiting} → {@code optimized} (uniformity reported) → {@code uploaded};
     * platform {@code initialized} → {@code aligned} → {@code merged}.
     */
    public Status status() {
        Map<Integer, String> ps = new LinkedHashMap<>();
        for (int k = 0; k < settings().participants(); k++) {
            String s = Files.isRegularFile(uploadDir(k).resolve("upload.json")) ? "uploaded"
                    : Files.isRegularFile(uniformityFile(k)) ? "optimized" : "waiting";
            ps.put(k, s);
        }
        String p = Files.isRegularFile(mergedDir().resolve("manifest.json")) ? "merged"
                : Files.isRegularFile(alignmentFile()) ? "aligned" : "initialized";
        return new Status(p, ps);
    }
}
