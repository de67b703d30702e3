package org.coopt.workbench.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import org.coopt.workbench.io.Npy;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.Progress;

/**
 * The decoded-image cache of an image folder: every image of an {@link ImageFolderDataset} decoded once
 * (in parallel, with a progress bar) into {@code $COOPT_CACHE/decoded/<sha256>.npy}, a NumPy uint8
 * array N×C×H×W in sample order, then memory-mapped: later epochs copy bytes instead of decoding JPEGs.
 * The key is the folder's sha256, which covers the decode size and channels, the class names, labels,
 * the file list and every file's bytes ({@link ImageFolderDataset}), so Tiny-ImageNet at 32 px and at 64 px are
 * two files, and a changed image (even one of the same size) is a new key: the cache never serves old pixels.
 *
 * <p><b>(decision)</b> The cache is built only on request ({@link #build}, {@code ./coopt data cache
 * NAME}) and only when it holds at most {@link #MAX_BYTES} (16 GiB: ImageNet-1K's training split fits
 * at 64 px, 15.7 GB, not at 224 px, 193 GB); once present, the catalogue's image-folder sources use it
 * automatically ({@link #open}). The view is the same data as the folder: same name, labels, classes
 * and sha256; mean/std are computed from the same sample of images as {@link ImageFolderDataset} does,
 * so they are equal. Reads are absolute reads of read-only mappings, so {@link #pixels} is thread-safe.
 * Files over 2 GiB are mapped as several segments of whole samples.
 */
public final class DecodedImages extends DerivedView {
    /** The largest cache {@link #build} writes: 16 GiB. */
    public static final long MAX_BYTES = 16L << 30;

    private final Path file;
    private final int per;
    private final long perSegment;
    private final MappedByteBuffer[] segments;
    private float[][] stats;

