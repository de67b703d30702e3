package org.coopt.workbench.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.coopt.workbench.util.Hashing;

/**
 * Images in class folders, {@code root/<split>/<class>/**.png|jpg|jpeg} (ImageNet's and
 * Tiny-ImageNet's training layout; nested folders below a class, such as Tiny-ImageNet's
 * {@code images/}, are searched too). {@link Split#TRAIN} reads {@code root/train}; {@link Split#TEST}
 * reads {@code root/test}, or {@code root/val} when there is no {@code test} folder. Labels are the
 * class folders' indices in sorted name order. Only the file list is held in memory: each image is
 * decoded with {@code javax.imageio} when its pixels are asked for, converted to RGB (or grey) and
 * resized to {@link ImageFolderOptions#size()} (bilinear; images already of that size are copied
 * exactly).
 *
 * <p>sha256 identifies the file list, not the pixels (hashing every ImageNet image would read it all):
 * SHA-256 of the lines "class/relative/path\tsizeInBytes\n" in sample order. mean/std are estimated on
 * first use from {@link ImageFolderOptions#statsSample()} images spread evenly over the split.
 */
public final class ImageFolderDataset implements ImageDataset {
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

    /** The split folder of {@code root} for {@code split}, or null when there is none. */
    public static Path splitDir(Path root, Split split) {
        List<String> names = split == Split.TRAIN ? List.of("train") : List.of("test", "val");
        for (String n : names) {
            Path d = root.resolve(n);
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        return null;
    }

    public static ImageFolderDataset open(Path root, Split split, ImageFolderOptions options) {
        if (root == null || !Files.isDirectory(root)) {
            throw new DatasetException("image folder " + root + " does not exist; pass --root DIR (or set "
                    + "COOPT_IMAGEFOLDER_DIR) to a folder laid out as DIR/train/<class>/*.png|jpg");
        }
        Path dir = splitDir(root, split);
        if (dir == null) {
            throw new DatasetException("image folder " + root + " has no " + (split == Split.TRAIN ? "train/" : "test/ or val/")
                    + " folder; lay it out as " + root + "/" + split.id() + "/<class>/*.png|jpg");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (classDirs.isEmpty()) {
            throw new DatasetException("image folder " + dir + " has no class folders; lay it out as " + dir
                    + "/<class>/*.png|jpg");
        }
        List<String> classes = new ArrayList<>();
        List<String> rel = new ArrayList<>();
        List<Integer> lab = new ArrayList<>();
        StringBuilder listing = new StringBuilder();
        for (Path cd : classDirs) {
            int label = classes.size();
            classes.add(cd.getFileName().toString());
            List<Path> imgs;
            try (Stream<Path> s = Files.walk(cd)) {
                imgs = s.filter(Files::isRegularFile).filter(ImageFolderDataset::isImage).sorted().toList();
            } catch (IOException e) {
                throw new DatasetException("cannot list " + cd + ": " + e.getMessage(), e);
            }
            for (Path p : imgs) {
                String r = dir.relativize(p).toString();
                rel.add(r);
                lab.add(label);
                try {
                    listing.append(r).append('\t').append(Files.size(p)).append('\n');
                } catch (IOException e) {
                    throw new DatasetException("cannot read " + p + ": " + e.getMessage(), e);
                }
            }
        }
        if (rel.isEmpty()) {
            throw new DatasetException("image folder " + dir + " holds no .png/.jpg/.jpeg images");
        }
        String sha = Hashing.sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
        return new ImageFolderDataset("imagefolder-" + root.getFileName() + "-" + split.id(), dir,
                rel.toArray(new String[0]), lab.stream().mapToInt(Integer::intValue).toArray(), classes, options, sha);
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
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

    /** Decodes sample i now: RGB planes (or grey), resized, C×H×W. */
    @Override
    public void pixels(int i, byte[] dst, int offset) {
        Path f = file(i);
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException e) {
            throw new DatasetException("cannot decode image " + f + ": " + e.getMessage() + "; replace or remove it", e);
        }
        if (img == null) {
            throw new DatasetException("cannot decode image " + f + ": not a PNG or JPEG javax.imageio can read; "
                    + "replace or remove it");
        }
        int s = options.size();
        boolean grey = img.getRaster().getNumBands() == 1 && img.getColorModel().getNumComponents() == 1;
        if (img.getWidth() != s || img.getHeight() != s) {
            BufferedImage r = new BufferedImage(s, s, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            Graphics2D g = r.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, s, s, null);
            g.dispose();
            img = r;
        }
        int plane = s * s;
        if (grey) {
            // Read the grey samples directly: getRGB would pass them through a colour-space conversion.
            Raster ras = img.getRaster();
            int bits = img.getColorModel().getComponentSize(0);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    int v = ras.getSample(x, y, 0);
                    if (bits > 8) {
                        v = v >> (bits - 8);
                    }
                    for (int c = 0; c < options.channels(); c++) {
                        dst[offset + c * plane + y * s + x] = (byte) v;
                    }
                }
            }
            return;
        }
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                int k = offset + y * s + x;
                if (options.channels() == 3) {
                    dst[k] = (byte) r;
                    dst[k + plane] = (byte) g;
                    dst[k + 2 * plane] = (byte) b;
                } else {
                    // ITU-R BT.601 luma: Y = 0.299 R + 0.587 G + 0.114 B
                    dst[k] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                }
            }
        }
    }

    private synchronized float[][] stats() {
        if (stats == null) {
            int k = Math.min(options.statsSample(), files.length);
            int[] idx = new int[k];
            for (int j = 0; j < k; j++) {
                idx[j] = (int) ((long) j * files.length / k);
            }
            byte[] px = ImageBatches.gather(this, idx);
            stats = ImageBatches.channelStats(px, k, channels(), height() * width());
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
