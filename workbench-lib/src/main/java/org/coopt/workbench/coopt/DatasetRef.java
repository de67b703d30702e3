package org.coopt.workbench.coopt;

import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.data.Datasets;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.data.Split;

/**
 * Names the dataset D that a platform optimises, so separate participant processes load the same data:
 * {@code name:split[:limit]}, e.g. {@code fashion-mnist:train} or {@code fashion-mnist:train:3000} (the first
 * 3000 samples). The platform records D's SHA-256; a participant whose copy differs is refused.
 *
 * @param name  catalogue name ({@link Datasets})
 * @param split train or test
 * @param limit first {@code limit} samples, or 0 for all
 */
public record DatasetRef(String name, String split, int limit) {
    public DatasetRef {
        if (name == null || name.isBlank()) {
            throw new UserInputException("dataset name must be set, e.g. fashion-mnist:train");
        }
        if (limit < 0) {
            throw new UserInputException("dataset limit must be >= 0, got " + limit);
        }
    }

    public static DatasetRef parse(String spec) {
        String[] p = spec.split(":");
        if (p.length < 1 || p.length > 3) {
            throw new UserInputException("dataset '" + spec + "' must be name[:split[:limit]], e.g. fashion-mnist:train:3000");
        }
        try {
            return new DatasetRef(p[0], p.length > 1 ? p[1] : "train", p.length > 2 ? Integer.parseInt(p[2]) : 0);
        } catch (NumberFormatException e) {
            throw new UserInputException("dataset limit '" + p[2] + "' in '" + spec + "' is not a whole number from 0 to "
                    + Integer.MAX_VALUE + "; give e.g. fashion-mnist:train:3000");
        }
    }

    /** Loads the data (a subset view of the first {@code limit} samples when a limit is set). */
    public ImageDataset load() {
        ImageDataset d = Datasets.load(name, Split.parse(split));
        if (limit > 0) {
            if (limit > d.size()) {
                throw new UserInputException("dataset limit " + limit + " is larger than " + name + " (" + d.size() + ")");
            }
            int[] idx = new int[limit];
            java.util.Arrays.setAll(idx, i -> i);
            d = d.subset(idx, d.name() + "-first" + limit);
        }
        return d;
    }

    @Override
    public String toString() {
        return name + ":" + split + (limit > 0 ? ":" + limit : "");
    }
}
