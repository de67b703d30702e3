package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.Features;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.util.Log;

/**
 * Continuous optimization (paper App. B.4, Fig. 4): after an initial round, each round a share of the
 * participants (drawn with a seeded generator) obtains an upgraded prior; for each of them the platform keeps,
 * per subset, the targets whose prior has the better (lower) uniformity value on the shared set, and the round's
 * optimized dataset is merged from the kept priors (re-aligned to the round's best prior).
 *
 * <p>Each round r is a full platform folder {@code dir/round-RR} with the same settings, hence the same
 * partition, shared set and projection seeds; features are cached, so participants that keep their prior
 * recompute nothing but the cheap projection and alignment.
 */
public final class ContinuousOptimization {
    private ContinuousOptimization() {}

    /**
     * @param rounds       upgrade rounds after the initial round 0 (paper: 10)
     * @param upgradeShare share of participants that upgrade per round, in (0, 1]; at least one participant
     * @param seed         seed of the draw of upgrading participants
     */
    public record Settings(int rounds, double upgradeShare, long seed) {
        public Settings {
            if (rounds < 0 || !(upgradeShare > 0 && upgradeShare <= 1)) {
                throw new UserInputException("continuous optimization needs rounds >= 0 and a share in (0, 1], got "
                        + rounds + ", " + upgradeShare);
            }
        }
    }

    /** Supplies the upgraded prior that {@code participant} gets in {@code round} (≥ 1). */
    @FunctionalInterface
    public interface Upgrades {
        PriorModel upgrade(int round, int participant) throws IOException;
    }

    /**
     * One round's outcome.
     *
     * @param round      0 = initial
     * @param upgrading  participants that received a new prior this round
     * @param accepted   those whose new prior had the better uniformity and replaced the old one
     * @param priorIds   kept prior of each participant after the round
     * @param uniformity kept U of each participant after the round
     * @param merged     the round's optimized dataset folder
     */
    public record Round(int round, List<Integer> upgrading, List<Integer> accepted, List<String> priorIds,
                        double[] uniformity, Path merged) {
    }

    /**
     * Runs round 0 with {@code initial} and {@code settings.rounds()} upgrade rounds. The caller keeps ownership
     * of the initial priors; upgraded priors are closed here when they are rejected or at the end.
     */
    public static List<Round> run(Path dir, PlatformSettings platformSettings, ImageDataset data, DatasetRef ref,
                                  List<? extends PriorModel> initial, Upgrades upgrades, Settings settings,
                                  FeatureExtractor extractor) throws IOException {
        int k = platformSettings.participants();
        List<PriorModel> kept = new ArrayList<>(initial);
        List<PriorModel> owned = new ArrayList<>();
        List<Round> out = new ArrayList<>();
        SplittableRandom draw = new SplittableRandom(settings.seed());
        try {
            double[] u = null;
            for (int r = 0; r <= settings.rounds(); r++) {
                Path roundDir = dir.resolve(String.format("round-%02d", r));
                Platform platform = Platform.init(roundDir, platformSettings,
                        new DataInfo(ref, data.name(), data.sha256(), data.size()));
                List<Integer> upgrading = new ArrayList<>();
                List<Integer> accepted = new ArrayList<>();
                if (r > 0) {
                    int m = Math.max(1, (int) Math.round(settings.upgradeShare() * k));
                    int[] order = Partition.permutation(k, draw.nextLong());
                    for (int i = 0; i < m; i++) {
                        upgrading.add(order[i]);
                    }
                    upgrading.sort(null);
                    for (int p : upgrading) {
                        PriorModel candidate = upgrades.upgrade(r, p);
                        double uc = sharedUniformity(platform, candidate, data, extractor);
                        if (uc < u[p]) {
                            kept.set(p, candidate);
                            owned.add(candidate);
                            u[p] = uc;
                            accepted.add(p);
                        } else {
                            candidate.close();
                        }
                    }
                }
                for (int p = 0; p < k; p++) {
                    new Participant(platform, p, extractor).optimize(kept.get(p), data);
                }
                platform.align();
                for (int p = 0; p < k; p++) {
                    new Participant(platform, p, extractor).upload();
                }
                try (OptimizedDataset od = new Merger(platform).merge(r)) {
                    u = od.manifest().participants().stream().mapToDouble(ProtocolMessages.ManifestParticipant::uniformity).toArray();
                    out.add(new Round(r, upgrading, accepted, kept.stream().map(PriorModel::id).toList(),
                            Arrays.copyOf(u, k), od.dir()));
                }
                Log.infof("[continuous] round %d: upgrading %s, accepted %s", r, upgrading, accepted);
            }
        } finally {
            owned.forEach(PriorModel::close);
        }
        return out;
    }

    /** U of a prior on the platform's shared set, exactly as {@link Participant#optimize} computes it. */
    static double sharedUniformity(Platform platform, PriorModel prior, ImageDataset data, FeatureExtractor fx)
            throws IOException {
        ImageDataset shared = data.subset(platform.partition().shared(), data.name() + "-shared");
        Features fs = fx.extract(prior, shared);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            return new Uniformity(platform.settings().uniformity(platform.uniformitySeed())).value(fs.file(), m);
        }
    }
}