    private DecodedImages(ImageFolderDataset parent, Path file, long dataOffset) throws IOException {
        super(parent, parent.name(), parent.sha256());
        this.file = file;
        this.per = parent.sampleBytes();
        this.perSegment = Math.max(1, (Integer.MAX_VALUE - 8) / per);
        long n = parent.size();
        int count = (int) Math.max(1, (n + perSegment - 1) / perSegment);
        segments = new MappedByteBuffer[count];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int s = 0; s < count; s++) {
                long first = s * perSegment;
                long k = Math.max(0, Math.min(perSegment, n - first));
                segments[s] = ch.map(FileChannel.MapMode.READ_ONLY, dataOffset + first * per, k * per);
            }
        }
    }

    /** The cache file of {@code ds} under {@code cacheRoot}: {@code cacheRoot/decoded/<sha256>.npy}. */
    public static Path file(Path cacheRoot, ImageFolderDataset ds) {
        return cacheRoot.resolve("decoded").resolve(ds.sha256() + ".npy");
    }

    /** Bytes of the cache of {@code ds} (pixels only): N·C·H·W. */
    public static long bytes(ImageDataset ds) {
        return (long) ds.size() * ds.sampleBytes();
    }

    /** The sidecar {@code <sha256>.npy.sha256} holding the SHA-256 of the cache file, written before it lands. */
    static Path checksum(Path cacheFile) {
        return cacheFile.resolveSibling(cacheFile.getFileName() + ".sha256");
    }

    /**
     * The cached view of {@code ds} when its cache file exists under {@code cacheRoot}, still has the SHA-256 its
     * sidecar recorded when it was written, and has the right dtype and shape; else null. A file without its sidecar
     * or with other bytes (a flipped bit, a truncation) is never served: it counts as no cache, so {@code data cache}
     * decodes again (with a warning). Checking reads the file (SHA-256 at disk speed) when its status changed since
     * it was last hashed, else costs a {@code stat} ({@link FileHashIndex}). A file of the wrong shape is a {@link DatasetException} telling to
     * delete it.
     */
    public static DecodedImages open(Path cacheRoot, ImageFolderDataset ds) {
        Path f = file(cacheRoot, ds);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Path sum = checksum(f);
            String want = Files.isRegularFile(sum) ? Files.readString(sum).strip() : "";
            if (!want.equals(FileHashIndex.sha256(f))) { // read again only when the file's status changed
                org.coopt.workbench.util.Log.warn("[data] decoded-image cache " + f + (want.isEmpty()
                        ? " has no recorded SHA-256" : " does not match its recorded SHA-256") + "; not used (run "
                        + "./coopt data cache to decode again)");
                return null;
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read decoded-image cache " + f + ": " + e.getMessage()
                    + "; delete it and run ./coopt data cache again", e);
        }
        try {
            Npy.Header h = Npy.readHeader(f);
            long[] want = {ds.size(), ds.channels(), ds.height(), ds.width()};
            if (h.dtype() != Npy.DType.UINT8 || !Arrays.equals(h.shape(), want)) {
                throw new DatasetException("decoded-image cache " + f + " holds " + h + ", not |u1 "
                        + Arrays.toString(want) + " for " + ds.name() + "; delete it and run ./coopt data cache again");
            }
            return new DecodedImages(ds, f, h.dataOffset());
        } catch (IOException e) {
            throw new DatasetException("cannot read decoded-image cache " + f + ": " + e.getMessage()
                    + "; delete it and run ./coopt data cache again", e);
        }
    }

    /**
     * The cached view of {@code ds}, decoding every image first when there is no cache yet: batches of
     * samples are decoded in parallel ({@link ImageBatches#gather}) and appended to a temporary file
     * that is renamed into place only when complete. Progress goes to stderr.
     *
     * @throws DatasetException when the cache would exceed {@code maxBytes} or an image cannot be decoded
     */
    public static DecodedImages build(Path cacheRoot, ImageFolderDataset ds, long maxBytes) {
        DecodedImages have = open(cacheRoot, ds);
        if (have != null) {
            return have;
        }
        long bytes = bytes(ds);
        if (bytes > maxBytes) {
            throw new DatasetException(String.format(Locale.ROOT, "%s decoded to %dx%dx%d would take %.1f GiB, more than "
                    + "the %.1f GiB cache limit; decode it on the fly, or cache it at a smaller --size", ds.name(),
                    ds.channels(), ds.height(), ds.width(), bytes / (double) (1L << 30), maxBytes / (double) (1L << 30)));
        }
        Path f = file(cacheRoot, ds);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime()
                    + ".part");
            try {
                write(ds, tmp);
                AtomicFiles.writeString(checksum(f), org.coopt.workbench.util.Hashing.sha256(tmp) + "\n");
                AtomicFiles.move(tmp, f);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot write decoded-image cache " + f + ": " + e.getMessage()
                    + "; free disk space or set COOPT_CACHE to another folder", e);
        }
        return open(cacheRoot, ds);
    }

    private static void write(ImageFolderDataset ds, Path tmp) throws IOException {
        int n = ds.size();
        int chunk = (int) Math.max(1, Math.min(1024, (64L << 20) / ds.sampleBytes()));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Progress p = new Progress("[data] decode " + ds.name(), n, "images")) {
            writeFully(ch, ByteBuffer.wrap(Npy.header(Npy.DType.UINT8, n, ds.channels(), ds.height(), ds.width())));
            for (int start = 0; start < n; start += chunk) {
                int first = start;
                int[] idx = new int[Math.min(chunk, n - start)];
                Arrays.setAll(idx, k -> first + k);
                writeFully(ch, ByteBuffer.wrap(ImageBatches.gather(ds, idx)));
                p.step(idx.length);
            }
            ch.force(false);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void pixels(int i, byte[] dst, int offset) {
        ImageBatches.checkIndex(this, i);
        segments[(int) (i / perSegment)].get((int) ((i % perSegment) * per), dst, offset, per);
    }

    /** False: a memory copy. */
    @Override
    public boolean decodesOnAccess() {
        return false;
    }

    private synchronized float[][] stats() {
        if (stats == null) {
            int[] idx = ImageFolderDataset.statsIndices(size(), ((ImageFolderDataset) parent).options().statsSample());
            stats = ImageBatches.channelStats(this, idx);
        }
        return stats;
    }

    @Override
    public float[] mean() {
        return stats()[0].clone();
    }

    @Override
    public float[] std() {
        return stats()[1].clone();
    }

    @Override
    public String toString() {
        return parent + ", cached in " + file;
    }
}
