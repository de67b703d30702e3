package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.coopt.workbench.data.DataSummary;
import org.coopt.workbench.data.DatasetSource;
import org.coopt.workbench.data.DecodedImages;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.ImageFolderDataset;
import org.coopt.workbench.data.SourceFile;
import org.coopt.workbench.data.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./coopt data}: the datasets of the catalogue ({@link Datasets}). Subcommands:
 * {@code describe NAME} (counts, class histogram, shape, SHA-256 per split), {@code list} and
 * {@code cache NAME} (decode an image folder once into the decoded-image cache).
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Inspect the datasets the workbench can load.",
        subcommands = {DataCommand.Describe.class, DataCommand.ListDatasets.class, DataCommand.Cache.class})
final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ./coopt data describe NAME [--root DIR] [--split train|test|all]}. */
    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Print counts per split, the class histogram, the image shape and the SHA-256 of the "
                    + "source files of a dataset. The last line is the summary.")
    static final class Describe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", completionCandidates = DatasetNames.class,
                description = "one of: ${COMPLETION-CANDIDATES}")
        String name;

        @Option(names = "--root", paramLabel = "DIR", description = "folder holding the data (default: the "
                + "dataset's environment variable or built-in location)")
        Path root;

        @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "all",
                description = "train, test or all (default: ${DEFAULT-VALUE})")
        String split;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            DatasetSource source = Datasets.source(name);
            List<Split> splits = "all".equalsIgnoreCase(split) ? List.of(Split.TRAIN, Split.TEST)
                    : List.of(Split.parse(split));
            Path dir = Datasets.resolveRoot(source, root);
            // Load every split first, so a missing or corrupt dataset prints nothing but the error line;
            // progress (load times) goes to stderr.
            List<ImageDataset> loaded = new ArrayList<>();
            for (Split s : splits) {
                long t0 = System.nanoTime();
                ImageDataset ds = source.load(s, dir);
                err.printf(Locale.ROOT, "[data] loaded %s %s: %,d images in %.2f s%n", source.name(), s.id(), ds.size(), (System.nanoTime() - t0) / 1e9);
                err.flush();
                loaded.add(ds);
            }
            out.println("dataset  " + source.name() + ": " + source.title());
            if (dir != null) {
                out.println("root     " + dir.toAbsolutePath());
            }
            out.println("splits   " + source.splitNote());
            List<String> summary = new ArrayList<>();
            String shape = "";
            int classes = 0;
            for (int si = 0; si < splits.size(); si++) {
                Split s = splits.get(si);
                ImageDataset ds = loaded.get(si);
                shape = ds.channels() + "x" + ds.height() + "x" + ds.width();
                classes = ds.numClasses();
                out.println();
                out.printf(Locale.ROOT, "[%s] %,d images, shape %s uint8, %d classes%n", s.id(), ds.size(), shape,
                        classes);
                boolean listing = ds instanceof ImageFolderDataset || ds instanceof DecodedImages;
                out.println("  sha256 " + ds.sha256() + (listing ? "  (of the decode size, the file list and every file's bytes)" : ""));
                if (ds instanceof DecodedImages d) {
                    out.println("  cache  " + d.file());
                }
                for (SourceFile f : ds.sources()) {
                    out.printf(Locale.ROOT, "  file   %s  %,d bytes  sha256 %s%n", f.path(), f.bytes(), f.sha256());
                }
                out.printf(Locale.ROOT, "  %-20s %5s %10s %9s%n", "class", "label", "count", "fraction");
                int[] h = DataSummary.histogram(ds);
                for (int k = 0; k < h.length; k++) {
                    if (k == classes && h[k] == 0) {
                        continue;
                    }
                    String cn = k < classes ? ds.classNames().get(k) : "(unlabeled)";
                    out.printf(Locale.ROOT, "  %-20s %5d %,10d %9.4f%n", cn, k < classes ? k : -1, h[k],
                            ds.size() == 0 ? 0.0 : (double) h[k] / ds.size());
                }
                if (!(ds instanceof ImageFolderDataset)) {
                    out.println("  mean " + fmt(ds.mean()) + "  std " + fmt(ds.std()) + " (pixels / 255, per channel)");
                }
                summary.add(String.format(Locale.ROOT, "%s %,d", s.id(), ds.size()));
            }
            out.println();
            out.println(source.name() + ": " + String.join(", ", summary) + " images; " + classes + " classes; shape "
                    + shape);
            out.flush();
            return 0;
        }

        private static String fmt(float[] v) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < v.length; i++) {
                sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", v[i]));
            }
            return sb.append(']').toString();
        }
    }

    /** {@code ./coopt data cache NAME [--root DIR] [--size S] [--split SPLIT] [--max-gib G]}. */
    @Command(name = "cache", mixinStandardHelpOptions = true,
            description = "Decode every image of an image-folder dataset once, in parallel, into "
                    + "$COOPT_CACHE/decoded/<sha256>.npy (uint8 N x C x H x W); later loads memory-map it instead of "
                    + "decoding JPEGs. The key covers the decode size. The last line names the cache files.")
    static final class Cache implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", completionCandidates = DatasetNames.class,
                description = "an image-folder dataset: imagefolder, tiny-imagenet or imagenet")
        String name;

        @Option(names = "--root", paramLabel = "DIR", description = "folder holding the data (default: the "
                + "dataset's environment variable)")
        Path root;

        @Option(names = "--size", paramLabel = "S", defaultValue = "0",
                description = "decode to S x S pixels (default 0: the dataset's own size, 64 or 224)")
        int size;

        @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "all",
                description = "train, test or all (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--max-gib", paramLabel = "G", defaultValue = "16",
                description = "refuse caches larger than G GiB (default: ${DEFAULT-VALUE})")
        double maxGib;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (size < 0 || !(maxGib > 0)) {
                throw new UserInputException("--size must be >= 0 and --max-gib > 0, got " + size + " and " + maxGib);
            }
            DatasetSource source = Datasets.source(name);
            List<Split> splits = "all".equalsIgnoreCase(split) ? List.of(Split.TRAIN, Split.TEST)
                    : List.of(Split.parse(split));
            Path dir = Datasets.resolveRoot(source, root);
            List<String> done = new ArrayList<>();
            long total = 0;
            for (Split s : splits) {
                ImageDataset ds = source.load(s, dir, size);
                DecodedImages cached;
                String how;
                if (ds instanceof DecodedImages d) {
                    cached = d;
                    how = "already cached";
                } else if (ds instanceof ImageFolderDataset f) {
                    long t0 = System.nanoTime();
                    cached = DecodedImages.build(Datasets.cacheDir(), f, (long) (maxGib * (1L << 30)));
                    how = String.format(Locale.ROOT, "decoded in %.1f s", (System.nanoTime() - t0) / 1e9);
                } else {
                    throw new UserInputException(name + " is held in memory already; only image folders (imagefolder, "
                            + "tiny-imagenet, imagenet) are decoded on the fly and can be cached");
                }
                long bytes = DecodedImages.bytes(cached);
                total += bytes;
                err.printf(Locale.ROOT, "[data] %s %s: %,d images %dx%dx%d, %.2f GiB, %s%n", source.name(), s.id(),
                        cached.size(), cached.channels(), cached.height(), cached.width(), bytes / (double) (1L << 30), how);
                err.flush();
                done.add(s.id() + " " + cached.file());
            }
            out.println(String.format(Locale.ROOT, "%s cached (%.2f GiB): ", source.name(), total / (double) (1L << 30))
                    + String.join(", ", done));
            out.flush();
            return 0;
        }
    }

    /** The catalogue's names, for picocli's help and completion (never a copy of the list). */
    static final class DatasetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Datasets.names().iterator();
        }
    }

    /** {@code ./coopt data list}: every catalogue name and whether it is available here. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the dataset names and whether each is available on this machine.")
    static final class ListDatasets implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> here = new ArrayList<>();
            out.printf(Locale.ROOT, "%-14s %-9s %s%n", "name", "available", "location, or how to get it");
            for (String n : Datasets.names()) {
                DatasetSource s = Datasets.source(n);
                Path dir = s.defaultRoot();
                boolean ok = s.available(dir);
                if (ok) {
                    here.add(n);
                }
                String where = ok ? (dir == null ? "generated in memory" : dir.toString()) : s.installHint();
                out.printf(Locale.ROOT, "%-14s %-9s %s%n", n, ok ? "yes" : "no", where);
            }
            out.println(here.size() + " of " + Datasets.names().size() + " datasets available: " + String.join(", ", here));
            out.flush();
            return 0;
        }
    }
}
