package org.coopt.workbench.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.coopt.workbench.util.Hashing;

/**
 * Images in class folders, {@code root/<split>/<class>/**.png|jpg|jpeg} (ImageNet's and
 * Tiny-ImageNet's training layout; nested folders below a class, such as Tiny-ImageNet's
 * {@code images/}, are searched too). Only the file list is held in memory: each image is decoded
 * ({@link ImageDecoder}: RGB or grey, CMYK JPEGs converted) when its pixels are asked for and resized to
 * {@link ImageFolderOptions#size()} with {@link Resampling} (anti-aliasing halvings, then bilinear;
 * images already of that size are copied exactly). Non-square images are stretched to the square.
 *
 * <p>Splits. {@link Split#TRAIN} reads {@code root/train}. {@link Split#TEST} reads a <i>labelled</i>
 * folder: {@code root/val} for the named Tiny-ImageNet and ImageNet layouts
 * ({@link Layout#testFromValOnly()}; their {@code test/} is unlabelled), and for the generic layout
 * {@code root/test} when it is labelled, else {@code root/val}. A split folder is labelled when it has
 * class folders holding images whose names are all class names of {@code train/}, or (Tiny-ImageNet's
 * shipped validation layout) a {@code val_annotations.txt} whose lines are
 * {@code file<TAB>class<TAB>...} for images in {@code images/}. <b>(decision)</b> Labels are indices
 * of the class folders of {@code train/} in sorted name order, for both splits (so a test split lacking
 * a class still labels like the training split); without {@code train/}, the split's own class folders.
 *
 * <p>sha256 identifies the decoded data by content: SHA-256 of the UTF-8 text {@code "decode C x S x S\n" +
 * "classes " + names joined by "," + "\n"} followed by one line {@code "relative/path\tlabel\tfileSha256\n"} per
 * sample in sample order, where fileSha256 is the SHA-256 of the image file's bytes. So the same folder decoded
 * at another size or channel count hashes differently, and an image whose pixels change (even at the same file
 * size) changes the hash, and with it the key of the decoded-image cache ({@link DecodedImages}): a cache is never
 * served for content it was not decoded from. <b>(decision)</b> The first open of a folder reads every file (in
 * parallel, on all cores) to hash it; names and sizes alone let a changed image keep serving its old pixels. Later
 * opens read only the files whose status (size, modification and status-change times, inode) differs from when they
 * were hashed, as git does ({@link FileHashIndex}): any write changes a file's ctime, so no change goes unseen. Every
 * listed file must pass {@link ImageFiles}' rule, the same rule the decoder applies, so a count never includes a
 * file that would not decode. The name is
 * {@code <layout>-<split>@<size>} ({@code imagefolder-<folder>-<split>@<size>} for the generic layout),
 * with {@code -grey} for one channel. mean/std are estimated on first use from
 * {@link ImageFolderOptions#statsSample()} images spread evenly over the split.
 */
public final class ImageFolderDataset implements ImageDataset {
    /** Tiny-ImageNet's validation labels, in {@code val/}: "file TAB class TAB box...". */
    static final String ANNOTATIONS = "val_annotations.txt";

    /**
     * Which dataset a folder holds: the name used in messages and dataset names, the environment
     * variable that locates it (named in every error), and whether TEST must come from {@code val/}.
     */
    public record Layout(String name, String rootVariable, boolean testFromValOnly) {
        /** {@code imagefolder}: any folder; TEST from a labelled {@code test/}, else {@code val/}. */
        public static final Layout GENERIC = new Layout("imagefolder", "COOPT_IMAGEFOLDER_DIR", false);

        public Layout {
            if (name == null || name.isBlank() || rootVariable == null || rootVariable.isBlank()) {
                throw new IllegalArgumentException("an image-folder layout needs a name and an environment variable");
            }
        }

        String what(Path root) {
            return (name.equals("imagefolder") ? "image folder " : name + " folder ") + root;
        }

