package org.coopt.workbench.zoo;

import org.coopt.workbench.util.Shuffle;
import java.util.Arrays;
import java.util.Random;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.util.Hashing;

/**
 * The split of a labelled training set (Fashion-MNIST's 60,000) into a labelled <em>prior pool</em>, on
 * which the zoo's priors are trained, and the <em>unlabelled pool</em> that CoOpt and the SSL baselines
 * use; a seeded permutation, its first {@code priorPoolSize} indices are the prior pool (in ascending
 * order), the rest the unlabelled pool. The test split is never part of either.
 *
 * @param seed          seed of the permutation
 * @param total         size of the split dataset
 * @param priorPool     indices of the prior pool, ascending
 * @param unlabelled    indices of the unlabelled pool, ascending
 */
public record PriorPoolSplit(long seed, int total, int[] priorPool, int[] unlabelled) {
    public static final int DEFAULT_PRIOR_POOL = 10_000;

    public static PriorPoolSplit of(int total, int priorPoolSize, long seed) {
        if (priorPoolSize < 1 || priorPoolSize >= total) {
            throw new IllegalArgumentException("prior pool size must be in [1, " + (total - 1) + "], got " + priorPoolSize);
        }
        int[] perm = Shuffle.permutation(total, new Random(seed));
        int[] pool = Arrays.copyOfRange(perm, 0, priorPoolSize);
        int[] rest = Arrays.copyOfRange(perm, priorPoolSize, total);
        Arrays.sort(pool);
        Arrays.sort(rest);
        return new PriorPoolSplit(seed, total, pool, rest);
    }

    /** The labelled prior pool of {@code train}. */
    public ImageDataset priorPool(ImageDataset train) {
        check(train);
        return train.subset(priorPool, train.name() + "-priorpool" + priorPool.length + "-s" + seed);
    }

    /** The unlabelled pool of {@code train} (labels are still readable; CoOpt must not use them). */
    public ImageDataset unlabelledPool(ImageDataset train) {
        check(train);
        return train.subset(unlabelled, train.name() + "-unlabelled" + unlabelled.length + "-s" + seed);
    }

    /** SHA-256 of the prior-pool index list (to record which split a prior saw). */
    public String priorPoolSha256() {
        var md = Hashing.sha256();
        for (int i : priorPool) {
            md.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private void check(ImageDataset train) {
        if (train.size() != total) {
            throw new IllegalArgumentException("the split was made for " + total + " samples, " + train.name()
                    + " has " + train.size());
        }
    }
}
