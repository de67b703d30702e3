package org.coopt.workbench.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.Hashing;

/**
 * The content hashes of a folder's files, reused while a file's status is unchanged: git's index rule. A file's
 * recorded SHA-256 is used again only when its size, modification time, status-change time (ctime) and inode number
 * are all exactly those recorded when its bytes were hashed; any write to a file changes its ctime, which no user tool
 * can set back (unlike the modification time), so a changed file is always read and hashed again, even at the same
 * size with its modification time restored. Only files found valid by the caller are recorded, so a reused hash also
 * stands for "this file was checked".
 *
 * <p>Why (issue 22): an image folder's dataset hash covers every file's bytes so that no cache can serve stale pixels;
 * reading every byte of ImageNet-1K (1.28 M files, about 140 GB) on every open would cost minutes per run and defeat
 * the decoded-image cache. With the index an unchanged folder costs one {@code stat} per file.
 *
 * <p>A file whose status times lie within {@link #RACY_SECONDS} of the moment it was hashed is not recorded (it may
 * still be being written within the clock's resolution: git's "racily clean" case) and is hashed again next time.
 * Where the file system offers no {@code unix} attributes (ctime, inode), nothing is recorded and every file is hashed
 * every time. The index lives in {@code $COOPT_CACHE/file-hashes/<SHA-256 of the folder's real path>.tsv}, written by
 * temp-and-rename; an unreadable or malformed index counts as empty.
 */
public final class FileHashIndex {
    /** Status times this close to the hashing moment are not trusted (seconds). */
    static final long RACY_SECONDS = 2;
    private static final String HEADER = "# coopt file-hash index v1: path, size, mtime ns, ctime ns, inode, sha256";

    /** What identifies one version of a file without reading it. */
    public record Stat(long size, long mtimeNanos, long ctimeNanos, long inode) {
        /** The file's status, or null where the file system has no ctime and inode. */
        static Stat of(Path file) throws IOException {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                return null;
            }
            return new Stat((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
                    nanos((FileTime) a.get("ctime")), ((Number) a.get("ino")).longValue());
        }

        /** Whether either status time lies within {@link #RACY_SECONDS} of {@code nowNanos} (or after it). */
        boolean racy(long nowNanos) {
            long margin = TimeUnit.SECONDS.toNanos(RACY_SECONDS);
            return mtimeNanos > nowNanos - margin || ctimeNanos > nowNanos - margin;
        }

        private static long nanos(FileTime t) {
            return t.to(TimeUnit.NANOSECONDS);
        }
    }

    private record Entry(Stat stat, String sha256) {}

    private final Path file;
    private final Map<String, Entry> known;
    private final Map<String, Entry> fresh = new ConcurrentHashMap<>();

    private FileHashIndex(Path file, Map<String, Entry> known) {
        this.file = file;
        this.known = known;
    }

    /** The index of {@code folder} in the cache (empty when there is none or it cannot be read). */
    static FileHashIndex of(Path folder) {
        String key;
        try {
            key = Hashing.sha256(folder.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            key = Hashing.sha256(folder.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        }
        Path f = Datasets.cacheDir().resolve("file-hashes").resolve(key + ".tsv");
        return new FileHashIndex(f, read(f));
    }

    /**
     * The SHA-256 of {@code file}'s bytes, read from the index of its folder when the file's status is exactly the one
     * recorded, else computed (and recorded unless racy). For large files that are verified on every use (the
     * decoded-image cache, cached features): an unchanged file costs a {@code stat}, a changed one is read.
     */
    public static String sha256(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        FileHashIndex index = of(folder);
        Stat before = Stat.of(file);
        String known = index.known(name, before);
        if (known != null) {
            return known;
        }
        java.time.Instant t = java.time.Instant.now();
        long now = TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
        String sha = Hashing.sha256(file);
        index.record(name, before, Stat.of(file), sha, now);
        List<String> keep = new java.util.ArrayList<>(index.known.keySet());
        if (!index.known.containsKey(name)) {
            keep.add(name);
        }
        index.save(keep);
        return sha;
    }

    /** The recorded hash of {@code rel} if {@code stat} is exactly the recorded status, else null. */
    String known(String rel, Stat stat) {
        Entry e = stat == null ? null : known.get(rel);
        return e != null && e.stat().equals(stat) ? e.sha256() : null;
    }

    /**
     * Records that {@code rel}, with status {@code before} read before its bytes and {@code after} read after them,
     * hashes to {@code sha256}; nothing is recorded when the two differ (it changed while being read) or are racy.
     */
    void record(String rel, Stat before, Stat after, String sha256, long nowNanos) {
        if (before != null && before.equals(after) && !before.racy(nowNanos) && recordable(rel)) {
            fresh.put(rel, new Entry(before, sha256));
        }
    }

    /**
     * Writes the index for the files of {@code rels} (entries of files no longer listed are dropped) when anything
     * new was recorded; a failure to write only costs the next open a re-read.
     */
    void save(List<String> rels) {
        if (fresh.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String rel : rels) {
            Entry e = fresh.containsKey(rel) ? fresh.get(rel) : known.get(rel);
            if (e != null) {
                Stat s = e.stat();
                sb.append(rel).append('\t').append(s.size()).append('\t').append(s.mtimeNanos()).append('\t')
                        .append(s.ctimeNanos()).append('\t').append(s.inode()).append('\t').append(e.sha256()).append('\n');
            }
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException | RuntimeException e) {
            // the index is only a shortcut: without it the next open reads every file again
        }
    }

    private static boolean recordable(String rel) {
        return rel.indexOf('\t') < 0 && rel.indexOf('\n') < 0 && rel.indexOf('\r') < 0;
    }

    private static Map<String, Entry> read(Path f) {
        Map<String, Entry> m = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return m;
        } catch (IOException | RuntimeException e) {
            return m;
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return m;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] p = line.split("\t", -1);
            if (p.length != 6 || !p[5].matches("[0-9a-f]{64}")) {
                return new HashMap<>(); // a malformed index is no index
            }
            try {
                m.put(p[0], new Entry(new Stat(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
                        Long.parseLong(p[4])), p[5]));
            } catch (NumberFormatException e) {
                return new HashMap<>();
            }
        }
        return m;
    }
}