        String fix() {
            return "pass --root DIR (or set " + rootVariable + ")";
        }
    }

    private final String name;
    private final Path splitDir;
    private final String[] files;
    private final int[] labels;
    private final List<String> classNames;
    private final ImageFolderOptions options;
    private final String sha256;
    private float[][] stats;

    private ImageFolderDataset(String name, Path splitDir, String[] files, int[] labels, List<String> classNames,
            ImageFolderOptions options, String sha256) {
        this.name = name;
        this.splitDir = splitDir;
        this.files = files;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.options = options;
        this.sha256 = sha256;
    }

    /** The training folder {@code root/train}, or null when there is none. */
    public static Path trainDir(Path root) {
        Path d = root.resolve("train");
        return Files.isDirectory(d) ? d : null;
    }

    /** The generic layout ({@link Layout#GENERIC}). */
    public static ImageFolderDataset open(Path root, Split split, ImageFolderOptions options) {
        return open(root, split, options, Layout.GENERIC);
    }

    /** {@code split} of the folder {@code root} laid out as {@code layout}, decoded as {@code options} say. */
    public static ImageFolderDataset open(Path root, Split split, ImageFolderOptions options, Layout layout) {
        if (root == null || !Files.isDirectory(root)) {
            throw new DatasetException(layout.what(root) + " does not exist; " + layout.fix()
                    + " to a folder laid out as DIR/train/<class>/*.png|jpg");
        }
        Path train = trainDir(root);
        List<String> trainClasses = train == null ? null : classFolderNames(train);
        Listing listing;
        if (split == Split.TRAIN) {
            if (train == null) {
                throw new DatasetException(layout.what(root) + " has no train/ folder; lay it out as " + root
                        + "/train/<class>/*.png|jpg, or " + layout.fix() + " to the dataset's root folder");
            }
            listing = relabel(classFolders(train), trainClasses);
            if (listing.rel.isEmpty()) {
                throw new DatasetException(layout.what(root) + ": " + train + " holds no class folders with "
                        + ".png/.jpg/.jpeg images; lay it out as " + train + "/<class>/*.png|jpg");
            }
        } else {
            listing = labelledTest(root, layout, trainClasses);
        }
        String suffix = "@" + options.size() + (options.channels() == 1 ? "-grey" : "");
        String dsName = (layout.name().equals("imagefolder") ? "imagefolder-" + root.getFileName()
                : layout.name()) + "-" + split.id() + suffix;
        return new ImageFolderDataset(dsName, listing.dir, listing.rel.toArray(new String[0]),
                listing.labels.stream().mapToInt(Integer::intValue).toArray(), listing.classes, options,
                hash(listing, options));
    }

    /** The file list of one split: paths relative to {@code dir}, labels, and the class names. */
    private record Listing(Path dir, List<String> rel, List<Integer> labels, List<String> classes) {}

    /** The TEST split: the first labelled folder of val/ (named layouts) or test/, val/ (generic). */
    private static Listing labelledTest(Path root, Layout layout, List<String> trainClasses) {
        List<String> candidates = layout.testFromValOnly() ? List.of("val") : List.of("test", "val");
        List<String> why = new ArrayList<>();
        for (String c : candidates) {
            Path d = root.resolve(c);
            if (!Files.isDirectory(d)) {
                why.add(c + "/ is missing");
                continue;
            }
            Listing l = Files.isRegularFile(d.resolve(ANNOTATIONS)) ? annotated(d, trainClasses) : classFolders(d);
            if (l.rel.isEmpty()) {
                why.add(c + "/ has no class folders with images");
                continue;
            }
            if (trainClasses != null && !trainClasses.containsAll(l.classes)) {
                List<String> unknown = new ArrayList<>(l.classes);
                unknown.removeAll(trainClasses);
                why.add(c + "/ has classes that train/ lacks (" + String.join(", ", unknown.subList(0,
                        Math.min(3, unknown.size()))) + (unknown.size() > 3 ? ", ..." : "") + "), so it is unlabelled");
                continue;
            }
            return trainClasses == null ? l : relabel(l, trainClasses);
        }
        String layoutHint = layout.testFromValOnly()
                ? "lay it out as " + root + "/val/<class>/*.JPEG (or Tiny-ImageNet's val/images/ with val/" + ANNOTATIONS + ")"
                : "lay it out as " + root + "/test/<class>/*.png|jpg or " + root + "/val/<class>/*.png|jpg";
        throw new DatasetException(layout.what(root) + " has no labelled " + String.join(" or ", candidates.stream()
                .map(c -> c + "/").toList()) + " split (" + String.join("; ", why) + "); " + layoutHint + ", or "
                + layout.fix() + " to the dataset's root folder");
    }

