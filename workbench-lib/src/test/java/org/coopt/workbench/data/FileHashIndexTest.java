package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coopt.workbench.util.Hashing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stat-keyed hash index (git's rule): a recorded hash is reused only for exactly the recorded status, racy and
 * changed-while-read files are not recorded, a malformed index is no index, and an image folder's hash does use it
 * (planted: an entry with the file's exact status but another hash changes the folder's hash, so the file was not
 * read).
 */
class FileHashIndexTest {
    @TempDir
    Path tmp;

    String oldCache;
    static final long HOUR = TimeUnit.HOURS.toNanos(1);
    static final String SHA = "ab".repeat(32);

    @BeforeEach
    void cache() {
        oldCache = System.getProperty("coopt.cache");
        System.setProperty("coopt.cache", tmp.resolve("cache").toString());
    }

    @AfterEach
    void restore() {
        if (oldCache == null) {
            System.clearProperty("coopt.cache");
        } else {
            System.setProperty("coopt.cache", oldCache);
        }
    }

    @Test
    void aHashIsReusedOnlyForExactlyTheRecordedStatus() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        long now = System.currentTimeMillis() * 1_000_000L;
        FileHashIndex.Stat s = new FileHashIndex.Stat(10, now - 3 * HOUR, now - 2 * HOUR, 77);
        FileHashIndex idx = FileHashIndex.of(dir);
        idx.record("a.png", s, s, SHA, now);
        idx.save(List.of("a.png"));
        FileHashIndex again = FileHashIndex.of(dir);
        assertEquals(SHA, again.known("a.png", s));
        assertNull(again.known("a.png", new FileHashIndex.Stat(10, s.mtimeNanos(), s.ctimeNanos() + 1, 77)), "ctime");
        assertNull(again.known("a.png", new FileHashIndex.Stat(11, s.mtimeNanos(), s.ctimeNanos(), 77)), "size");
        assertNull(again.known("a.png", new FileHashIndex.Stat(10, s.mtimeNanos() + 1, s.ctimeNanos(), 77)), "mtime");
        assertNull(again.known("a.png", new FileHashIndex.Stat(10, s.mtimeNanos(), s.ctimeNanos(), 78)), "inode");
        assertNull(again.known("b.png", s), "another file");
        assertNull(again.known("a.png", null), "no status, no reuse");
    }

    @Test
    void racyOrChangedWhileReadFilesAreNotRecordedAndAMalformedIndexIsNone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        long now = System.currentTimeMillis() * 1_000_000L;
        FileHashIndex.Stat racy = new FileHashIndex.Stat(10, now - 3 * HOUR, now - TimeUnit.SECONDS.toNanos(1), 1);
        FileHashIndex.Stat old = new FileHashIndex.Stat(10, now - 3 * HOUR, now - 2 * HOUR, 2);
        FileHashIndex.Stat moved = new FileHashIndex.Stat(12, now - 3 * HOUR, now - 2 * HOUR, 2);
        FileHashIndex idx = FileHashIndex.of(dir);
        idx.record("racy.png", racy, racy, SHA, now);
        idx.record("moved.png", old, moved, SHA, now);
        idx.record("ok.png", old, old, SHA, now);
        idx.save(List.of("racy.png", "moved.png", "ok.png"));
        FileHashIndex again = FileHashIndex.of(dir);
        assertNull(again.known("racy.png", racy), "status times within 2 s of the hashing are not trusted");
        assertNull(again.known("moved.png", old), "changed while it was read");
        assertEquals(SHA, again.known("ok.png", old));
        Path file = tmp.resolve("cache/file-hashes").toFile().listFiles()[0].toPath();
        Files.writeString(file, Files.readString(file).replace(SHA, "not-a-hash"));
        assertNull(FileHashIndex.of(dir).known("ok.png", old), "a malformed index counts as empty");
    }

    @Test
    void aLargeFilesHashIsReadFromItsFoldersIndexWhileItsStatusIsUnchanged() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("decoded"));
        Path f = dir.resolve("cache.npy");
        Files.write(f, new byte[] {1, 2, 3});
        String real = Hashing.sha256(f);
        assertEquals(real, FileHashIndex.sha256(f), "just written (racy): read");
        FileHashIndex idx = FileHashIndex.of(dir); // planted: another hash for the file's exact status, long ago
        FileHashIndex.Stat s = FileHashIndex.Stat.of(f);
        idx.record("cache.npy", s, s, SHA, s.ctimeNanos() + HOUR);
        idx.save(List.of("cache.npy"));
        assertEquals(SHA, FileHashIndex.sha256(f), "unchanged status: taken from the index, the file not read");
        Path next = dir.resolve("next");
        Files.write(next, new byte[] {1, 2, 3});
        Files.move(next, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(real, FileHashIndex.sha256(f), "replaced: read again");
    }

    @Test
    void anImageFolderTakesAnUnchangedFilesHashFromTheIndex() throws Exception {
        Path root = tmp.resolve("imgs");
        Path img = root.resolve("train/a/0.png");
        Files.createDirectories(img.getParent());
        Files.write(img, ContentKeyedImagesTest.solid(4, 0x336699));
        Path split = root.resolve("train");
        String read = ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults().withSize(4)).sha256();
        // planted: the index claims another hash for the file's exact present status, as if recorded long ago
        FileHashIndex idx = FileHashIndex.of(split);
        FileHashIndex.Stat s = FileHashIndex.Stat.of(img);
        idx.record("a/0.png", s, s, Hashing.sha256(new byte[] {1}), s.ctimeNanos() + HOUR);
        idx.save(List.of("a/0.png"));
        String indexed = ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults().withSize(4)).sha256();
        assertNotEquals(read, indexed, "the file's bytes were not read: its hash came from the index");
        Path next = root.resolve("next.png"); // replaced by a new file (a new inode, whatever the clock's resolution)
        Files.write(next, ContentKeyedImagesTest.solid(4, 0x336699));
        Files.move(next, img, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(read, ImageFolderDataset.open(root, Split.TRAIN, ImageFolderOptions.defaults().withSize(4)).sha256());
    }
}
