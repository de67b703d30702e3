package org.coopt.workbench.coopt;

import org.coopt.workbench.util.Shuffle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.util.Json;

/**
 * Step 1, Distribute (paper Sec. 3.2; METHOD.md §2): D (N samples) split at random into K disjoint subsets
 * D_1..D_K whose sizes differ by at most 1, and a public shared set S drawn from all of D (S overlaps the
 * subsets: it is public). Subset ids and S are sorted ascending.
 *
 * <p>Split: a seeded Fisher–Yates permutation π of 0..N−1 (seed {@code splitSeed}); subset k takes the next
 * ⌊N/K⌋ (+1 for the first N mod K subsets) entries of π. S: the first |S| entries of a second permutation
 * (seed {@code sharedSeed}).
 *
 * @param size       N
 * @param subsets    D_1..D_K as sample ids
 * @param shared     S as sample ids
 * @param splitSeed  seed of the split
 * @param sharedSeed seed of the shared set
 */
public record Partition(int size, int[][] subsets, int[] shared, long splitSeed, long sharedSeed) {

    public int participants() {
        return subsets.length;
    }

    /** Draws a partition; K larger than N or |S| larger than N is a user error. */
    public static Partition random(int n, int k, int sharedSize, long splitSeed, long sharedSeed) {
        if (k < 1 || k > n) {
            throw new UserInputException("cannot split " + n + " samples among " + k + " participants; use K <= " + n);
        }
        if (sharedSize < 1 || sharedSize > n) {
            throw new UserInputException("shared set of " + sharedSize + " samples does not fit a dataset of " + n);
        }
        int[] perm = permutation(n, splitSeed);
        int[][] subsets = new int[k][];
        int base = n / k;
        int extra = n % k;
        int pos = 0;
        for (int i = 0; i < k; i++) {
            int len = base + (i < extra ? 1 : 0);
            subsets[i] = Arrays.copyOfRange(perm, pos, pos + len);
            Arrays.sort(subsets[i]);
            pos += len;
        }
        int[] shared = Arrays.copyOf(permutation(n, sharedSeed), sharedSize);
        Arrays.sort(shared);
        return new Partition(n, subsets, shared, splitSeed, sharedSeed);
    }

    static int[] permutation(int n, long seed) {
        return Shuffle.permutation(n, new SplittableRandom(seed));
    }

    /**
     * SHA-256 of the partition's content (N, K, each subset's ids in order, the shared ids), recorded in
     * platform.json at init so that every later command can tell that the files on disk are that partition.
     */
    public String sha256() {
        java.security.MessageDigest md = org.coopt.workbench.util.Hashing.sha256();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.function.IntConsumer put = v -> {
            b.clear();
            b.putInt(v);
            md.update(b.array(), 0, 4);
        };
        put.accept(size);
        put.accept(subsets.length);
        for (int[] s : subsets) {
            put.accept(s.length);
            Arrays.stream(s).forEach(put);
        }
        put.accept(shared.length);
        Arrays.stream(shared).forEach(put);
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /** owner[id] = the participant whose subset holds sample id. */
    public int[] owners() {
        int[] owner = new int[size];
        Arrays.fill(owner, -1);
        for (int k = 0; k < subsets.length; k++) {
            for (int id : subsets[k]) {
                owner[id] = k;
            }
        }
        return owner;
    }

    /** Summary written as partition.json beside the id files. */
    public record Info(int size, int participants, int[] subsetSizes, int sharedSize, long splitSeed, long sharedSeed) {
        @Override
        public String toString() {
            return size + " samples, " + participants + " subsets of " + Arrays.toString(subsetSizes) + ", shared set "
                    + sharedSize + " (split seed " + splitSeed + ", shared seed " + sharedSeed + ")";
        }
    }

    public Info info() {
        return new Info(size, subsets.length, Arrays.stream(subsets).mapToInt(s -> s.length).toArray(), shared.length,
                splitSeed, sharedSeed);
    }

    /** Writes partition.json, shared.npy and subset-XXX.npy (int64) into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int k = 0; k < subsets.length; k++) {
            Npy.writeInt64(dir.resolve(subsetFile(k)), subsets[k]);
        }
        Npy.writeInt64(dir.resolve("shared.npy"), shared);
        Json.write(dir.resolve("partition.json"), info());
    }

    public static Partition load(Path dir) throws IOException {
        Path json = dir.resolve("partition.json");
        if (!Files.isRegularFile(json)) {
            throw new UserInputException(dir + " holds no partition.json; initialise the platform first");
        }
        Info info = Json.read(json, Info.class);
        int[][] subsets = new int[info.participants()][];
        for (int k = 0; k < subsets.length; k++) {
            subsets[k] = toInts(Npy.readInt64(dir.resolve(subsetFile(k))));
        }
        return new Partition(info.size(), subsets, toInts(Npy.readInt64(dir.resolve("shared.npy"))), info.splitSeed(),
                info.sharedSeed());
    }

    static String subsetFile(int k) {
        return String.format("subset-%03d.npy", k);
    }

    static int[] toInts(long[] a) {
        return Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
    }
}