    /** Sorted names of the sub-folders of {@code dir}. */
    private static List<String> classFolderNames(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every image below the class folders of {@code dir}, labelled by the index of its class among the
     * sorted class folders that hold images ({@link #relabel} re-indexes into train/'s classes).
     */
    private static Listing classFolders(Path dir) {
        List<String> own = new ArrayList<>();
        List<String> rel = new ArrayList<>();
        List<Integer> lab = new ArrayList<>();
        for (String cn : classFolderNames(dir)) {
            Path cd = dir.resolve(cn);
            List<Path> imgs;
            try (Stream<Path> s = Files.walk(cd)) {
                imgs = s.filter(Files::isRegularFile).filter(ImageFiles::hasImageName).sorted().toList();
            } catch (IOException e) {
                throw new DatasetException("cannot list " + cd + ": " + e.getMessage(), e);
            }
            if (imgs.isEmpty()) {
                continue;
            }
            own.add(cn);
            for (Path p : imgs) {
                rel.add(dir.relativize(p).toString());
                lab.add(own.size() - 1);
            }
        }
        return new Listing(dir, rel, lab, own);
    }

    /** Tiny-ImageNet's {@code val/}: {@code images/<file>} labelled by {@value #ANNOTATIONS}. */
    private static Listing annotated(Path dir, List<String> trainClasses) {
        Path ann = dir.resolve(ANNOTATIONS);
        if (trainClasses == null) {
            throw new DatasetException(ann + " names classes by folder name, but there is no train/ folder beside "
                    + dir + " to number them; add the train/ folder");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(ann, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + ann + ": " + e.getMessage(), e);
        }
        List<String[]> rows = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 2 || !ImageFiles.hasImageName(Path.of(f[0]))) {
                throw new DatasetException(ann + " line " + (n + 1) + " is not \"file<TAB>class...\": '" + line
                        + "'; restore the file from the Tiny-ImageNet archive");
            }
            rows.add(f);
        }
        rows.sort(Comparator.comparing(f -> f[0]));
        List<String> rel = new ArrayList<>();
        List<Integer> lab = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (String[] f : rows) {
            String r = Path.of("images", f[0]).toString();
            if (!Files.isRegularFile(dir.resolve(r))) {
                throw new DatasetException(ann + " names " + dir.resolve(r) + ", which is missing; restore it from "
                        + "the Tiny-ImageNet archive");
            }
            int k = index.computeIfAbsent(f[1], c -> {
                seen.add(c);
                return seen.size() - 1;
            });
            rel.add(r);
            lab.add(k);
        }
        return new Listing(dir, rel, lab, seen);
    }

    /** The same listing with labels re-indexed into {@code classes} (every listed class is in it). */
    private static Listing relabel(Listing l, List<String> classes) {
        int[] map = l.classes.stream().mapToInt(classes::indexOf).toArray();
        List<Integer> lab = new ArrayList<>(l.labels.size());
        for (int k : l.labels) {
            lab.add(map[k]);
        }
        return new Listing(l.dir, l.rel, lab, classes);
    }

    /**
     * SHA-256 of the decode settings, the class names, the file list and every file's bytes (see the class
     * comment). Each file is read, in parallel, checked by {@link ImageFiles}' rule and hashed, unless
     * {@link FileHashIndex} holds its hash for exactly its present status (size, times, inode: then it is unchanged
     * since it was checked and hashed); the first unusable file in sample order refuses the whole folder with one line
     * naming it.
     */
    private static String hash(Listing l, ImageFolderOptions o) {
        int n = l.rel.size();
        String[] sha = new String[n];
        String[] fault = new String[n];
        FileHashIndex index = FileHashIndex.of(l.dir);
        java.time.Instant t = java.time.Instant.now();
        long now = java.util.concurrent.TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
        Thread caller = Thread.currentThread(); // the pool's workers see no interrupt: they check the caller's flag
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            if (caller.isInterrupted()) {
                throw new java.util.concurrent.CancellationException("interrupted while hashing the files of " + l.dir);
            }
            String rel = l.rel.get(i);
            Path p = l.dir.resolve(rel);
            try {
                FileHashIndex.Stat before = stat(p);
                String h = index.known(rel, before); // an unchanged file was read, checked and hashed before
                if (h == null) {
                    h = Hashing.sha256(ImageFiles.read(p));
                    index.record(rel, before, stat(p), h, now);
                }
                sha[i] = h;
            } catch (DatasetException e) {
                fault[i] = e.getMessage();
            }
        });
        StringBuilder sb = new StringBuilder();
        sb.append("decode ").append(o.channels()).append(" x ").append(o.size()).append(" x ").append(o.size()).append('\n');
        sb.append("classes ").append(String.join(",", l.classes)).append('\n');
        for (int i = 0; i < n; i++) {
            if (fault[i] != null) {
                throw new DatasetException(fault[i]);
            }
            sb.append(l.rel.get(i)).append('\t').append(l.labels.get(i)).append('\t').append(sha[i]).append('\n');
        }
        index.save(l.rel);
        return Hashing.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The file's status for {@link FileHashIndex}, or null (then it is read and hashed) where it cannot be had. */
    private static FileHashIndex.Stat stat(Path p) {
        try {
            return FileHashIndex.Stat.of(p);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The image file of sample i. */
    public Path file(int i) {
        return splitDir.resolve(files[i]);
    }

    public ImageFolderOptions options() {
        return options;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.length;
    }

    @Override
    public int channels() {
        return options.channels();
    }

    @Override
    public int height() {
        return options.size();
    }

    @Override
    public int width() {
        return options.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Decodes sample i now ({@link ImageDecoder}) and resizes every plane with {@link Resampling}:
     * C×H×W. Thread-safe (no shared mutable state).
     */
    @Override
    public void pixels(int i, byte[] dst, int offset) {
        ImageDecoder.Planes p = ImageDecoder.decode(file(i), options.channels());
        int s = options.size();
        float[][] planes = p.planes();
        for (int c = 0; c < planes.length; c++) {
            if (c > 0 && planes[c] == planes[c - 1]) {
                System.arraycopy(dst, offset + (c - 1) * s * s, dst, offset + c * s * s, s * s);
            } else {
                Resampling.toBytes(Resampling.resize(planes[c], p.width(), p.height(), s, s), dst, offset + c * s * s);
            }
        }
    }

    /** True: every access decodes a file. */
    @Override
    public boolean decodesOnAccess() {
        return true;
    }

    /** The samples mean/std are estimated from: min(sample, n) indices j·n/k, spread evenly. */
    static int[] statsIndices(int n, int sample) {
        int k = Math.min(sample, n);
        int[] idx = new int[k];
        for (int j = 0; j < k; j++) {
            idx[j] = (int) ((long) j * n / k);
        }
        return idx;
    }

    private synchronized float[][] stats() {
        if (stats == null) {
            stats = ImageBatches.channelStats(this, statsIndices(files.length, options.statsSample()));
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
    public String sha256() {
        return sha256;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images in " + splitDir + ", decoded to " + channels() + "x" + height() + "x"
                + width() + ")";
    }
}
